package dev.siege.cli;

import dev.siege.core.version.Version;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a Julia version option ({@code 1.10.4}); a bad value is a usage error. */
final class VersionConverter implements ITypeConverter<Version> {
  @Override
  public Version convert(String value) {
    try {
      return Version.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value + "' is not a Julia version (e.g. 1.10.4)");
    }
  }
}
