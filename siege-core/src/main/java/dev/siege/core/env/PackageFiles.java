package dev.siege.core.env;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Which files of a package's own tree ship in a bundle: what a package needs to load, never what
 * a package never needs and secrets often are ({@code .git}, {@code .ssh}, {@code .env*}, keys,
 * editor and OS files). Used for the project when it is itself a package and for developed
 * packages vendored into the bundle.
 */
public final class PackageFiles {
  /**
   * The directories of the project's own package that ship: its code ({@code src/}, loaded from
   * {@code src/<Name>.jl}, JULIA-FACTS §8), its extensions ({@code ext/}) and {@code deps/}
   * (a build script and what it writes, read at load time). Not {@code test/} or {@code docs/}.
   */
  public static final List<String> PROJECT_DIRS = List.of("src", "ext", "deps");

  private PackageFiles() {}

  /**
   * Whether a file or directory of this name is left out of every package tree SIEGE copies:
   * version-control data ({@code .git}, {@code .hg}, {@code .svn}), keys and credentials ({@code
   * .ssh}, {@code .gnupg}, {@code .env*}, {@code *.pem}, {@code *.key}, {@code id_rsa*}, {@code
   * id_ed25519*}, {@code id_ecdsa*}, {@code id_dsa*}, {@code .netrc}, {@code .git-credentials}),
   * and editor and OS files ({@code .DS_Store}, {@code Thumbs.db}, {@code *.swp}, {@code *.swo},
   * {@code *~}, {@code .idea}, {@code .vscode}).
   */
  public static boolean leftOut(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return switch (n) {
      case ".git", ".hg", ".svn", ".ssh", ".gnupg", ".netrc", ".git-credentials", ".ds_store", "thumbs.db",
          ".idea", ".vscode" -> true;
      default -> n.startsWith(".env") || n.endsWith(".pem") || n.endsWith(".key") || n.startsWith("id_rsa")
          || n.startsWith("id_ed25519") || n.startsWith("id_ecdsa") || n.startsWith("id_dsa")
          || n.endsWith(".swp") || n.endsWith(".swo") || n.endsWith("~");
    };
  }

  /**
   * Why the project in {@code dir} is not a package that can be loaded by name, or empty when it
   * is one: Pkg and PackageCompiler take a project for a package when Project.toml has {@code name}
   * and {@code uuid} ({@code ctx.env.pkg}, PackageCompiler v2.4.0 {@code create_sysimage}), and
   * Julia loads it from {@code src/<Name>.jl} (JULIA-FACTS §8).
   */
  public static Optional<String> notAPackage(ProjectFile project, Path dir) {
    if (project.name().isEmpty()) {
      return Optional.of(project.path().getFileName() + " has no name");
    }
    if (project.uuid().isEmpty()) {
      return Optional.of(project.path().getFileName() + " has no uuid");
    }
    String entry = "src/" + project.name().get() + ".jl";
    if (!Files.isRegularFile(dir.resolve(entry))) {
      return Optional.of("it has no " + entry);
    }
    return Optional.empty();
  }

  /**
   * Whether {@code dir} holds a package named {@code name} with {@code uuid}: its (Julia)Project.toml
   * says so. A developed package's directory that is not one (a home directory, say) is never copied.
   */
  public static Optional<String> notThePackage(Path dir, String name, UUID uuid) {
    ProjectFile project;
    try {
      project = ProjectFile.read(Environment.locateProject(dir));
    } catch (dev.siege.core.SiegeException e) {
      return Optional.of("it holds no readable Project.toml (" + e.getMessage() + ")");
    }
    if (!project.name().equals(Optional.of(name)) || !project.uuid().equals(Optional.of(uuid))) {
      return Optional.of("its Project.toml names " + project.name().map(PackageNames::quote).orElse("no package")
          + project.uuid().map(u -> " (" + u + ")").orElse("") + ", not " + name + " (" + uuid + ")");
    }
    return Optional.empty();
  }

  /**
   * The paths under {@code root} (relative, in walk order) that {@link #leftOut} drops: each
   * left-out directory once, not its contents.
   */
  public static List<String> leftOutUnder(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        if (!d.equals(root) && leftOut(d.getFileName().toString())) {
          out.add(root.relativize(d) + "/");
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        if (leftOut(f.getFileName().toString())) {
          out.add(root.relativize(f).toString());
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return out;
  }

  /** The regular files and links under {@code root} that ship (relative paths, sorted). */
  public static List<String> shipped(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        return !d.equals(root) && leftOut(d.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
            : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        if (!leftOut(f.getFileName().toString()) && (attrs.isRegularFile() || attrs.isSymbolicLink())) {
          out.add(root.relativize(f).toString());
        }
        return FileVisitResult.CONTINUE;
      }
    });
    out.sort(null);
    return out;
  }
}
