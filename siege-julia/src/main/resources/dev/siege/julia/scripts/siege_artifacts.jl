# siege_artifacts.jl: which artifacts a platform selects, shared by instantiate.jl (which installs
# them) and target_check.jl (which checks they are installed). Included after siege_protocol.jl;
# defines functions only. Reads no parameters and writes no results of its own.

import Artifacts
using Base.BinaryPlatforms: Platform, HostPlatform, platforms_match, triplet, arch, os, tags

# The platform a bundle is for. Without a triplet: this machine (HostPlatform()). With one: that
# triplet as Base.BinaryPlatforms parses it (its tags included, e.g. cuda+12.6), and, where the
# triplet does not say, the ABI tags of this Julia, which the official Julia of the same version
# has on every platform (the same CompilerSupportLibraries_jll: libgfortran_version,
# cxxstring_abi) and julia_version (the bundle's manifest is resolved for this version).
# libstdcxx_version describes the machine's libstdc++ and is kept only for this machine's own
# platform (foreign = false). HostPlatform(p) then compares os_version and libstdcxx_version as
# caps (an artifact built for an older OS or libstdc++ suits), as BinaryBuilder's generated
# select_artifacts.jl does with the triplet Pkg passes it (julia
# base/binaryplatforms.jl HostPlatform(p::AbstractPlatform); Pkg release-1.10 src/Operations.jl
# collect_artifacts passes `triplet(platform)`).
function siege_target_platform(target::AbstractString, foreign::Bool)
    isempty(target) && return HostPlatform()
    p = try
        parse(Platform, String(target))
    catch err
        siege_fail("not a platform Julia knows: " * repr(target) * " (" * sprint(showerror, err) * ")")
    end
    host = HostPlatform()
    inherited = foreign ? ("libgfortran_version", "cxxstring_abi", "julia_version") :
                          ("libgfortran_version", "cxxstring_abi", "libstdcxx_version", "julia_version")
    for key in inherited
        if !haskey(p, key) && haskey(host, key)
            p[key] = host[key]
        end
    end
    return HostPlatform(p)
end

# Directories whose Artifacts.toml may name artifacts: every non-stdlib manifest package (from
# Pkg.dependencies()), and the project itself. Stdlib JLLs use the libraries shipped with Julia,
# so they are skipped.
function siege_artifact_dirs(project::AbstractString, deps)
    dirs = Tuple{String,String}[(String(project), "the project")]
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
function siege_artifacts_toml(dir::AbstractString)
    for name in Artifacts.artifact_names
        toml = joinpath(dir, name)
        isfile(toml) && return toml
    end
    return nothing
end

# Every entry of `toml` an artifact"..." lookup on `platform` can resolve to, by name and
# tree hash. Without a hook that is what select_downloadable_artifacts picks (the Artifacts
# stdlib: Pkg 1.6's Pkg.Artifacts does not re-export it, JULIA-FACTS §8). With
# .pkg/select_artifacts.jl the package chooses by code, from a platform its
# .pkg/platform_augmentation.jl extends with tags of the machine it runs on (a CUDA driver, an
# MPI library): the build server's choice says nothing about the secure machine's, so every
# entry matching `platform` is installed (platforms_match treats tags only one side has as
# wildcards, base/binaryplatforms.jl). A tag given for the target (cuda+12.6) therefore narrows
# it to that variant. What Pkg itself installs per version: release-1.6 download_artifacts
# knows no hooks and installs only the non-lazy best match; release-1.7 to release-1.11 run the
# hook (collect_artifacts), whose own include_lazy decides about lazy ones (BinaryBuilder's
# generated hooks pass true, hand-written ones may not); release-1.12 has
# collect_artifacts(...; include_lazy) but still takes the hook's output as it is.
function siege_selected_artifacts(toml, hooked::Bool, platform, include_lazy::Bool)
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

# Whether a package with .pkg/platform_augmentation.jl is left to decide on the machine it runs
# on: the tags a given tag can decide are those its augment_platform! sets only when the platform
# lacks them (`if !haskey(platform, "cuda")`; CUDA_Runtime_jll sets cuda_local and cuda_platform
# whatever it has), else every tag it sets (`platform["cuda"] = ...`); it is decided when every
# one of them was given for the target, or when the project's preferences file
# (JuliaLocalPreferences.toml, else LocalPreferences.toml, as Base reads them) has a table for it
# (CUDA_Runtime_jll reads its `version` preference there; its .pkg/platform_augmentation.jl
# cuda_toolkit_tag). The same rule as SIEGE's own check (dev.siege.core.check.PlatformChecks).
function siege_augmentation_undecided(dir::AbstractString, name::AbstractString, given_tags, project::AbstractString)
    text = read(joinpath(dir, ".pkg", "platform_augmentation.jl"), String)
    sets = Set(m.captures[1] for m in eachmatch(r"platform\[\"([A-Za-z0-9_.]+)\"\]\s*=", text))
    guarded = intersect(Set(m.captures[1] for m in eachmatch(r"haskey\(\s*platform\s*,\s*\"([A-Za-z0-9_.]+)\"\s*\)", text)), sets)
    decidable = isempty(guarded) ? sets : guarded
    !isempty(decidable) && all(t -> t in given_tags, decidable) && return false
    for file in ("JuliaLocalPreferences.toml", "LocalPreferences.toml")
        path = joinpath(project, file)
        isfile(path) || continue
        return !(get(siege_parsefile(path), name, nothing) isa AbstractDict)
    end
    return true
end

# Tags that describe the platform's ABI or Julia rather than a choice such as `cuda`: an artifact's
# value for them is compared by a strategy (versions as caps, julia_version by major.minor), not
# by equality, so a given value need not be one an entry spells out.
const SIEGE_ABI_TAGS = ("libc", "call_abi", "os_version", "libgfortran_version", "libstdcxx_version",
                        "cxxstring_abi", "julia_version")

# A tag given for the platform (cuda+99.0) that `toml` knows for the platform's arch and OS but
# with other values only: nothing of that artifact would be installed, silently. Returns
# (key, given value, the values its entries have), or nothing when every given tag is fine.
# CUDA_Runtime_jll's augment_platform! logs an error and falls back to "none" for an unknown
# version (its .pkg/platform_augmentation.jl cuda_toolkit_tag), so this is what the user meant
# to ask for but the JLL does not have.
function siege_unknown_tag(toml, platform)
    given = tags(platform)
    for key in keys(given)
        key in SIEGE_ABI_TAGS && continue
        values = Set{String}()
        for (name, entries) in Artifacts.load_artifacts_toml(toml)
            entries isa AbstractVector || continue
            for meta in entries
                meta isa AbstractDict || continue
                (get(meta, "arch", nothing) == arch(platform) && get(meta, "os", nothing) == os(platform)) || continue
                v = get(meta, key, nothing)
                v isa AbstractString && push!(values, v)
            end
        end
        (isempty(values) || given[key] in values) && continue
        return (key, given[key], sort!(collect(values)))
    end
    return nothing
end

# Whether `toml` lists artifacts per platform (entries with os and arch), so that a platform
# none of them matches gets nothing of it.
function siege_platform_specific(toml)
    for (name, entries) in Artifacts.load_artifacts_toml(toml)
        entries isa AbstractVector || continue
        any(m -> m isa AbstractDict && haskey(m, "os") && haskey(m, "arch"), entries) && return true
    end
    return false
end
