package dev.siege.core.plan;

import dev.siege.core.env.Environment;
import dev.siege.core.layout.OutputFiles;
import dev.siege.core.platform.JuliaInfo;
import dev.siege.core.platform.TargetPlatform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ordered steps of one build, with every path, variable and parameter resolved: what {@code
 * siege plan} prints and what {@code SiegeBuilder} executes.
 *
 * @param environment the project as read when the plan was made
 * @param staging the directory the bundle is built in before it is swapped into {@code output}
 * @param logs where the output of each Julia process is saved
 * @param toolDepot the depot holding PackageCompiler, outside the bundle
 * @param sysimagePackages the packages compiled into the sysimage (empty: no sysimage)
 * @param packageCompilerVersion the PackageCompiler version installed into the tool depot
 * @param target the platform the bundle is for, with the tags that choose its artifacts
 * @param foreignTarget whether {@code target} is another platform than the build Julia's (arch,
 *     OS, libc or call ABI differ): no sysimage, a target check instead of the smoke test
 * @param shippedJulia the official Julia for the target that {@code julia/} gets, for a bundle
 *     for another platform with {@code --include-julia}; empty otherwise (a host bundle with
 *     {@code --include-julia} copies the build's own Julia)
 */
public record BuildPlan(
    BuildOptions options,
    Environment environment,
    JuliaInfo julia,
    Path output,
    Path staging,
    Path logs,
    Path toolDepot,
    List<String> sysimagePackages,
    String packageCompilerVersion,
    Fingerprint fingerprint,
    List<BuildStep> steps,
    TargetPlatform target,
    boolean foreignTarget,
    Optional<ShippedJulia> shippedJulia) {

  public BuildPlan {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(julia, "julia");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(staging, "staging");
    Objects.requireNonNull(logs, "logs");
    Objects.requireNonNull(toolDepot, "toolDepot");
    sysimagePackages = List.copyOf(sysimagePackages);
    Objects.requireNonNull(packageCompilerVersion, "packageCompilerVersion");
    Objects.requireNonNull(fingerprint, "fingerprint");
    steps = List.copyOf(steps);
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(shippedJulia, "shippedJulia");
  }

  /** Whether the plan has a step {@code id}. */
  public boolean has(StepId id) {
    return steps.stream().anyMatch(s -> s.id() == id);
  }

  public BuildStep step(StepId id) {
    return steps.stream()
        .filter(s -> s.id() == id)
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no step " + id));
  }

  /** Version of the shape {@link #describe()} returns (the {@code format} key of its JSON). */
  public static final int DESCRIPTION_FORMAT = 2;

  /** The files this build creates beside its output. */
  public OutputFiles outputFiles() {
    return OutputFiles.of(output);
  }

  /** The plan as ordered maps, lists and strings: for JSON and for review. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", DESCRIPTION_FORMAT);
    m.put("project", options.projectDir().toString());
    m.put("output", output.toString());
    m.put("staging", staging.toString());
    m.put("logs", logs.toString());
    m.put("julia", julia.executable().toString());
    m.put("julia_version", julia.version().toString());
    m.put("arch", julia.arch());
    m.put("packagecompiler_version", packageCompilerVersion);
    m.put("tool_depot", toolDepot.toString());
    m.put("sysimage_packages", sysimagePackages);
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("platform", target.triplet());
    t.put("base", target.baseTriplet());
    t.put("tags", new TreeMap<>(target.tags()));
    t.put("foreign", foreignTarget);
    t.put("preferences", options.preferences().stream().map(Preference::spec).toList());
    shippedJulia.ifPresent(j -> t.put("julia", j.describe()));
    m.put("target", t);
    m.put("options", options.effective());
    m.put("fingerprint", fingerprint.hex());
    List<Map<String, Object>> list = new ArrayList<>();
    for (BuildStep s : steps) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("step", s.id().id());
      d.put("title", s.id().title());
      s.skipReason().ifPresent(r -> d.put("skipped", r));
      s.julia().ifPresent(j -> {
        d.put("script", j.script().fileName());
        if (!j.wrapper().isEmpty()) {
          d.put("wrapper", j.wrapper()); // the command line starts with it, then the executable
        }
        d.put("executable", j.executable().toString());
        d.put("work_dir", j.workDir().toString());
        d.put("env_set", new TreeMap<>(j.setEnv()));
        d.put("env_unset", j.unsetEnv());
        d.put("parameters", new TreeMap<>(j.parameters()));
        d.put("log", j.log().toString());
      });
      if (!s.inputs().isEmpty()) d.put("inputs", s.inputs());
      if (!s.outputs().isEmpty()) d.put("outputs", s.outputs());
      list.add(d);
    }
    m.put("steps", list);
    BuildStep sysimage = step(StepId.SYSIMAGE);
    m.put("launcher_environment", LauncherEnvironment.of(sysimage.runs(),
        String.valueOf(sysimage.parameters().getOrDefault("cpu_target", ""))));
    return m;
  }
}
