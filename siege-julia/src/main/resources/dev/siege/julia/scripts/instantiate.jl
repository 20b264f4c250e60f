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
# For a bundle for another platform (or this one with tags such as cuda+12.6), `platform` names
# it: Pkg.instantiate(; platform) installs the artifacts that platform selects, running
# .pkg/select_artifacts.jl hooks with its triplet (a keyword since Pkg release-1.6 src/API.jl;
# release-1.10 instantiate -> Operations.download_artifacts(ctx.env; platform) ->
# collect_artifacts, which passes `triplet(platform)` to the hook), and step 3 uses it too.
# Pkg cannot run a package's deps/build.jl for another platform, so a foreign one gets
# allow_build = false and each package with a build script is named. Anything in the bundle
# depot's artifacts/ that the platform does not select (the host's, when Pkg resolved a missing
# manifest through `up`, which installs for the host; or a previous bundle's, reused) is
# removed: the bundle ships only what its platform can use. Per Pkg version: release-1.6 runs no
# hook and installs only non-lazy best matches for `platform` (step 3 adds the rest);
# release-1.7 runs the hook without --project, so it sees the triplet's tags but not the
# project's preferences; release-1.8 on pass --project, so a hook also reads LocalPreferences.toml
# (src/Operations.jl collect_artifacts / gen_build_code(...; inherit_project=true)).
#
# Parameters (TOML file, path in ARGS[1]):
#   project                 the project directory (holding Project.toml)
#   include_lazy_artifacts  install lazy artifacts too (default true; step 3)
#   precompile              run Pkg.precompile() after the artifacts (default true; step 4)
#   platform                the target's triplet with its tags (default: this machine)
#   foreign_platform        whether that is another platform than this Julia's (default false)
# Results:
#   manifest_created      true when there was no Manifest and this run resolved one
#   packages              number of packages in the manifest
#   artifacts_toml_files  number of (Julia)Artifacts.toml files inspected
#   artifacts_ensured     number of artifacts (lazy or not) now installed for the platform
#   artifacts_removed     number of artifacts/ entries removed because the platform does not select them
#   target_platform       the platform's triplet as Julia completed it (see siege_target_platform)
#   build_scripts         number of packages with a deps/build.jl that did not run (another platform)

include(joinpath(@__DIR__, "siege_protocol.jl"))
include(joinpath(@__DIR__, "siege_artifacts.jl"))

const params = siege_parameters()
const project = abspath(siege_string(params, "project"))
const include_lazy = siege_bool(params, "include_lazy_artifacts", true)
const do_precompile = siege_bool(params, "precompile", true)
const target = siege_string(params, "platform", "")
const foreign = siege_bool(params, "foreign_platform", false)

# Base.project_names order (base/loading.jl): JuliaProject.toml before Project.toml.
const project_file = let names = filter(n -> isfile(joinpath(project, n)), ["JuliaProject.toml", "Project.toml"])
    isempty(names) && siege_fail("no Project.toml in " * repr(project))
    joinpath(project, first(names))
end

import Pkg
const platform = siege_target_platform(target, foreign)
# The tags given for the target (cuda, ...), not those this Julia adds (siege_target_platform).
const given_tags = isempty(target) ? Set{String}() : Set(keys(Base.BinaryPlatforms.tags(parse(Base.BinaryPlatforms.Platform, target))))

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
if isempty(target)
    Pkg.instantiate(; allow_autoprecomp = false)
else
    foreign && manifest_created &&
        siege_warning("there is no Manifest.toml: Pkg resolves it and installs for this machine (Pkg's `up`), " *
                      "running deps/build.jl scripts here; what is not for " * triplet(platform) * " is removed below")
    Pkg.instantiate(; allow_autoprecomp = false, platform = platform, allow_build = !foreign)
end

siege_progress(2, 4, include_lazy ? "installing artifacts, lazy ones included" : "checking artifacts")
const deps = Pkg.dependencies()

# Pkg cannot build a package for another platform: its deps/build.jl runs Julia code on this
# machine (Pkg release-1.10 src/Operations.jl build_versions), and what it makes (a deps.jl, a
# downloaded library) would be this machine's.
build_scripts = 0
if foreign
    for (uuid, info) in deps
        src = info.source
        (src === nothing || isempty(src)) && continue
        if isfile(joinpath(src, "deps", "build.jl"))
            global build_scripts += 1
            siege_warning(info.name * " has deps/build.jl, which Pkg cannot run for another platform: it did not " *
                          "run, so what it makes (often deps/deps.jl or a downloaded library) is missing; on the " *
                          "target, Pkg.build(\"" * info.name * "\") must run it, with whatever it needs there " *
                          "(often the network), and write into the package's directory")
        end
    end
end

toml_count = 0
ensured = 0
kept = Set{String}()
const dirs = siege_artifact_dirs(project, deps)
for (i, (dir, label)) in enumerate(dirs)
    toml = siege_artifacts_toml(dir)
    if toml !== nothing
        global toml_count += 1
        hooked = isfile(joinpath(dir, ".pkg", "select_artifacts.jl"))
        if hooked && isfile(joinpath(dir, ".pkg", "platform_augmentation.jl")) &&
           siege_augmentation_undecided(dir, label, given_tags, project)
            siege_warning(label * " chooses its artifacts on the machine it runs on " *
                          "(.pkg/platform_augmentation.jl, e.g. by the CUDA driver found): the bundle " *
                          "holds every variant for " * triplet(platform) * " and the secure machine loads " *
                          "the one it selects there" *
                          (foreign ? "" : ", but code compiled into the sysimage here was compiled with " *
                                          "the build server's choice") *
                          "; a platform tag (e.g. cuda) or a preference decides it")
        end
        unknown = siege_unknown_tag(toml, platform)
        if unknown !== nothing
            (key, value, values) = unknown
            siege_fail(label * " has no artifact for " * key * "=" * value * " on " * arch(platform) * "-" *
                       os(platform) * ": it has " * key * " " * join(values, ", ") * ". Give one of these")
        end
        selected = siege_selected_artifacts(toml, hooked, platform, include_lazy)
        if isempty(selected) && siege_platform_specific(toml)
            siege_warning(label * " has no artifact for " * triplet(platform) * " (its Artifacts.toml lists " *
                          "other platforms only): it will not load there")
        end
        for (artifact_name, meta) in selected
            Pkg.Artifacts.ensure_artifact_installed(artifact_name, meta, toml; platform = platform)
            push!(kept, meta["git-tree-sha1"])
            global ensured += 1
        end
    end
    siege_progress(i, length(dirs), "artifacts of " * label)
end

# Only what the platform selects stays in the bundle depot (DEPOT_PATH[1]): for a platform given,
# not for this machine's own builds, which keep what Pkg installed.
removed = 0
if !isempty(target)
    artifacts_dir = joinpath(first(DEPOT_PATH), "artifacts")
    if isdir(artifacts_dir)
        for entry in readdir(artifacts_dir)
            path = joinpath(artifacts_dir, entry)
            (isdir(path) && !islink(path) && occursin(r"^[0-9a-f]{40}$", entry)) || continue
            entry in kept && continue
            rm(path; recursive = true)
            global removed += 1
            println(stderr, "removed artifact ", entry, ": ", triplet(platform), " does not select it")
        end
    end
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
siege_result("artifacts_removed", removed)
siege_result("target_platform", triplet(platform))
siege_result("build_scripts", build_scripts)
