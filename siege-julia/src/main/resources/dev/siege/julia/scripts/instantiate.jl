# instantiate.jl: makes the project's bundle depot complete for an offline machine
# (DESIGN.md pipeline step 4). The caller sets JULIA_DEPOT_PATH (bundle depot first),
# JULIA_PROJECT (the bundle's env) and unsets JULIA_LOAD_PATH (JULIA-FACTS §0, §3).
#
#   1. No Manifest? Pkg.instantiate resolves one, so the resolved Manifest is what ships.
#   2. Pkg.instantiate(); Pkg.precompile().
#   3. Install the LAZY artifacts too, which instantiate skips (JULIA-FACTS §5), for every
#      manifest package and for the project itself, with the recipe PackageCompiler uses
#      (JULIA-FACTS §5 (a), §2): select_downloadable_artifacts(...; include_lazy=true) +
#      ensure_artifact_installed. Otherwise a JLL such as MKL_jll downloads on first load on
#      the secure machine, which fails offline (JULIA-FACTS §6, PC #639).
#
# Parameters (TOML file, path in ARGS[1]):
#   project                 the project directory (holding Project.toml)
#   include_lazy_artifacts  install lazy artifacts too (default true; step 3 below)
# Results:
#   manifest_created      true when there was no Manifest and this run resolved one
#   packages              number of packages in the manifest
#   artifacts_toml_files  number of (Julia)Artifacts.toml files inspected
#   artifacts_ensured     number of artifacts (lazy or not) now installed for this platform

include(joinpath(@__DIR__, "siege_protocol.jl"))

const params = siege_parameters()
const project = abspath(siege_string(params, "project"))
const include_lazy = siege_bool(params, "include_lazy_artifacts", true)
isfile(joinpath(project, "Project.toml")) || isfile(joinpath(project, "JuliaProject.toml")) ||
    siege_fail("no Project.toml in " * repr(project))

import Pkg
using Base.BinaryPlatforms: HostPlatform

Pkg.activate(project)

# Manifest names Julia looks for, including the versioned ones of Julia ≥ 1.10.8/1.11
# (JULIA-FACTS §4).
function has_manifest(dir)
    v = "v$(VERSION.major).$(VERSION.minor)"
    names = ("JuliaManifest-$v.toml", "Manifest-$v.toml", "JuliaManifest.toml", "Manifest.toml")
    return any(n -> isfile(joinpath(dir, n)), names)
end

const manifest_created = !has_manifest(project)

# Without a Manifest, instantiate installs the default registries and then resolves and writes
# the Manifest itself. Pkg.resolve() must not come first: on Julia 1.7+ it never installs a
# registry, and this bundle depot is new, so it would fail with "expected package ... to be
# registered" (Pkg API.jl resolve -> up(...; update_registry=false)).
siege_progress(1, 4, manifest_created ? "resolving and instantiating (no Manifest.toml)" : "instantiating")
Pkg.instantiate()

siege_progress(2, 4, "precompiling")
Pkg.precompile()

siege_progress(3, 4, include_lazy ? "installing artifacts, lazy ones included" : "checking artifacts")
const platform = HostPlatform()
const deps = Pkg.dependencies()

# Directories whose Artifacts.toml may name artifacts: every non-stdlib manifest package, and
# the project itself. Stdlib JLLs use the libraries shipped with Julia, so they are skipped.
function artifact_dirs()
    dirs = Tuple{String,Union{Nothing,Base.UUID},String}[(project, nothing, "the project")]
    stdlib = normpath(Sys.STDLIB)
    for (uuid, info) in deps
        src = info.source
        (src === nothing || isempty(src)) && continue
        startswith(normpath(src), stdlib) && continue
        push!(dirs, (String(src), uuid, info.name))
    end
    return dirs
end

toml_count = 0
ensured = 0
const dirs = artifact_dirs()
for (i, (dir, uuid, label)) in enumerate(dirs)
    # A package with .pkg/select_artifacts.jl chooses its artifacts with code (e.g. CUDA
    # versions): Pkg.instantiate already installed what it chose, lazy ones included, and
    # select_downloadable_artifacts would pick an arbitrary one of its entries (JULIA-FACTS §2).
    if isfile(joinpath(dir, ".pkg", "select_artifacts.jl"))
        siege_progress(i, length(dirs), "artifacts of " * label * " (selected by the package)")
        continue
    end
    for name in ("Artifacts.toml", "JuliaArtifacts.toml")
        toml = joinpath(dir, name)
        isfile(toml) || continue
        global toml_count += 1
        arts = Pkg.Artifacts.select_downloadable_artifacts(
            String(toml); platform = platform, include_lazy = include_lazy, pkg_uuid = uuid)
        for (artifact_name, meta) in arts
            Pkg.Artifacts.ensure_artifact_installed(artifact_name, meta, String(toml); platform = platform)
            global ensured += 1
        end
    end
    siege_progress(i, length(dirs), "artifacts of " * label)
end

siege_progress(4, 4, "done")
siege_result("manifest_created", manifest_created)
siege_result("packages", length(deps))
siege_result("artifacts_toml_files", toml_count)
siege_result("artifacts_ensured", ensured)
