package dev.siege.bundle.pipeline;

import dev.siege.bundle.license.LicenseFile;
import dev.siege.bundle.report.ReportPage;
import dev.siege.bundle.sbom.BundleInventory;
import dev.siege.bundle.sbom.InventoryReader;
import dev.siege.bundle.sbom.SbomWriter;
import dev.siege.core.SiegeException;
import dev.siege.core.io.AtomicFiles;
import dev.siege.core.plan.BuildStep;
import dev.siege.core.plan.StepId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes what a security review reads: the SBOM ({@code sbom.cdx.json}) and the review page
 * ({@code report.html}), both from the staged bundle alone, before SHA256SUMS lists them. Warns
 * of each package that ships no license file and of license texts no SPDX id matched.
 */
final class ReviewStep implements PipelineStep {
  /** Unidentified license files named in the warning; the report lists them all. */
  static final int NAMED = 5;

  @Override
  public void run(BuildStep step, BuildState state) throws SiegeException {
    BundleInventory inventory = InventoryReader.read(state.plan.staging());
    // The page lists the license findings itself, one per line: the build's other warnings here.
    List<String> buildWarnings = state.warningTexts();
    List<String> missing = inventory.packagesWithoutLicense().stream().map(BundleInventory.PackageItem::name).toList();
    if (!missing.isEmpty()) {
      state.warn((missing.size() == 1 ? "package " : missing.size() + " packages ") + String.join(", ", missing)
          + (missing.size() == 1 ? " ships" : " ship") + " no license file (LICENSE*, COPYING*): under which terms"
          + " it may be used is not in the bundle");
    }
    List<LicenseFile> unidentified = inventory.unidentifiedLicenses();
    if (!unidentified.isEmpty()) {
      state.warn(unidentified.size() + " license file(s) match no SPDX license SIEGE compares with, and are listed"
          + " as unidentified in report.html and sbom.cdx.json: " + unidentified.stream().limit(NAMED)
              .map(LicenseFile::path).collect(Collectors.joining(", "))
          + (unidentified.size() > NAMED ? ", ..." : ""));
    }
    List<String> verification = new ArrayList<>();
    verification.add("SHA256SUMS and BUNDLE-TREE are written after this page: check the bundle against them with"
        + " 'siege verify', or 'sha256sum -c SHA256SUMS' in the bundle.");
    if (state.plan.step(StepId.SMOKE_TEST).runs()) {
      verification.add("The smoke test loaded every direct dependency offline through bin/julia, from a moved copy"
          + " of the bundle.");
    }
    if (state.plan.has(StepId.TARGET_CHECK) && state.plan.step(StepId.TARGET_CHECK).runs()) {
      verification.add("The bundle is for " + state.plan.target().triplet() + ": no package was loaded (the target's"
          + " Julia cannot run on the build machine); the target check found every manifest package and every artifact"
          + " the target selects in the depot.");
    }
    try {
      AtomicFiles.writeString(state.bundle.sbom(), SbomWriter.write(inventory));
      AtomicFiles.writeString(state.bundle.report(), ReportPage.render(inventory,
          new ReportPage.Verification(false, false, verification), buildWarnings));
    } catch (IOException e) {
      throw BuildState.io("write the SBOM and the review page", e);
    }
  }
}
