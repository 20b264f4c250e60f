package dev.siege.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackageNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"CSV", "DataFrames", "OpenSSL_jll", "_private", "x2", "Δ", "Kwant!", "ψ′", "Σx₁", "π", "∇f", "Ölwechsel", "a̧"})
  void juliaIdentifiersAreValidPackageNames(String name) {
    assertThat(PackageNames.problem(name)).isEmpty();
    assertThat(PackageNames.requireValid(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "../../x", "..", ".", "a/b", "a\\b", "CSV.jl", "\"); run(`rm -rf ~`); (\"", "a\nb", "a\0b", "a b",
      "", "1abc", "-x", "x-y", "x=y", "$x", "x'", "true", "false", "!x", "→x", "x→", "\u00a6x", "\ufffdx"})
  void everythingElseIsRefused_BaseIsidentifier(String name) {
    assertThat(PackageNames.problem(name)).isPresent();
    assertThatThrownBy(() -> PackageNames.requireValid(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid package name ");
  }

  @Test
  void juliaIsReservedAsPkgRefusesItAsAPackageName() {
    assertThat(PackageNames.isIdentifier("julia")).isTrue();
    assertThat(PackageNames.problem("julia")).hasValueSatisfying(p -> assertThat(p).contains("reserved"));
  }

  @Test
  void theProblemNamesTheOffendingCharacter() {
    assertThat(PackageNames.problem("../x")).contains("a Julia identifier cannot start with '.'");
    assertThat(PackageNames.problem("a\0b")).contains("a Julia identifier cannot contain '\\u{0}'");
    assertThat(PackageNames.problem("")).contains("it is empty");
  }

  @Test
  void quotingEscapesEverythingATerminalWouldInterpret() {
    assertThat(PackageNames.quote("a\nb\u001b[2J\"\\\0")).isEqualTo("\"a\\nb\\u{1b}[2J\\\"\\\\\\u{0}\"");
    assertThat(PackageNames.quote("Δ")).isEqualTo("\"Δ\"");
    assertThat(PackageNames.quote("a\u202eb")).isEqualTo("\"a\\u{202e}b\"");
  }
}
