# smoke_test.jl: proves a bundle works offline (DESIGN.md pipeline step 9). SIEGE runs it
# through the bundle's own launcher, from a moved copy of the bundle, with an empty user depot
# and JULIA_PKG_OFFLINE=true, off the network: in a network namespace with only a loopback that
# is down (`unshare --net`), or, where none can be made, with every proxy variable pointing at a
# closed port. JULIA_PKG_OFFLINE alone is not enough: artifact downloads, Scratch.jl, Conda,
# DataDeps and plain HTTP in a package's __init__ ignore it (JULIA-FACTS §5, §6, §8 "Offline is
# not network-free"), so a package that needs the network when it loads fails here, as it would
# on the secure machine. SIEGE itself compares the user depot and the bundle before and after.
#
# Every direct dependency must load, and nothing may be downloaded while it does: lazy
# artifacts that were not installed ahead of time download on first load (JULIA-FACTS §5, §6),
# and Pkg's artifact code has no offline check (JULIA-FACTS §5). The test fails when
#   * loading a package throws, or
#   * a new entry appears in any depot's artifacts/ or packages/ directory, or
#   * anything printed while loading contains "Downloading".
#
# Parameters (TOML file, path in ARGS[1]):
#   packages           names of the project's direct dependencies to load (may be empty)
#   network_isolation  how SIEGE keeps this process off the network: "network-namespace" or
#                      "proxy-variables" (reported back; the isolation is applied outside Julia)
# Results:
#   loaded      how many packages loaded
#   network_isolation  the parameter, as this process saw it
#   depots      the DEPOT_PATH entries seen, joined with the platform's path separator

include(joinpath(@__DIR__, "siege_protocol.jl"))

const params = siege_parameters()
const packages = siege_strings(params, "packages")
const network_isolation = siege_string(params, "network_isolation", "none")

# Belt and braces for anything started from here; the launcher already sets it (JULIA-FACTS §3).
ENV["JULIA_PKG_OFFLINE"] = "true"

using Logging

for name in packages
    Base.isidentifier(name) || siege_fail("not a package name: " * repr(name))
end

function depot_entries()
    seen = Set{String}()
    for depot in DEPOT_PATH, sub in ("artifacts", "packages")
        dir = joinpath(depot, sub)
        isdir(dir) || continue
        for entry in readdir(dir)
            push!(seen, joinpath(dir, entry))
        end
    end
    return seen
end

# The user depot (DEPOT_PATH[1]) starts empty. Packages in the sysimage run their __init__
# before this script does, and a lazy artifact fetched there would already be in `before`:
# anything in the user depot's artifacts/ or packages/ now was installed by starting Julia.
for sub in ("artifacts", "packages")
    dir = joinpath(first(DEPOT_PATH), sub)
    if isdir(dir) && !isempty(readdir(dir))
        siege_fail("starting Julia installed files offline into " * dir * ": " * join(readdir(dir), ", "))
    end
end

const before = depot_entries()
loaded = 0
for (i, name) in enumerate(packages)
    siege_progress(i - 1, length(packages), "loading " * name)
    captured = tempname()
    failure = nothing
    open(captured, "w") do io
        # Messages of Pkg's downloader go to stderr or to the logger: capture both.
        redirect_stderr(io) do
            with_logger(ConsoleLogger(io)) do
                try
                    # The name is a checked identifier turned into a Symbol: data, not code.
                    Core.eval(Main, Expr(:import, Expr(:., Symbol(name))))
                catch err
                    failure = sprint(showerror, err)
                end
            end
        end
    end
    text = read(captured, String)
    rm(captured; force = true)
    isempty(text) || print(stderr, text)
    failure === nothing || siege_fail("loading " * name * " failed offline: " * failure)
    occursin("Downloading", text) &&
        siege_fail("loading " * name * " tried to download something (see the output above)")
    added = setdiff(depot_entries(), before)
    isempty(added) ||
        siege_fail("loading " * name * " installed new files offline: " * join(sort!(collect(added)), ", "))
    global loaded += 1
end

siege_progress(length(packages), length(packages), "done")
siege_result("loaded", loaded)
siege_result("network_isolation", network_isolation)
siege_result("depots", join(DEPOT_PATH, Sys.iswindows() ? ";" : ":"))
