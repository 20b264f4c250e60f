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

siege_result("julia_version", string(VERSION))
siege_result("arch", string(Sys.ARCH))
siege_result("os", os_name())
siege_result("libc", libc_name === nothing ? "" : string(libc_name))
siege_result("cpu_name", Sys.CPU_NAME)
siege_result("bindir", Sys.BINDIR)
siege_result("word_size", Sys.WORD_SIZE)
siege_result("triplet", triplet(host))
