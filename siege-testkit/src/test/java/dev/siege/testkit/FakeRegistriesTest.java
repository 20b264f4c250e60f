package dev.siege.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.siege.core.plan.JuliaScript;
import dev.siege.julia.EnvChanges;
import dev.siege.julia.JuliaCall;
import dev.siege.julia.JuliaException;
import dev.siege.core.event.SiegeListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake registries.jl, and instantiate's registry check, behave as Pkg does. */
class FakeRegistriesTest {
  static final UUID EXAMPLE = UUID.fromString("7876af07-990d-54b4-ab0e-23690620f79a");
  static final UUID PRIVATE = UUID.fromString("a3e3c3b1-1111-4222-8333-444455556666");
  static final UUID ACME = UUID.fromString("0b6b6a8a-0000-4000-8000-000000000001");

  @TempDir Path tmp;
  final FakeJuliaRunner runner = new FakeJuliaRunner();
  Path project;
  Path depot;

  @BeforeEach
  void setUp() throws Exception {
    project = Files.createDirectories(tmp.resolve("env"));
    depot = tmp.resolve("depot");
    Files.writeString(project.resolve("Project.toml"),
        "[deps]\nExample = \"" + EXAMPLE + "\"\nPrivate = \"" + PRIVATE + "\"\n");
    Files.writeString(project.resolve("Manifest.toml"), """
        julia_version = "1.9.4"
        manifest_format = "2.0"

        [[deps.Example]]
        git-tree-sha1 = "46e44e869b4d90b96bd8ed1fdcf32244fddfb6cc"
        uuid = "%s"
        version = "0.5.3"

        [[deps.Private]]
        git-tree-sha1 = "1111111111111111111111111111111111111111"
        registries = "Acme"
        uuid = "%s"
        version = "1.0.0"
        """.formatted(EXAMPLE, PRIVATE));
  }

  private void run(JuliaScript script, Map<String, Object> params) throws Exception {
    EnvChanges env = EnvChanges.builder().set("JULIA_DEPOT_PATH", depot.toString()).unset("JULIA_LOAD_PATH").build();
    runner.run(new JuliaCall(script, params, List.of(), env, tmp, Duration.ofMinutes(1), null), SiegeListener.NONE);
  }

  private void instantiate() throws Exception {
    run(JuliaScript.INSTANTIATE, Map.of("project", project.toString(), "include_lazy_artifacts", true));
  }

  private void registries(List<String> urls, boolean resolve) throws Exception {
    run(JuliaScript.REGISTRIES, Map.of("project", project.toString(), "registry_urls", urls, "resolve", resolve));
  }

  @Test
  void instantiateFailsWithPkgsMessageForAPackageOfARegistryNotInTheDepot() {
    JuliaException e = catchThrowableOfType(JuliaException.class, this::instantiate);
    // Pkg release-1.10 src/Operations.jl check_registered, with err_rep's `Name [uuid8]`.
    assertThat(e.getMessage()).contains("expected package `Private [a3e3c3b1]` to be registered");
    assertThat(depot.resolve("registries/General/Registry.toml")).exists();
    assertThat(depot.resolve("packages/Private")).doesNotExist();
  }

  @Test
  void aRegistryClonedByUrlMakesInstantiatePassAndTheCloneKeepsTheUrlAsGiven() throws Exception {
    Path acme = FakeRegistry.write(tmp.resolve("served/Acme"), "Acme", ACME, Map.of("Private", PRIVATE));
    String url = "https://ci:s3cret@git.example.com" + acme;

    registries(List.of(url), false);
    instantiate();

    assertThat(depot.resolve("registries/Acme/Registry.toml")).exists();
    assertThat(Files.readString(depot.resolve("registries/Acme/.git/config"))).contains("s3cret");
    assertThat(depot.resolve("registries/General/Registry.toml")).exists();
    assertThat(depot.resolve("packages/Private")).isDirectory();
  }

  @Test
  void withAnyRegistryPresentInstantiateNoLongerInstallsGeneral() throws Exception {
    FakeRegistry.write(depot.resolve("registries/Acme"), "Acme", ACME, Map.of("Private", PRIVATE));

    JuliaException e = catchThrowableOfType(JuliaException.class, this::instantiate);

    assertThat(e.getMessage()).contains("expected package `Example [7876af07]` to be registered");
    assertThat(depot.resolve("registries/General")).doesNotExist();
  }

  @Test
  void anUnreachableUrlFailsAsPkgsClone() {
    JuliaException e = catchThrowableOfType(JuliaException.class,
        () -> registries(List.of("https://git.example.com/nowhere/Acme.git"), false));
    assertThat(e.getMessage()).contains("failed to clone from https://git.example.com/nowhere/Acme.git");
  }

  @Test
  void resolveRewritesJuliaVersionWithThisJuliaAfterCheckingRegistration() throws Exception {
    JuliaException e = catchThrowableOfType(JuliaException.class, () -> registries(List.of(), true));
    assertThat(e.getMessage()).contains("expected package `Private [a3e3c3b1]` to be registered");

    FakeRegistry.write(depot.resolve("registries/Acme"), "Acme", ACME, Map.of("Private", PRIVATE));
    registries(List.of(), true);

    assertThat(Files.readString(project.resolve("Manifest.toml")))
        .contains("julia_version = \"" + FakeJuliaSettings.DEFAULT_VERSION + "\"").contains("registries = \"Acme\"");
  }
}
