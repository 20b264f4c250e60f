# tools.jl: installs PackageCompiler into SIEGE's tool environment, which lives OUTSIDE the
# bundle (DESIGN.md pipeline step 3): build-only tooling never lands in the shipped depot.
# The caller runs this with JULIA_DEPOT_PATH = the tool depot, JULIA_LOAD_PATH unset and
# JULIA_PKG_PRECOMPILE_AUTO=0, so Pkg.add does not precompile on its own (Pkg release-1.6 to
# release-1.12 `_auto_precompile`) before the one Pkg.precompile() below.
#
# Parameters (TOML file, path in ARGS[1]):
#   tool_project              directory of the tool environment (created if missing)
#   packagecompiler_version   exact PackageCompiler version to install, e.g. "2.4.0"; optional,
#                             empty or absent = the newest version the resolver allows for this
#                             Julia (PC 2.2+ needs Julia 1.10, earlier 2.x need 1.6; JULIA-FACTS §1)
# Results:
#   packagecompiler_version   the version now installed in tool_project
#   tool_project              the tool environment's directory (absolute)

include(joinpath(@__DIR__, "siege_protocol.jl"))

const params = siege_parameters()
const tool_project = abspath(siege_string(params, "tool_project"))
const pc_version = siege_string(params, "packagecompiler_version", "")

import Pkg

# PackageCompiler's registered UUID, so a same-named package elsewhere cannot be picked.
const PC_UUID = Base.UUID("9b87118b-4619-50d2-8e1e-99f35a4d4d9d")

mkpath(tool_project)
siege_progress(0, 3, "activating the tool environment")
Pkg.activate(tool_project)

function installed_pc_version()
    for (uuid, info) in Pkg.dependencies()
        uuid == PC_UUID && return info.version
    end
    return nothing
end

current = installed_pc_version()
if current !== nothing && (isempty(pc_version) || current == VersionNumber(pc_version))
    siege_progress(1, 3, "PackageCompiler $(current) already installed")
    Pkg.instantiate()
else
    siege_progress(1, 3, "installing PackageCompiler")
    spec = isempty(pc_version) ?
        Pkg.PackageSpec(name = "PackageCompiler", uuid = PC_UUID) :
        Pkg.PackageSpec(name = "PackageCompiler", uuid = PC_UUID, version = VersionNumber(pc_version))
    Pkg.add(spec)
end

siege_progress(2, 3, "precompiling PackageCompiler")
Pkg.precompile()

installed = installed_pc_version()
installed === nothing && siege_fail("PackageCompiler is not in the tool environment after installing it")
siege_progress(3, 3, "done")
siege_result("packagecompiler_version", string(installed))
siege_result("tool_project", tool_project)
