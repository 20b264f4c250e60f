# target_check.jl: for a bundle for another platform, what the smoke test cannot prove (the
# target's Julia cannot run on the build machine), checked with the build's Julia and without
# loading any package of the bundle (DESIGN.md pipeline step 9, replaced):
#   * every manifest package's directory is in some depot of DEPOT_PATH (the bundle depot first;
#     Pkg.dependencies() names each one's source, the stdlibs being Julia's own; a developed
#     package counts when its path exists on this machine), and
#   * every artifact the target platform selects is installed in the bundle depot: for each
#     package and the project, what select_downloadable_artifacts picks for it (lazy ones
#     included), and for a package with .pkg/select_artifacts.jl every entry matching the
#     target (siege_artifacts.jl, the same selection instantiate.jl installed).
# JULIA_PKG_OFFLINE is set: nothing is installed or downloaded here (JULIA-FACTS §3).
#
# Parameters (TOML file, path in ARGS[1]):
#   project                 the bundle's environment directory (holding Project.toml)
#   platform                the target's triplet with its tags
#   include_lazy_artifacts  whether lazy artifacts count (default true)
# Results:
#   packages          number of manifest packages whose directory was found
#   artifacts         number of selected artifacts found installed
#   target_platform   the platform checked, as Julia completed it (see siege_target_platform)

include(joinpath(@__DIR__, "siege_protocol.jl"))
include(joinpath(@__DIR__, "siege_artifacts.jl"))

const params = siege_parameters()
const project = abspath(siege_string(params, "project"))
const target = siege_string(params, "platform")
const include_lazy = siege_bool(params, "include_lazy_artifacts", true)
isempty(target) && siege_fail("parameter \"platform\" is empty")

import Pkg
const platform = siege_target_platform(target, true)
Pkg.activate(project)
const deps = Pkg.dependencies()

siege_progress(0, 2, "checking the packages of the manifest")
missing_packages = String[]
found_packages = 0
for (uuid, info) in deps
    src = info.source
    if src === nothing || isempty(src) || !isdir(src)
        push!(missing_packages, info.name)
    else
        global found_packages += 1
    end
end
isempty(missing_packages) ||
    siege_fail("the depot lacks these packages of the manifest: " * join(sort!(missing_packages), ", "))

siege_progress(1, 2, "checking the artifacts " * triplet(platform) * " selects")
const bundle_artifacts = joinpath(first(DEPOT_PATH), "artifacts")
missing_artifacts = String[]
found_artifacts = 0
for (dir, label) in siege_artifact_dirs(project, deps)
    toml = siege_artifacts_toml(dir)
    toml === nothing && continue
    hooked = isfile(joinpath(dir, ".pkg", "select_artifacts.jl"))
    for (name, meta) in siege_selected_artifacts(toml, hooked, platform, include_lazy)
        hash = meta["git-tree-sha1"]
        if isdir(joinpath(bundle_artifacts, hash))
            global found_artifacts += 1
        else
            push!(missing_artifacts, label * ": " * name * " (" * hash * ")")
        end
    end
end
isempty(missing_artifacts) ||
    siege_fail("the bundle depot lacks artifacts " * triplet(platform) * " selects: " * join(missing_artifacts, "; "))

siege_progress(2, 2, "done")
siege_result("packages", found_packages)
siege_result("artifacts", found_artifacts)
siege_result("target_platform", triplet(platform))
