# probe.jl: what only Julia code can tell about this installation, in one short run
# (JULIA-FACTS §7; the version itself comes from the cheaper `julia --version`).
#
# Parameters (TOML file, path in ARGS[1]): none.
# Results:
#   julia_version  VERSION, e.g. 1.10.4
#   arch           Sys.ARCH, e.g. x86_64, aarch64
#   os             linux, macos, windows, freebsd (or the lowercase kernel name)
#   libc           glibc, musl, or empty where the platform has none
#   cpu_name       Sys.CPU_NAME of this machine, e.g. skylake
#   bindir         Sys.BINDIR
#   word_size      Sys.WORD_SIZE (32 or 64)
#   triplet        Base.BinaryPlatforms.triplet(HostPlatform()), e.g.
#                  x86_64-linux-gnu-libgfortran5-cxx11-libstdcxx30-julia_version+1.10.4
#   executable     joinpath(Sys.BINDIR, Base.julia_exename()): the real binary, also when this
#                  process was started through juliaup's launcher
#   commit         Base.GIT_VERSION_INFO.commit, which build this is (JULIA-FACTS §8); may be empty
#   bundled_depots the number N of Julia's own depots, then bundled_depot.1 ... bundled_depot.N
#                  in Julia's order (one result each, so no path needs a separator)

include(joinpath(@__DIR__, "siege_protocol.jl"))

siege_parameters() # validates ARGS[1]; the probe takes no parameters

using Base.BinaryPlatforms: HostPlatform, triplet

const host = HostPlatform()

function os_name()
    Sys.islinux() && return "linux"
    Sys.isapple() && return "macos"
    Sys.iswindows() && return "windows"
    Sys.isfreebsd() && return "freebsd"
    return lowercase(string(Sys.KERNEL))
end

libc_name = Base.BinaryPlatforms.libc(host)

# Julia's own ("bundled") depots, computed by Julia itself (base/initdefs.jl), so that SIEGE never
# guesses the layout of a distribution's Julia:
# - Julia 1.11+ has Base.append_bundled_depot_path! (julia PR #51448), which appends exactly those.
# - Julia 1.6-1.10: Base.append_default_depot_path! appends the user depot joinpath(homedir(),
#   ".julia") and then the bundled ones, abspath(Sys.BINDIR, "..", "local", "share", "julia") and
#   abspath(Sys.BINDIR, "..", "share", "julia") (release-1.6 base/initdefs.jl); the user depot is
#   left out here by value, wherever it is in the list.
# Both functions push into the vector they are given; their return values are not relied on.
# Should neither exist, no result is reported and SIEGE falls back to the 1.6-1.10 rule.
function bundled_depots()
    depots = String[]
    if isdefined(Base, :append_bundled_depot_path!)
        Base.append_bundled_depot_path!(depots)
        return depots
    end
    isdefined(Base, :append_default_depot_path!) || return nothing
    Base.append_default_depot_path!(depots)
    user = joinpath(homedir(), ".julia")
    return filter(d -> d != user, depots)
end

exename = isdefined(Base, :julia_exename) ? Base.julia_exename() : "julia"

siege_result("julia_version", string(VERSION))
siege_result("arch", string(Sys.ARCH))
siege_result("os", os_name())
siege_result("libc", libc_name === nothing ? "" : string(libc_name))
siege_result("cpu_name", Sys.CPU_NAME)
siege_result("bindir", Sys.BINDIR)
siege_result("word_size", Sys.WORD_SIZE)
siege_result("triplet", triplet(host))
siege_result("executable", joinpath(Sys.BINDIR, exename))
siege_result("commit", isdefined(Base, :GIT_VERSION_INFO) ? Base.GIT_VERSION_INFO.commit : "")
let depots = bundled_depots()
    if depots !== nothing
        siege_result("bundled_depots", length(depots))
        for (i, d) in enumerate(depots)
            siege_result("bundled_depot.$i", d)
        end
    end
end
