package dev.siege.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The catalogue of Julia projects the library's and the CLI's tests build: each a Project.toml and
 * a format 2.0 Manifest.toml, with the UUIDs of their packages. Bad inputs made from them are in
 * {@link BadInput}. (siege-core and siege-julia cannot depend on the testkit and keep their own.)
 */
public final class TestProjects {
  public static final String CSV = "336ed68f-0bac-5ca0-87d4-7b16caf5d00b";
  public static final String DATA_STRUCTURES = "864edb3b-99cc-5e75-8d2d-829cb0a9cfe8";
  public static final String OPEN_SPEC_FUN_JLL = "efe28fd5-8261-553b-a9e1-b2916fc3738e";
  public static final String JLL_WRAPPERS = "692b3bcd-3c85-4b1f-b108-f13ce0eb3210";
  public static final String PREFERENCES = "21216c6a-2e73-6563-6e65-726566657250";
  public static final String DATES = "ade2ca70-3891-5945-98fb-dc099432e06a";
  public static final String ARTIFACTS = "56f22d72-fd6d-98f1-02f0-08ddc0907c33";
  public static final String LIBDL = "8f399da3-3557-5675-b5ff-fb832c97cbdb";
  public static final String TOML = "fa267f1f-6049-4f14-aa54-33bafae1ed76";
  public static final String MKL_JLL = "856f044c-d86e-5d09-b602-aeab76dc8ba7";
  public static final String LINEAR_ALGEBRA = "37e2e46d-f89d-539d-b4ee-838fcccc9c8e";
  public static final String PARSERS = "69de0a69-1ddd-5017-9359-2bf0b02dc9f0";
  public static final String EXAMPLE_UUID = "7876af07-990d-54b4-ab0e-23690620f79a";
  public static final String CUDA_RUNTIME_JLL = "76a88914-d11a-5bdc-97e0-2f5a05c973a2";
  /** A registered package none of the projects has. */
  public static final String DATA_FRAMES = "a93c6f00-e57d-5684-b7b6-d8193f3e46c0";

  /** A project's two files; {@link #write} puts them into a directory. */
  public record Project(String projectToml, String manifestToml) {
    /** Writes Project.toml and Manifest.toml into {@code dir} (created if missing); returns {@code dir}. */
    public Path write(Path dir) throws IOException {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("Project.toml"), projectToml, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("Manifest.toml"), manifestToml, StandardCharsets.UTF_8);
      return dir;
    }

    /** The same Project.toml with another manifest. */
    public Project withManifest(String manifest) {
      return new Project(projectToml, manifest);
    }
  }

  /** The CSV_JLL project's direct dependencies, in Project.toml order. */
  public static final List<String> DIRECT_DEPS = List.of("CSV", "DataStructures", "Dates", "OpenSpecFun_jll");

  /** The CSV_JLL project's Project.toml: four deps (line 2: CSV), then [compat] (line 9: julia). */
  public static final String PROJECT = "[deps]\n"
      + "CSV = \"" + CSV + "\"\n"
      + "DataStructures = \"" + DATA_STRUCTURES + "\"\n"
      + "Dates = \"" + DATES + "\"\n"
      + "OpenSpecFun_jll = \"" + OPEN_SPEC_FUN_JLL + "\"\n"
      + "\n[compat]\nCSV = \"0.10\"\njulia = \"1.10\"\n";

  /**
   * Registered packages (CSV, DataStructures), a JLL with its wrappers (OpenSpecFun_jll,
   * JLLWrappers, Preferences) and stdlibs (Dates, Artifacts, Libdl, TOML), resolved with Julia 1.10.4.
   */
  public static final Project CSV_JLL = new Project(PROJECT, manifest("0.18.20"));

  /** CSV with its dependency Parsers, the MKL_jll binary package and the LinearAlgebra stdlib. */
  public static final Project CSV_MKL = new Project("""
      [deps]
      CSV = "336ed68f-0bac-5ca0-87d4-7b16caf5d00b"
      MKL_jll = "856f044c-d86e-5d09-b602-aeab76dc8ba7"
      LinearAlgebra = "37e2e46d-f89d-539d-b4ee-838fcccc9c8e"
      """, """
      julia_version = "1.10.4"
      manifest_format = "2.0"
      project_hash = "0000000000000000000000000000000000000000"

      [[deps.CSV]]
      deps = ["Parsers"]
      git-tree-sha1 = "6c834533dc1fabd820c1db03c839bf97e45a3fab"
      uuid = "336ed68f-0bac-5ca0-87d4-7b16caf5d00b"
      version = "0.10.14"

      [[deps.LinearAlgebra]]
      uuid = "37e2e46d-f89d-539d-b4ee-838fcccc9c8e"

      [[deps.MKL_jll]]
      git-tree-sha1 = "f046ccd0c6db2832a9f639e2c669c6fe867e5f4f"
      uuid = "856f044c-d86e-5d09-b602-aeab76dc8ba7"
      version = "2024.2.0+0"

      [[deps.Parsers]]
      git-tree-sha1 = "8489905bcdbcfac64d1daa51ca07c0d8f0283821"
      uuid = "69de0a69-1ddd-5017-9359-2bf0b02dc9f0"
      version = "2.8.1"
      """);

  /**
   * For bundles for another machine: Example, OpenSpecFun_jll (artifacts for x86_64 and aarch64
   * Linux, macOS, musl, Windows), MKL_jll (the same, lazy) and CUDA_Runtime_jll, which chooses its
   * artifacts with .pkg/select_artifacts.jl and .pkg/platform_augmentation.jl by the {@code cuda}
   * tag (variants none, 11.8, 12.4, 12.6; {@link FakeJuliaSettings#DEFAULT_HOOK_JLLS}).
   */
  public static final Project CROSS = new Project("[deps]\n"
      + "CUDA_Runtime_jll = \"" + CUDA_RUNTIME_JLL + "\"\n"
      + "Example = \"" + EXAMPLE_UUID + "\"\n"
      + "MKL_jll = \"" + MKL_JLL + "\"\n"
      + "OpenSpecFun_jll = \"" + OPEN_SPEC_FUN_JLL + "\"\n", """
      julia_version = "1.10.4"
      manifest_format = "2.0"
      project_hash = "0000000000000000000000000000000000000000"

      [[deps.CUDA_Runtime_jll]]
      git-tree-sha1 = "2c21bd0ce4c6c1a8d3d0f0e9b8c7a6f5e4d3c2b1"
      uuid = "76a88914-d11a-5bdc-97e0-2f5a05c973a2"
      version = "0.22.0+1"

      [[deps.Example]]
      git-tree-sha1 = "46e44e869b4d90b96bd8ed1fdcf32244fddfb6cc"
      uuid = "7876af07-990d-54b4-ab0e-23690620f79a"
      version = "0.5.3"

      [[deps.MKL_jll]]
      git-tree-sha1 = "f046ccd0c6db2832a9f639e2c669c6fe867e5f4f"
      uuid = "856f044c-d86e-5d09-b602-aeab76dc8ba7"
      version = "2024.2.0+0"

      [[deps.OpenSpecFun_jll]]
      git-tree-sha1 = "13652491f6856acfd2db29360e1bbcd4565d04f1"
      uuid = "efe28fd5-8261-553b-a9e1-b2916fc3738e"
      version = "0.5.5+0"
      """);

  /** One registered package, Example 0.5.3. */
  public static final Project EXAMPLE = new Project("[deps]\nExample = \"" + EXAMPLE_UUID + "\"\n", exampleManifest("1.10.4"));

  private TestProjects() {}

  /** {@link #EXAMPLE}'s manifest as resolved with Julia {@code juliaVersion}. */
  public static String exampleManifest(String juliaVersion) {
    return "julia_version = \"" + juliaVersion + "\"\nmanifest_format = \"2.0\"\n\n"
        + "[[deps.Example]]\ngit-tree-sha1 = \"46e44e869b4d90b96bd8ed1fdcf32244fddfb6cc\"\n"
        + "uuid = \"" + EXAMPLE_UUID + "\"\nversion = \"0.5.3\"\n";
  }

  /**
   * An executable {@code dir/julia-VERSION/bin/julia} that only exits 99: a Julia installation's
   * path for tests whose {@code FakeJuliaRunner} answers every call, so it is never started.
   */
  public static Path juliaThatNeverStarts(Path dir, String version) throws IOException {
    Path julia = Files.createDirectories(dir.resolve("julia-" + version + "/bin")).resolve("julia");
    Files.writeString(julia, "#!/bin/sh\nexit 99\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(julia, PosixFilePermissions.fromString("rwxr-xr-x"));
    return julia;
  }

  /** The CSV_JLL project's manifest, with DataStructures at {@code dataStructuresVersion}. */
  public static String manifest(String dataStructuresVersion) {
    return "# This file is machine-generated - editing it directly is not advised\n\n"
        + "julia_version = \"1.10.4\"\nmanifest_format = \"2.0\"\nproject_hash = \"" + sha1("project") + "\"\n"
        + entry("Artifacts", ARTIFACTS, null, null)
        + entry("CSV", CSV, "0.10.14", "DataStructures\", \"Dates")
        + entry("DataStructures", DATA_STRUCTURES, dataStructuresVersion, null)
        + entry("Dates", DATES, null, null)
        + entry("JLLWrappers", JLL_WRAPPERS, "1.5.0", "Artifacts\", \"Preferences")
        + entry("Libdl", LIBDL, null, null)
        + entry("OpenSpecFun_jll", OPEN_SPEC_FUN_JLL, "0.5.5+0", "Artifacts\", \"JLLWrappers\", \"Libdl")
        + entry("Preferences", PREFERENCES, "1.4.3", "TOML")
        + entry("TOML", TOML, null, null);
  }

  /** A registered package ({@code version} given) or a stdlib ({@code version} null). */
  private static String entry(String name, String uuid, String version, String deps) {
    StringBuilder sb = new StringBuilder("\n[[deps.").append(name).append("]]\n");
    if (deps != null) {
      sb.append("deps = [\"").append(deps).append("\"]\n");
    }
    if (version != null) {
      sb.append("git-tree-sha1 = \"").append(treeSha1(name, version)).append("\"\n");
    }
    sb.append("uuid = \"").append(uuid).append("\"\n");
    if (version != null) {
      sb.append("version = \"").append(version).append("\"\n");
    }
    return sb.toString();
  }

  /** A stable, made-up tree hash for a package version. */
  public static String treeSha1(String name, String version) {
    return sha1("tree:" + name + "@" + version);
  }

  /** The SHA-1 of {@code text}'s UTF-8 bytes, in hex. */
  public static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
