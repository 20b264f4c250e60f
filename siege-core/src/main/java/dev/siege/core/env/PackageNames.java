package dev.siege.core.env;

import java.util.Optional;

/**
 * What a Julia package name may be. Pkg refuses to add or develop a package whose name is not
 * {@code Base.isidentifier} ({@code check_package_name}, Pkg.jl src/API.jl, release-1.6 through
 * master e524989; {@code Pkg.generate} likewise, src/generate.jl) and refuses the name {@code
 * julia} (src/API.jl {@code add}/{@code develop}: "`julia` is not a valid package name"). A name
 * becomes a directory ({@code packages/<name>/}, {@code dev/<name>}, {@code src/<name>.jl}) and a
 * parameter of the Julia scripts, so anything else ({@code ../x}, quotes, newlines, NUL) is
 * refused before it gets there.
 *
 * <p>{@code Base.isidentifier} (julia base/show.jl): not empty, not {@code true}/{@code false}, a
 * first character for which {@code jl_id_start_char} holds and further ones for which {@code
 * jl_id_char} holds (julia master src/support/idchars.c; src/flisp/julia_extensions.c before).
 * Unicode categories come from Java's tables here and from utf8proc there; they differ only for
 * characters assigned in a newer Unicode version than the JDK knows.
 */
public final class PackageNames {
  private PackageNames() {}

  /** {@code Base.isidentifier(s)}. */
  public static boolean isIdentifier(String s) {
    return identifierProblem(s).isEmpty();
  }

  /** Why {@code name} is not a valid package name, or empty when it is one. */
  public static Optional<String> problem(String name) {
    if (name.equals("julia")) {
      return Optional.of("\"julia\" is reserved for Julia itself (Pkg refuses it as a package name)");
    }
    return identifierProblem(name);
  }

  /**
   * Returns {@code name} when it is a valid package name.
   *
   * @throws IllegalArgumentException otherwise: callers must refuse such names earlier, as the
   *     environment checks do
   */
  public static String requireValid(String name) {
    Optional<String> problem = problem(name);
    if (problem.isPresent()) {
      throw new IllegalArgumentException("invalid package name " + quote(name) + ": " + problem.get());
    }
    return name;
  }

  /**
   * {@code s} in double quotes with backslash, quote and every control or invisible character
   * escaped (a newline as backslash-n, NUL as backslash-u{0}, ...), so that a hostile name prints as one harmless line.
   */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                  int type = Character.getType(c);
                  if (type == Character.CONTROL
                      || type == Character.FORMAT
                      || type == Character.SURROGATE
                      || type == Character.UNASSIGNED
                      || type == Character.PRIVATE_USE
                      || type == Character.LINE_SEPARATOR
                      || type == Character.PARAGRAPH_SEPARATOR) {
                    sb.append(String.format("\\u{%x}", c));
                  } else {
                    sb.appendCodePoint(c);
                  }
                }
              }
            });
    return sb.append('"').toString();
  }

  private static Optional<String> identifierProblem(String s) {
    if (s.isEmpty()) {
      return Optional.of("it is empty");
    }
    if (s.equals("true") || s.equals("false")) {
      return Optional.of(s + " is a literal, not an identifier");
    }
    int first = s.codePointAt(0);
    if (!isIdStartChar(first)) {
      return Optional.of("a Julia identifier cannot start with " + describe(first));
    }
    for (int i = Character.charCount(first); i < s.length(); ) {
      int c = s.codePointAt(i);
      if (!isIdChar(c)) {
        return Optional.of("a Julia identifier cannot contain " + describe(c));
      }
      i += Character.charCount(c);
    }
    return Optional.empty();
  }

  private static String describe(int c) {
    String shown = quote(new String(Character.toChars(c)));
    return "'" + shown.substring(1, shown.length() - 1) + "'";
  }

  /** {@code jl_id_start_char}. */
  static boolean isIdStartChar(int c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_') {
      return true;
    }
    if (c < 0xA1 || c > 0x10ffff) {
      return false;
    }
    return c == 0x1f8b2 || isCatIdStart(c, Character.getType(c)); // "Rightwards Arrow with Lower Hook"
  }

  /** {@code jl_id_char}. */
  static boolean isIdChar(int c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9') || c == '!') {
      return true;
    }
    if (c < 0xA1 || c > 0x10ffff) {
      return false;
    }
    int cat = Character.getType(c);
    if (isCatIdStart(c, cat)) {
      return true;
    }
    return cat == Character.NON_SPACING_MARK
        || cat == Character.COMBINING_SPACING_MARK
        || cat == Character.DECIMAL_DIGIT_NUMBER
        || cat == Character.CONNECTOR_PUNCTUATION
        || cat == Character.MODIFIER_SYMBOL
        || cat == Character.ENCLOSING_MARK
        || cat == Character.OTHER_NUMBER
        || (c >= 0x2032 && c <= 0x2037) // primes
        || c == 0x2057
        || c == 0x1f8b2;
  }

  /** {@code is_wc_cat_id_start} of src/support/idchars.c. */
  private static boolean isCatIdStart(int wc, int cat) {
    return cat == Character.UPPERCASE_LETTER
        || cat == Character.LOWERCASE_LETTER
        || cat == Character.TITLECASE_LETTER
        || cat == Character.MODIFIER_LETTER
        || cat == Character.OTHER_LETTER
        || cat == Character.LETTER_NUMBER
        || cat == Character.CURRENCY_SYMBOL
        // other symbols, but not arrows or replacement characters
        || (cat == Character.OTHER_SYMBOL
            && !(wc >= 0x2190 && wc <= 0x21FF)
            && wc != 0xfffc
            && wc != 0xfffd
            && wc != 0x233f // notslash
            && wc != 0x00a6) // broken bar
        // math symbol (category Sm) allowlist
        || (wc >= 0x2140 && wc <= 0x2a1c
            && ((wc >= 0x2140 && wc <= 0x2144)
                || wc == 0x223f || wc == 0x22be || wc == 0x22bf
                || wc == 0x22a4 || wc == 0x22a5
                || (wc >= 0x2200 && wc <= 0x2233
                    && (wc == 0x2202 || wc == 0x2205 || wc == 0x2206
                        || wc == 0x2207 || wc == 0x220e || wc == 0x220f
                        || wc == 0x2200 || wc == 0x2203 || wc == 0x2204
                        || wc == 0x2210 || wc == 0x2211
                        || wc == 0x221e || wc == 0x221f
                        || wc >= 0x222b))
                || (wc >= 0x22c0 && wc <= 0x22c3)
                || (wc >= 0x25F8 && wc <= 0x25ff)
                || (wc >= 0x266f
                    && (wc == 0x266f || wc == 0x27d8 || wc == 0x27d9
                        || (wc >= 0x27c0 && wc <= 0x27c1)
                        || (wc >= 0x29b0 && wc <= 0x29b4)
                        || (wc >= 0x2a00 && wc <= 0x2a06)
                        || (wc >= 0x2a09 && wc <= 0x2a16)
                        || wc == 0x2a1b || wc == 0x2a1c))))
        // variants of \nabla and \partial
        || (wc >= 0x1d6c1
            && (wc == 0x1d6c1 || wc == 0x1d6db || wc == 0x1d6fb || wc == 0x1d715
                || wc == 0x1d735 || wc == 0x1d74f || wc == 0x1d76f || wc == 0x1d789
                || wc == 0x1d7a9 || wc == 0x1d7c3))
        // super- and subscript +-=()
        || (wc >= 0x207a && wc <= 0x207e)
        || (wc >= 0x208a && wc <= 0x208e)
        // angle symbols
        || (wc >= 0x2220 && wc <= 0x2222)
        || (wc >= 0x299b && wc <= 0x29af)
        // Other_ID_Start
        || wc == 0x2118 || wc == 0x212E
        || (wc >= 0x309B && wc <= 0x309C)
        // bold digits and double-struck digits
        || (wc >= 0x1D7CE && wc <= 0x1D7E1);
  }
}
