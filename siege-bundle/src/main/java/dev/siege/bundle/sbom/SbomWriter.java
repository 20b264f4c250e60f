package dev.siege.bundle.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.siege.bundle.license.LicenseFile;
import dev.siege.bundle.meta.BundleMetadata;
import dev.siege.bundle.sbom.BundleInventory.ArtifactItem;
import dev.siege.bundle.sbom.BundleInventory.FileItem;
import dev.siege.bundle.sbom.BundleInventory.Origin;
import dev.siege.bundle.sbom.BundleInventory.PackageItem;
import dev.siege.core.SiegeVersion;
import dev.siege.core.env.ArtifactsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;
import org.cyclonedx.parsers.JsonParser;

/**
 * Writes a bundle's SBOM: CycloneDX 1.6 JSON made and validated by the CycloneDX library.
 *
 * <p>The same inventory gives the same bytes: components and dependencies are sorted, the serial
 * number is a name-based UUID of the build's fingerprint, and there is no timestamp (two builds
 * of the same inputs give the same SBOM; the build time is in the metadata and the report).
 *
 * <p>Julia packages get the purl spec's {@code julia} type ({@code pkg:julia/Name@version?uuid=...},
 * types/julia-definition.json of package-url/purl-spec, with {@code repository_url} only for a
 * registry other than General, the type's default). Artifacts have no purl type of their own:
 * they are named by their tree hash and download hashes instead.
 */
public final class SbomWriter {
  /** The CycloneDX version written. */
  public static final Version VERSION = Version.VERSION_16;
  /** The uuid of the General registry, purl's default repository for the julia type. */
  static final String GENERAL = "23338594-aafe-5451-b93e-139f81909106";
  private static final String PREFIX = "siege:";

  private SbomWriter() {}

  /** The SBOM's JSON text, validated against the CycloneDX 1.6 schema. */
  public static String write(BundleInventory inventory) {
    String json;
    try {
      json = BomGeneratorFactory.createJson(VERSION, bom(inventory)).toJsonString();
    } catch (GeneratorException e) {
      throw new IllegalStateException("the CycloneDX library could not write the SBOM", e);
    }
    List<String> problems = validate(json.getBytes(StandardCharsets.UTF_8));
    if (!problems.isEmpty()) {
      throw new IllegalStateException("the SBOM SIEGE made is not valid CycloneDX " + VERSION.getVersionString() + ": "
          + String.join("; ", problems));
    }
    return json.endsWith("\n") ? json : json + "\n";
  }

  /** The schema violations of an SBOM's bytes, empty when it is valid CycloneDX 1.6. */
  public static List<String> validate(byte[] json) {
    try {
      return new JsonParser().validate(json, VERSION).stream().map(ParseException::getMessage).sorted().toList();
    } catch (IOException e) {
      return List.of("not JSON: " + e.getMessage());
    }
  }

  static Bom bom(BundleInventory inv) {
    BundleMetadata meta = inv.metadata();
    Bom bom = new Bom();
    bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes(("siege-sbom:" + meta.fingerprint()).getBytes(StandardCharsets.UTF_8)));
    bom.setVersion(1);

    Metadata metadata = new Metadata();
    // The library stamps the current time: two builds of the same inputs must give the same bytes.
    metadata.setTimestamp(null);
    Component tool = new Component();
    tool.setType(Component.Type.APPLICATION);
    tool.setName("SIEGE");
    tool.setVersion(meta.siegeVersion());
    tool.setDescription("SysImage Exports for General Environments: offline Julia bundles");
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(tool));
    metadata.setToolChoice(tools);
    Component root = component(Component.Type.APPLICATION, "bundle", inv.name(), null);
    Map<String, String> rootProps = new TreeMap<>();
    rootProps.put("fingerprint", meta.fingerprint());
    rootProps.put("cpu-target", meta.sysimage().cpuTarget());
    // The machine the bundle is for; the build Julia's only when it was built for its own platform.
    BundleMetadata.Target target = meta.target();
    rootProps.put("platform", target.platform().isEmpty() ? meta.julia().triplet() : target.platform());
    rootProps.put("build-platform", meta.julia().triplet());
    target.tags().forEach((k, v) -> rootProps.put("platform-tag:" + k, v));
    if (!target.preferences().isEmpty()) {
      rootProps.put("preferences", String.join(", ", target.preferences()));
    }
    if (target.recorded()) {
      rootProps.put("check", target.check());
    }
    root.setProperties(properties(rootProps));
    metadata.setComponent(root);
    bom.setMetadata(metadata);

    List<Component> components = new ArrayList<>();
    List<Dependency> dependencies = new ArrayList<>();
    Component julia = component(Component.Type.PLATFORM, "julia", "julia", meta.julia().version().toString());
    Map<String, String> jp = new TreeMap<>();
    Optional<BundleMetadata.ShippedJulia> shipped = target.julia();
    if (shipped.isPresent()) {
      // The official Julia for the target that julia/ holds, not the build's own.
      julia.setVersion(shipped.get().version());
      jp.put("triplet", shipped.get().triplet());
      jp.put("archive-url", shipped.get().url());
      jp.put("archive-sha256", shipped.get().sha256());
      jp.put("signature", shipped.get().signature());
    } else {
      jp.put("commit", meta.julia().commit());
      jp.put("triplet", meta.julia().triplet());
    }
    julia.setProperties(properties(jp));
    inv.files().stream().filter(f -> f.role().equals("julia")).findFirst()
        .ifPresent(f -> julia.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, f.sha256()))));
    components.add(julia);

    Map<UUID, List<String>> owned = new java.util.HashMap<>();
    for (ArtifactItem a : inv.artifacts()) {
      a.ownerUuid().ifPresent(u -> owned.computeIfAbsent(u, k -> new ArrayList<>()).add(artifactRef(a)));
    }
    for (PackageItem p : inv.packages()) {
      components.add(packageComponent(p));
      Dependency d = new Dependency(packageRef(p.uuid()));
      List<String> refs = new ArrayList<>();
      p.deps().forEach(u -> refs.add(packageRef(u)));
      p.weakdeps().forEach(u -> refs.add(packageRef(u)));
      refs.addAll(owned.getOrDefault(p.uuid(), List.of()));
      refs.stream().distinct().sorted().forEach(r -> d.addDependency(new Dependency(r)));
      dependencies.add(d);
    }
    for (ArtifactItem a : inv.artifacts()) {
      components.add(artifactComponent(a));
    }
    for (FileItem f : inv.files()) {
      if (f.role().equals("julia")) {
        continue;
      }
      Component c = component(Component.Type.FILE, "file:" + f.path(), f.path(), null);
      c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, f.sha256())));
      c.setProperties(properties(Map.of("role", f.role(), "bytes", Long.toString(f.bytes()))));
      components.add(c);
    }
    components.sort(Comparator.comparing(Component::getBomRef));
    bom.setComponents(components);

    Dependency top = new Dependency("bundle");
    List<String> topRefs = new ArrayList<>();
    topRefs.add("julia");
    inv.direct().forEach(u -> topRefs.add(packageRef(u)));
    inv.files().stream().filter(f -> !f.role().equals("julia")).forEach(f -> topRefs.add("file:" + f.path()));
    topRefs.stream().distinct().sorted().forEach(r -> top.addDependency(new Dependency(r)));
    dependencies.add(top);
    dependencies.sort(Comparator.comparing(Dependency::getRef));
    bom.setDependencies(dependencies);
    return bom;
  }

  private static Component packageComponent(PackageItem p) {
    Component c = component(Component.Type.LIBRARY, packageRef(p.uuid()), p.name(), p.version().orElse(null));
    c.setPurl(purl(p));
    Map<String, String> props = new TreeMap<>();
    props.put("uuid", p.uuid().toString());
    props.put("origin", p.origin().name().toLowerCase(java.util.Locale.ROOT));
    p.treeSha1().ifPresent(t -> props.put("git-tree-sha1", t));
    p.registry().ifPresent(r -> props.put("registry", r.name()));
    p.dir().ifPresent(d -> props.put("path", d));
    props.put("in-sysimage", Boolean.toString(p.inSysimage()));
    if (p.origin() == Origin.STDLIB) {
      props.put("stdlib", "true");
    }
    c.setProperties(properties(props));
    p.repository().ifPresent(url -> {
      ExternalReference vcs = new ExternalReference();
      vcs.setType(ExternalReference.Type.VCS);
      vcs.setUrl(url);
      c.setExternalReferences(List.of(vcs));
    });
    c.setLicenses(licenses(p.licenses()));
    return c;
  }

  private static Component artifactComponent(ArtifactItem a) {
    Component c = component(Component.Type.LIBRARY, artifactRef(a), a.name().isEmpty() ? a.treeSha1() : a.name(), null);
    Map<String, String> props = new TreeMap<>();
    props.put("git-tree-sha1", a.treeSha1());
    props.put("path", a.dir());
    a.owner().ifPresent(o -> props.put("owner", o));
    c.setProperties(properties(props));
    List<ExternalReference> refs = new ArrayList<>();
    for (ArtifactsFile.Download d : a.downloads()) {
      ExternalReference r = new ExternalReference();
      r.setType(ExternalReference.Type.DISTRIBUTION);
      r.setUrl(d.url());
      r.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, d.sha256())));
      refs.add(r);
    }
    if (!refs.isEmpty()) {
      c.setExternalReferences(refs);
    }
    c.setLicenses(licenses(a.licenses()));
    return c;
  }

  private static LicenseChoice licenses(List<LicenseFile> files) {
    if (files.isEmpty()) {
      return null;
    }
    LicenseChoice choice = new LicenseChoice();
    for (LicenseFile f : files) {
      License l = new License();
      if (f.spdxIds().size() == 1) {
        l.setId(f.spdxIds().get(0));
      } else {
        // Several ids share this text, or none matched: a name says so without claiming one.
        l.setName(f.identified() ? f.describe() : "unidentified license text");
      }
      l.setProperties(properties(Map.of("license-file", f.path())));
      choice.addLicense(l);
    }
    return choice;
  }

  private static String purl(PackageItem p) {
    TreeMap<String, String> qualifiers = new TreeMap<>();
    qualifiers.put("uuid", p.uuid().toString());
    p.registry().filter(r -> !r.uuid().equals(GENERAL)).flatMap(BundleInventory.Registry::url)
        .ifPresent(u -> qualifiers.put("repository_url", u));
    try {
      return new PackageURL("julia", null, p.name(), p.version().orElse(null), qualifiers, null).canonicalize();
    } catch (MalformedPackageURLException e) {
      return null;
    }
  }

  private static Component component(Component.Type type, String ref, String name, String version) {
    Component c = new Component();
    c.setType(type);
    c.setBomRef(ref);
    c.setName(name);
    if (version != null) {
      c.setVersion(version);
    }
    return c;
  }

  private static List<Property> properties(Map<String, String> values) {
    List<Property> out = new ArrayList<>();
    new TreeMap<>(values).forEach((k, v) -> out.add(new Property(PREFIX + k, v)));
    return out;
  }

  static String packageRef(UUID uuid) {
    return "julia-package:" + uuid;
  }

  static String artifactRef(ArtifactItem a) {
    return "julia-artifact:" + a.treeSha1();
  }

}
