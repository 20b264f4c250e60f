package dev.siege.bundle.pipeline;

import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.checksum.TreeRecord;
import dev.siege.bundle.permissions.GroupAccess;
import dev.siege.bundle.permissions.GroupPermissions;
import dev.siege.core.SiegeException;
import dev.siege.core.layout.BundleLayout;
import dev.siege.core.plan.BuildStep;
import java.io.IOException;
import java.util.List;

/** Writes SHA256SUMS of every file, then makes the bundle readable by the group when asked. */
final class ChecksumsStep implements PipelineStep {

  @Override
  public void run(BuildStep step, BuildState state) throws SiegeException {
    try {
      Sha256Sums computed = Sha256Sums.compute(state.plan.staging(), List.of(BundleLayout.CHECKSUMS));
      computed.write(state.bundle.checksums());
      if (state.plan.options().group().isPresent()) {
        GroupPermissions.apply(state.plan.staging(), GroupAccess.of(state.plan.options().group().get()), state.listener);
      }
      state.sums = TreeRecord.writeBeside(state.plan.staging(), computed);
    } catch (IOException e) {
      throw BuildState.io("write SHA256SUMS", e);
    }
  }
}
