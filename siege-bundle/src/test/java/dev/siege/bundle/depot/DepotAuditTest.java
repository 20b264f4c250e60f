package dev.siege.bundle.depot;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.siege.core.check.Diagnostic;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DepotAuditTest {
  private static final PackageDir EXAMPLE = new PackageDir("Example", "AbCdE");
  FileSystem fs;
  Path depot;

  @BeforeEach
  void setUp() throws Exception {
    fs = Jimfs.newFileSystem(Configuration.unix());
    depot = Files.createDirectories(fs.getPath("/bundle/depot"));
  }

  @AfterEach
  void tearDown() throws Exception {
    fs.close();
  }

  private void file(String rel) throws Exception {
    Path p = depot.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "x");
  }

  @Test
  void aDepotHoldingExactlyTheManifestsPackagesHasNoFindings() throws Exception {
    file("packages/Example/AbCdE/Project.toml");

    assertThat(DepotAudit.audit(depot, List.of(EXAMPLE), false)).isEmpty();
  }

  @Test
  void aStrayFileInPackagesIsUnexpected() throws Exception {
    file("packages/Example/AbCdE/Project.toml");
    file("packages/README");

    assertThat(DepotAudit.audit(depot, List.of(EXAMPLE), false))
        .extracting(d -> d.code() + " " + d.file())
        .containsExactly("depot-unexpected-package /bundle/depot/packages/README");
  }

  @Test
  void auditAcceptsTheOlderFourCharacterSlug() throws Exception {
    file("packages/Example/AbCd/Project.toml");

    assertThat(DepotAudit.audit(depot, List.of(EXAMPLE), false)).isEmpty();
  }

  @Test
  void auditReportsMissingPackagesAndMissingDevAsErrors() throws Exception {
    Files.createDirectories(depot.resolve("packages"));

    List<Diagnostic> findings = DepotAudit.audit(depot, List.of(EXAMPLE), true);

    assertThat(findings).extracting(Diagnostic::code).containsExactly("depot-missing-dev", "depot-missing-package");
    assertThat(findings).allMatch(Diagnostic::isError);
    assertThat(findings.get(1).message()).contains("Example");
  }

}
