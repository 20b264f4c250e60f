# registries.jl: installs registries into the bundle depot before instantiate, and re-resolves
# the manifest with this Julia when asked. The caller sets JULIA_DEPOT_PATH (bundle depot
# first), JULIA_PROJECT (the bundle's env, already copied) and unsets JULIA_LOAD_PATH
# (JULIA-FACTS §0, §3). SIEGE has already copied local registries (directories, names found in
# the user's depots) into <depot>/registries, leaving out their .git.
#
#   1. Pkg.Registry.add(RegistrySpec(url = ...)) for each registry given by URL (a git clone;
#      Pkg release-1.6 src/Types.jl clone_or_cp_registries, release-1.12
#      src/Registry/Registry.jl download_registries). One already installed is left alone.
#   2. Pkg.Registry.add() installs the default registries (General) unless installed: with any
#      registry present, Pkg.instantiate would no longer install them itself
#      (download_default_registries(; only_if_empty = true), release-1.12
#      src/Registry/Registry.jl), and packages of General would then fail with "expected package
#      X to be registered" (JULIA-FACTS §8 "Registries").
#   3. resolve: Pkg.resolve() on the staged environment, which writes its manifest with this
#      Julia's julia_version. Pkg.instantiate never re-resolves a manifest of another minor
#      version, it only warns (check_warn_manifest_julia_version_compat, release-1.10
#      src/manifest.jl; JULIA-FACTS §8 "A different Julia minor"). Pkg.resolve installs no
#      registry itself (release-1.10 src/API.jl: resolve -> up(...; update_registry=false)),
#      hence steps 1-2 first.
#
# Parameters (TOML file, path in ARGS[1]):
#   project         the staged project directory (holding Project.toml)
#   registry_urls   git URLs of registries to add (may hold credentials: never printed here)
#   resolve         re-resolve the manifest (default false)
# Results:
#   registries      number of registries in DEPOT_PATH[1] afterwards
#   resolved        true when the manifest was re-resolved

include(joinpath(@__DIR__, "siege_protocol.jl"))

const params = siege_parameters()
const project = abspath(siege_string(params, "project"))
const urls = siege_strings(params, "registry_urls")
const resolve = siege_bool(params, "resolve", false)
isfile(joinpath(project, "Project.toml")) || isfile(joinpath(project, "JuliaProject.toml")) ||
    siege_fail("no Project.toml in " * repr(project))

import Pkg

const total = length(urls) + 2
for (i, url) in enumerate(urls)
    siege_progress(i - 1, total, "adding registry $(i) of $(length(urls))")
    Pkg.Registry.add(Pkg.RegistrySpec(url = url))
end

siege_progress(length(urls), total, "adding the default registries")
Pkg.Registry.add()

if resolve
    siege_progress(length(urls) + 1, total, "re-resolving the manifest with Julia $(VERSION)")
    Pkg.activate(project)
    Pkg.resolve()
end

const regdir = joinpath(first(DEPOT_PATH), "registries")
const installed = isdir(regdir) ? count(n -> isfile(joinpath(regdir, n, "Registry.toml")) ||
                                         (endswith(n, ".toml") && isfile(joinpath(regdir, n))), readdir(regdir)) : 0
siege_progress(total, total, "done")
siege_result("registries", installed)
siege_result("resolved", resolve)
