package dev.siege.bundle.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.bundle.verify.BundleVerifier;
import dev.siege.core.SiegeException;
import dev.siege.core.event.SiegeEvent;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.plan.JuliaScript;
import dev.siege.testkit.FakeJuliaRunner;
import dev.siege.testkit.FakeJuliaSettings;
import dev.siege.testkit.FakeRegistry;
import dev.siege.testkit.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 items 1, 2 and 9, issue 9 item 8: registries, --resolve, the project's package, vendored packages. */
class RegistriesAndPackagesBuildTest {
  static final UUID EXAMPLE = UUID.fromString("7876af07-990d-54b4-ab0e-23690620f79a");
  static final UUID PRIVATE = UUID.fromString("a3e3c3b1-1111-4222-8333-444455556666");
  static final UUID ACME = UUID.fromString("0b6b6a8a-0000-4000-8000-000000000001");
  static final UUID APP = UUID.fromString("8f0e6c3a-1111-4222-8333-444455556666");
  /** {@link TestProjects#EXAMPLE}'s manifest, resolved with Julia %s, and Private from the Acme registry. */
  static final String MANIFEST = TestProjects.exampleManifest("%s") + """

      [[deps.Private]]
      git-tree-sha1 = "1111111111111111111111111111111111111111"
      registries = "Acme"
      uuid = "a3e3c3b1-1111-4222-8333-444455556666"
      version = "1.0.0"
      """;

  @TempDir Path tmp;
  Path project;
  Path output;
  Path julia;
  FakeJuliaRunner fake;
  final List<SiegeEvent> events = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() throws Exception {
    project = Files.createDirectories(tmp.resolve("env"));
    Files.writeString(project.resolve("Project.toml"),
        "[deps]\nExample = \"" + EXAMPLE + "\"\nPrivate = \"" + PRIVATE + "\"\n");
    Files.writeString(project.resolve("Manifest.toml"), MANIFEST.formatted("1.10.4"));
    output = tmp.resolve("build");
    julia = TestProjects.juliaThatNeverStarts(tmp, "1.10.4");
    fake = new FakeJuliaRunner(FakeJuliaSettings.defaults().withBindir(julia.getParent().toString()));
  }

  private SiegeBuilder builder() {
    return SiegeBuilder.forProject(project).output(output);
  }

  private BuildContext context() {
    return SiegeBuilderTest.fakeContext(tmp, julia, fake, Map.of("HOME", tmp.resolve("home").toString()))
        .workingDirectory(tmp)
        .addListener(events::add);
  }

  private List<String> messages() {
    synchronized (events) {
      return events.stream().filter(e -> e instanceof SiegeEvent.Message).map(e -> ((SiegeEvent.Message) e).text()).toList();
    }
  }

  private static List<String> files(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p).toString()).toList();
    }
  }

  @Test
  void aPackageOfAnotherRegistryFailsAsPkgDoesUntilThatRegistryIsGiven() throws Exception {
    assertThatThrownBy(() -> builder().build(context())).isInstanceOf(SiegeException.class)
        .hasMessageContaining("expected package `Private [a3e3c3b1]` to be registered");
    assertThat(output).doesNotExist();

    Path acme = FakeRegistry.write(tmp.resolve("registries/Acme"), "Acme", ACME, Map.of("Private", PRIVATE));
    Files.createDirectories(acme.resolve(".git"));
    Files.writeString(acme.resolve(".git/config"), "[remote \"origin\"]\n\turl = https://ci:s3cret@git.example.com/Acme\n");
    builder().registry("registries/Acme").build(context());

    BundleLayout b = BundleLayout.at(output);
    assertThat(b.depot().resolve("registries/Acme/Registry.toml")).exists();
    assertThat(b.depot().resolve("registries/Acme/.git")).doesNotExist();
    assertThat(b.depot().resolve("registries/General/Registry.toml")).exists();
    BundleMetadata meta = BundleMetadata.read(b.metadata());
    assertThat(meta.options().registries()).containsExactly("path:Acme");
    assertThat(meta.registries()).extracting(BundleMetadata.Registry::name).containsExactly("Acme", "General");
    assertThat(meta.inputs()).containsKeys("option.registries", "registry.path:Acme");
    assertThat(new BundleVerifier(e -> {}).verify(output).isClean()).isTrue();
  }

  @Test
  void aRegistryByUrlIsClonedButItsCredentialsNeverReachTheBundle() throws Exception {
    Path acme = FakeRegistry.write(tmp.resolve("served/Acme"), "Acme", ACME, Map.of("Private", PRIVATE));
    String url = "https://ci:s3cret@git.example.com" + acme;

    builder().registry(url).build(context());

    assertThat(fake.calls(JuliaScript.REGISTRIES).get(0).parameters().get("registry_urls")).isEqualTo(List.of(url));
    BundleLayout b = BundleLayout.at(output);
    assertThat(b.depot().resolve("registries/Acme/.git")).doesNotExist();
    try (Stream<Path> s = Files.walk(output)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain("s3cret");
      }
    }
    assertThat(BundleMetadata.read(b.metadata()).options().registries())
        .containsExactly("https://git.example.com" + acme);
  }

  @Test
  void aRegistryNameIsTakenFromTheUsersDepot() throws Exception {
    FakeRegistry.write(tmp.resolve("home/.julia/registries/Acme"), "Acme", ACME, Map.of("Private", PRIVATE));
    builder().registry("Acme").build(context());
    assertThat(BundleLayout.at(output).depot().resolve("registries/Acme/Registry.toml")).exists();

    assertThatThrownBy(() -> builder().registry("Nowhere").force(true).build(context())).isInstanceOf(SiegeException.class)
        .hasMessageContaining("Nowhere: no registry of that name in " + tmp.resolve("home/.julia/registries"));
    assertThatThrownBy(() -> builder().registry("./env").force(true).build(context())).isInstanceOf(SiegeException.class)
        .hasMessageContaining("holds no Registry.toml");
  }

  @Test
  void aManifestOfAnotherJuliaMinorIsRefusedUnlessResolveReResolvesIt() throws Exception {
    FakeRegistry.write(tmp.resolve("home/.julia/registries/Acme"), "Acme", ACME, Map.of("Private", PRIVATE));
    Files.writeString(project.resolve("Manifest.toml"), MANIFEST.formatted("1.9.4"));

    assertThatThrownBy(() -> builder().registry("Acme").build(context())).isInstanceOf(EnvironmentException.class)
        .hasMessageContaining("resolved with Julia 1.9.4");
    assertThat(fake.count(JuliaScript.INSTANTIATE)).isZero();

    builder().registry("Acme").resolve(true).build(context());

    Path shipped = BundleLayout.at(output).env().resolve("Manifest.toml");
    assertThat(shipped).content().contains("julia_version = \"1.10.4\"");
    assertThat(project.resolve("Manifest.toml")).content().contains("julia_version = \"1.9.4\"");
    assertThat(messages()).anyMatch(m -> m.contains("re-resolved the manifest with Julia 1.10.4"));
    assertThat(BundleMetadata.read(BundleLayout.at(output).metadata()).options().resolve()).isTrue();
    assertThat(builder().registry("Acme").resolve(true).build(context()).upToDate()).isTrue();
    assertThatThrownBy(() -> builder().registry("Acme").build(context())).isInstanceOf(EnvironmentException.class);
  }

  private void makeProjectAPackage() throws Exception {
    FakeRegistry.write(tmp.resolve("home/.julia/registries/Acme"), "Acme", ACME, Map.of("Private", PRIVATE));
    Files.writeString(project.resolve("Project.toml"), "name = \"App\"\nuuid = \"" + APP + "\"\nversion = \"0.1.0\"\n"
        + Files.readString(project.resolve("Project.toml")));
    Files.createDirectories(project.resolve("src/internal"));
    Files.writeString(project.resolve("src/App.jl"), "module App\nusing Example\ninclude(\"internal/x.jl\")\nend\n");
    Files.writeString(project.resolve("src/internal/x.jl"), "f() = 1\n");
    Files.writeString(project.resolve("src/.env"), "API_TOKEN=s3cret\n");
    Files.writeString(project.resolve("src/App.jl~"), "old\n");
    Files.createDirectories(project.resolve("ext"));
    Files.writeString(project.resolve("ext/AppPlotsExt.jl"), "module AppPlotsExt end\n");
    Files.createDirectories(project.resolve("test"));
    Files.writeString(project.resolve("test/runtests.jl"), "using App\n");
    Files.createDirectories(project.resolve("docs"));
    Files.writeString(project.resolve("docs/make.jl"), "# docs\n");
    Files.createDirectories(project.resolve(".git"));
    Files.writeString(project.resolve(".git/config"), "[core]\n");
  }

  @Test
  void aProjectThatIsAPackageShipsItsCodeAndCanBeInTheSysimage() throws Exception {
    makeProjectAPackage();

    builder().registry("Acme").packages(List.of("App", "Example")).build(context());

    Path env = BundleLayout.at(output).env();
    assertThat(env.resolve("src/App.jl")).exists();
    assertThat(env.resolve("src/internal/x.jl")).exists();
    assertThat(env.resolve("ext/AppPlotsExt.jl")).exists();
    assertThat(files(env)).noneMatch(f -> f.startsWith("test") || f.startsWith("docs") || f.contains(".git")
        || f.endsWith(".env") || f.endsWith("~"));
    assertThat(fake.calls(JuliaScript.SYSIMAGE).get(0).parameters().get("packages")).isEqualTo(List.of("App", "Example"));
    assertThat(messages()).anyMatch(m -> m.startsWith("left out of the project's package App: ")
        && m.contains("src/.env") && m.contains("src/App.jl~"));
    assertThat(BundleMetadata.read(BundleLayout.at(output).metadata()).sysimage().packages()).contains("App");
  }

  @Test
  void theProjectsOwnNameInPackagesNeedsItsEntryFile() throws Exception {
    makeProjectAPackage();
    Files.delete(project.resolve("src/App.jl"));

    assertThatThrownBy(() -> builder().registry("Acme").packages(List.of("App")).build(context()))
        .isInstanceOf(SiegeException.class)
        .hasMessageContaining("names the project itself, App, but the project is not a package: it has no src/App.jl");
    assertThat(fake.count(JuliaScript.INSTANTIATE)).isZero();
  }

  private Path developed(String manifestPath) throws Exception {
    FakeRegistry.write(tmp.resolve("home/.julia/registries/Acme"), "Acme", ACME, Map.of("Private", PRIVATE));
    UUID tool = UUID.fromString("11111111-2222-3333-4444-555555555555");
    Files.writeString(project.resolve("Project.toml"), Files.readString(project.resolve("Project.toml"))
        + "MyTool = \"" + tool + "\"\n");
    Files.writeString(project.resolve("Manifest.toml"), MANIFEST.formatted("1.10.4")
        + "\n[[deps.MyTool]]\npath = \"" + manifestPath + "\"\nuuid = \"" + tool + "\"\nversion = \"0.1.0\"\n");
    return tool.toString().isEmpty() ? null : project.resolve(manifestPath).normalize();
  }

  @Test
  void vendorDevCopiesOnlyADirectoryThatIsThePackageAndLeavesSecretsOut() throws Exception {
    Path home = developed("../home");
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/id_rsa"), "PRIVATE KEY");
    Files.writeString(home.resolve("notes.txt"), "hi");

    assertThatThrownBy(() -> builder().registry("Acme").vendorDev(true).build(context())).isInstanceOf(SiegeException.class)
        .hasMessageContaining("developed package MyTool is at").hasMessageContaining("no readable Project.toml");
    assertThat(output).doesNotExist();

    Files.writeString(home.resolve("Project.toml"), "name = \"MyTool\"\nuuid = \"11111111-2222-3333-4444-555555555555\"\n");
    Files.createDirectories(home.resolve("src"));
    Files.writeString(home.resolve("src/MyTool.jl"), "module MyTool end\n");
    Files.writeString(home.resolve(".env.production"), "DB_PASSWORD=x\n");
    Files.writeString(home.resolve("server.pem"), "CERT\n");
    Files.writeString(home.resolve(".DS_Store"), "junk\n");
    builder().registry("Acme").vendorDev(true).build(context());

    Path vendored = BundleLayout.at(output).env().resolve("dev/MyTool");
    assertThat(vendored.resolve("src/MyTool.jl")).exists();
    assertThat(files(vendored)).noneMatch(f -> f.contains(".ssh") || f.contains("id_rsa") || f.contains(".env")
        || f.endsWith(".pem") || f.contains(".DS_Store"));
    assertThat(messages()).anyMatch(m -> m.startsWith("left out of developed package MyTool") && m.contains(".ssh/")
        && m.contains(".env.production") && m.contains("server.pem"));
  }

  @Test
  void aLinkInsideTheProjectToAPackageOutsideItNeedsVendorDev() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("elsewhere/MyTool"));
    Files.writeString(outside.resolve("Project.toml"), "name = \"MyTool\"\nuuid = \"11111111-2222-3333-4444-555555555555\"\n");
    Files.createDirectories(outside.resolve("src"));
    Files.writeString(outside.resolve("src/MyTool.jl"), "module MyTool end\n");
    Files.createDirectories(project.resolve("dev"));
    Files.createSymbolicLink(project.resolve("dev/MyTool"), outside);
    developed("dev/MyTool");

    SiegeException e = org.assertj.core.api.Assertions.catchThrowableOfType(SiegeException.class,
        () -> builder().registry("Acme").build(context()));
    assertThat(e.getMessage()).contains("lives outside the project");

    builder().registry("Acme").vendorDev(true).build(context());
    Path env = BundleLayout.at(output).env();
    assertThat(env.resolve("dev/MyTool/src/MyTool.jl")).isRegularFile();
    assertThat(Files.isSymbolicLink(env.resolve("dev/MyTool"))).isFalse();
  }
}
