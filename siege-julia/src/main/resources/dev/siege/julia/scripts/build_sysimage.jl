# build_sysimage.jl: builds the bundle's sysimage with PackageCompiler.create_sysimage
# (DESIGN.md pipeline step 5). The caller sets JULIA_DEPOT_PATH (bundle depot first, then the
# tool depot holding PackageCompiler's packages, then Julia's own depots), JULIA_PROJECT (the
# bundle's env) and unsets JULIA_LOAD_PATH. PackageCompiler itself is loaded from the tool
# environment (tools.jl), pushed onto LOAD_PATH here, so it never has to be in the shipped depot.
# PackageCompiler precompiles the project itself before it builds the image (v2.1.24 and v2.4.0
# src/PackageCompiler.jl, create_sysimage -> ensurecompiled: `Pkg.precompile()` in a child
# process), which is why instantiate.jl does not when a sysimage is built.
#
# Parameters (TOML file, path in ARGS[1]):
#   tool_project                  the tool environment holding PackageCompiler
#   project                       the project (bundle env) directory
#   sysimage_path                 where the sysimage file is written (a file, not a directory)
#   packages                      package names to put into the sysimage; must not be empty
#   cpu_target                    the JULIA_CPU_TARGET-style string the image is built for
#   precompile_execution_files    optional list of scripts run to record precompile statements
#   precompile_statements_files   optional list of files of precompile statements
#   import_into_main              import the image's packages into Main (default false)
# Results:
#   sysimage_path             the sysimage written (absolute)
#   sysimage_bytes            its size
#   packagecompiler_version   the PackageCompiler version that built it
#   packages                  how many packages went into the image

include(joinpath(@__DIR__, "siege_protocol.jl"))

const params = siege_parameters()
const tool_project = abspath(siege_string(params, "tool_project"))
const project = abspath(siege_string(params, "project"))
const sysimage_path = abspath(siege_string(params, "sysimage_path"))
const packages = siege_strings(params, "packages")
const cpu_target = siege_string(params, "cpu_target")
const execution_files = siege_strings(params, "precompile_execution_files")
const statements_files = siege_strings(params, "precompile_statements_files")
const import_into_main = siege_bool(params, "import_into_main", false)

# JULIA-FACTS §0: since PackageCompiler 2.0 an empty list (String[]) means NO packages, which is
# how the original SIEGE ended up with an empty image. Refuse it rather than build one.
isempty(packages) && siege_fail("the package list for the sysimage is empty; " *
                                "String[] would build an image without any project package")
# JULIA-FACTS §1: cpu_target defaults to "native", which only runs on CPUs like this one.
isempty(cpu_target) && siege_fail("cpu_target must be given (e.g. the generic multi-target string)")
# JULIA-FACTS §1: create_sysimage errors if sysimage_path is a directory.
isdir(sysimage_path) && siege_fail("sysimage_path is a directory: " * repr(sysimage_path))
mkpath(dirname(sysimage_path))

# First, so that PackageCompiler's own dependencies come from the tool environment even when the
# bundle's environment has other versions of them (Base.locate_package takes the first match).
# PackageCompiler's child processes set their own load path, so the image is not affected.
pushfirst!(LOAD_PATH, tool_project)

siege_progress(0, 2, "loading PackageCompiler")
import PackageCompiler

# Optional inputs are passed only when given (PackageCompiler's defaults are empty lists).
extra = Dict{Symbol,Any}()
isempty(execution_files) || (extra[:precompile_execution_file] = execution_files)
isempty(statements_files) || (extra[:precompile_statements_file] = statements_files)

siege_progress(1, 2, "creating the sysimage with $(length(packages)) packages")
PackageCompiler.create_sysimage(
    packages;                                    # §0, §1: an explicit Vector{String}, never String[]
    sysimage_path = sysimage_path,               # §1: required since PC 2.0
    project = project,                           # §1
    incremental = true,                          # §1: keep the stock image (REPL, Pkg); §2
    filter_stdlibs = false,                      # §1: true would require incremental=false
    include_transitive_dependencies = true,      # §1: PC ≥ 1.7
    cpu_target = cpu_target,                     # §1: portable target instead of "native"
    import_into_main = import_into_main,         # §1: PC >= v2.1.18 (#807); its default true
                                                 # puts every package into Main
    extra...,                                    # §1: precompile_execution_file / _statements_file
)

isfile(sysimage_path) || siege_fail("create_sysimage returned but wrote no file at " * repr(sysimage_path))

pc_version = isdefined(Base, :pkgversion) ? Base.pkgversion(PackageCompiler) : nothing
siege_progress(2, 2, "done")
siege_result("sysimage_path", sysimage_path)
siege_result("sysimage_bytes", filesize(sysimage_path))
siege_result("packagecompiler_version", pc_version === nothing ? "unknown" : string(pc_version))
siege_result("packages", length(packages))
