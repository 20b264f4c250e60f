# instantiate.jl: makes the project's bundle depot complete for an offline machine
# (DESIGN.md pipeline step 4). The caller sets JULIA_DEPOT_PATH (bundle depot first),
# JULIA_PROJECT (the bundle's env), JULIA_PKG_PRECOMPILE_AUTO=0 and unsets JULIA_LOAD_PATH
# (JULIA-FACTS §0, §3).
#
#   1. No Manifest? Pkg.instantiate resolves one, so the resolved Manifest is what ships.
#   2. Pkg.instantiate(), which installs the packages and the artifacts Pkg itself selects.
#   3. Install every artifact the secure machine can ask for, which instantiate skips
#      (JULIA-FACTS §5, §8), for every manifest package and for the project itself: the lazy
#      ones, and for a package that selects its artifacts with code (.pkg/select_artifacts.jl),
#      every variant for this platform. Otherwise a JLL such as MKL_jll downloads on first load
#      on the secure machine, which fails offline (JULIA-FACTS §6, PC #639).
#   4. Precompile, once, after the artifacts are in place, and only when asked: when a sysimage
#      is built, PackageCompiler precompiles the project itself (build_sysimage.jl).
#
# Parameters (TOML file, path in ARGS[1]):
#   project                 the project directory (holding Project.toml)
#   include_lazy_artifacts  install lazy artifacts too (default true; step 3)
#   precompile              run Pkg.precompile() after the artifacts (default true; step 4)
# Results:
#   manifest_created      true when there was no Manifest and this run resolved one
#   packages              number of packages in the manifest
#   artifacts_toml_files  number of (Julia)Artifacts.toml files inspected
#   artifacts_ensured     number of artifacts (lazy or not) now installed for this platform

include(joinpath(@__DIR__, "siege_protocol.jl"))

const params = siege_parameters()
const project = abspath(siege_string(params, "project"))
const include_lazy = siege_bool(params, "include_lazy_artifacts", true)
const do_precompile = siege_bool(params, "precompile", true)

# Base.project_names order (base/loading.jl): JuliaProject.toml before Project.toml.
const project_file = let names = filter(n -> isfile(joinpath(project, n)), ["JuliaProject.toml", "Project.toml"])
    isempty(names) && siege_fail("no Project.toml in " * repr(project))
    joinpath(project, first(names))
end

import Pkg
# The Artifacts stdlib (Julia 1.6+) rather than Pkg.Artifacts: Pkg 1.6's module does not
# re-export select_downloadable_artifacts (JULIA-FACTS §8; PC v2.1.24 calls it from Artifacts).
import Artifacts
using Base.BinaryPlatforms: HostPlatform, platforms_match

Pkg.activate(project)

# The manifest Julia uses for this project, as base/loading.jl project_file_manifest_path does
# (release-1.6 to master): the file named by the project's `manifest` key when it exists, else
# the first of Base.manifest_names, including the versioned names of Julia >= 1.10.8/1.11
# (JULIA-FACTS §4).
function has_manifest(project_file)
    dir = dirname(project_file)
    explicit = get(siege_parsefile(project_file), "manifest", nothing)
    explicit isa AbstractString && isfile(normpath(joinpath(dir, explicit))) && return true
    v = "v$(VERSION.major).$(VERSION.minor)"
    names = ("JuliaManifest-$v.toml", "Manifest-$v.toml", "JuliaManifest.toml", "Manifest.toml")
    return any(n -> isfile(joinpath(dir, n)), names)
end

const manifest_created = !has_manifest(project_file)

# Without a Manifest, instantiate installs the default registries and then resolves and writes
# the Manifest itself. Pkg.resolve() must not come first: on Julia 1.7+ it never installs a
# registry, and this bundle depot is new, so it would fail with "expected package ... to be
# registered" (Pkg API.jl resolve -> up(...; update_registry=false)). allow_autoprecomp=false
# (a keyword since Pkg release-1.6 src/API.jl) as JULIA_PKG_PRECOMPILE_AUTO=0 does: precompiling
# here would come before the lazy artifacts are installed, and again in PackageCompiler.
siege_progress(1, 4, manifest_created ? "resolving and instantiating (no Manifest.toml)" : "instantiating")
Pkg.instantiate(; allow_autoprecomp = false)

siege_progress(2, 4, include_lazy ? "installing artifacts, lazy ones included" : "checking artifacts")
const platform = HostPlatform()
const deps = Pkg.dependencies()

# Directories whose Artifacts.toml may name artifacts: every non-stdlib manifest package, and
# the project itself. Stdlib JLLs use the libraries shipped with Julia, so they are skipped.
function artifact_dirs()
    dirs = Tuple{String,String}[(project, "the project")]
    stdlib = normpath(Sys.STDLIB)
    for (uuid, info) in deps
        src = info.source
        (src === nothing || isempty(src)) && continue
        startswith(normpath(src), stdlib) && continue
        push!(dirs, (String(src), info.name))
    end
    return dirs
end

# Julia reads the FIRST of Artifacts.artifact_names that exists ("JuliaArtifacts.toml", then
# "Artifacts.toml"; the Artifacts stdlib's find_artifacts_toml, and Pkg's collect_artifacts /
# download_artifacts `break` after it, release-1.6 to release-1.12 src/Operations.jl).
function artifacts_toml(dir)
    for name in Artifacts.artifact_names
        toml = joinpath(dir, name)
        isfile(toml) && return toml
    end
    return nothing
end

# Every entry of `toml` an artifact"..." lookup on this platform can resolve to, by name and
# tree hash. Without a hook that is what select_downloadable_artifacts picks. With
# .pkg/select_artifacts.jl the package chooses by code, from a platform its
# .pkg/platform_augmentation.jl extends with tags of the machine it runs on (a CUDA driver, an
# MPI library): the build server's choice says nothing about the secure machine's, so every
# entry matching this platform is installed (platforms_match treats tags only one side has as
# wildcards, base/binaryplatforms.jl). What Pkg itself installs per version: release-1.6
# download_artifacts knows no hooks and installs only the non-lazy best match; release-1.7 to
# release-1.11 run the hook (collect_artifacts), whose own include_lazy decides about lazy ones
# (BinaryBuilder's generated hooks pass true, hand-written ones may not); release-1.12 has
# collect_artifacts(...; include_lazy) but still takes the hook's output as it is.
function selected_artifacts(toml, hooked::Bool)
    if !hooked
        return Artifacts.select_downloadable_artifacts(toml; platform = platform, include_lazy = include_lazy)
    end
    selected = Pair{String,Dict{String,Any}}[]
    for (name, entries) in Artifacts.load_artifacts_toml(toml)
        for meta in (entries isa AbstractVector ? entries : [entries])
            meta isa AbstractDict || continue
            haskey(meta, "download") || continue            # cannot be installed (JULIA-FACTS §5)
            get(meta, "lazy", false) === true && !include_lazy && continue
            if entries isa AbstractVector                   # a platform-specific entry
                (haskey(meta, "os") && haskey(meta, "arch")) || continue
                platforms_match(Artifacts.unpack_platform(meta, name, toml), platform) || continue
            end
            push!(selected, name => meta)
        end
    end
    return selected
end

toml_count = 0
ensured = 0
const dirs = artifact_dirs()
for (i, (dir, label)) in enumerate(dirs)
    toml = artifacts_toml(dir)
    if toml !== nothing
        global toml_count += 1
        hooked = isfile(joinpath(dir, ".pkg", "select_artifacts.jl"))
        if hooked && isfile(joinpath(dir, ".pkg", "platform_augmentation.jl"))
            siege_warning(label * " chooses its artifacts on the machine it runs on " *
                          "(.pkg/platform_augmentation.jl, e.g. by the CUDA driver found): the bundle " *
                          "holds every variant for this platform, but code compiled into the sysimage " *
                          "or load-time choices made on the build server may not suit the secure machine")
        end
        for (artifact_name, meta) in selected_artifacts(toml, hooked)
            Pkg.Artifacts.ensure_artifact_installed(artifact_name, meta, toml; platform = platform)
            global ensured += 1
        end
    end
    siege_progress(i, length(dirs), "artifacts of " * label)
end

if do_precompile
    siege_progress(3, 4, "precompiling")
    Pkg.precompile()
end

siege_progress(4, 4, "done")
siege_result("manifest_created", manifest_created)
siege_result("packages", length(deps))
siege_result("artifacts_toml_files", toml_count)
siege_result("artifacts_ensured", ensured)
