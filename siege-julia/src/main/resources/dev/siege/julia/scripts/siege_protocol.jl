# siege_protocol.jl: helpers that every SIEGE script `include`s (never run on its own).
#
# Parameters reach a script ONLY through a TOML file whose path is ARGS[1], read with the TOML
# parser in Base (DESIGN.md, "Julia code that SIEGE runs"): no value is ever spliced into code.
#
# Machine-readable lines on stdout, read by SIEGE's ProcessJuliaRunner (ScriptProtocol.java):
#   ##siege result <key> <value>
#   ##siege progress <done> <total> <text>
#   ##siege warning <text>
# <key> has no spaces; <value>/<text> is the rest of the line with `\` written as `\\`, a
# newline as `\n` and a carriage return as `\r`. <total> is -1 when unknown. A warning becomes a
# warning message of the build (naming what it is about: SIEGE adds nothing to it).

# Base.TOML is the parser code loading itself uses (base/toml_parser.jl, included by base/Base.jl
# from Julia 1.6 on, the release that also made TOML a stdlib, whose Internals wrap Base.TOML):
# nothing has to be loaded. Parser()/reinit!/parse is how the Artifacts stdlib's parse_toml
# called it when it moved out of Pkg (JuliaLang/julia stdlib/Artifacts/src/Artifacts.jl). Julia
# older than 1.6 has no Base.TOML and gets the stdlib import, which fails there as the probe
# expects (issue 14, item 3).
if isdefined(Base, :TOML)
    function siege_parsefile(path::AbstractString)
        p = Base.TOML.Parser()
        Base.TOML.reinit!(p, read(path, String); filepath = String(path))
        return Base.TOML.parse(p)
    end
else
    import TOML
    siege_parsefile(path::AbstractString) = TOML.parsefile(path)
end

const SIEGE_PREFIX = "##siege"

function siege_escape(s::AbstractString)
    io = IOBuffer()
    for c in s
        if c == '\\'
            print(io, "\\\\")
        elseif c == '\n'
            print(io, "\\n")
        elseif c == '\r'
            print(io, "\\r")
        else
            print(io, c)
        end
    end
    return String(take!(io))
end

function siege_result(key::AbstractString, value)
    println(stdout, SIEGE_PREFIX, " result ", key, " ", siege_escape(string(value)))
    flush(stdout)
    return nothing
end

function siege_progress(done::Integer, total::Integer, text::AbstractString)
    println(stdout, SIEGE_PREFIX, " progress ", done, " ", total, " ", siege_escape(text))
    flush(stdout)
    return nothing
end

"A warning the build reports (e.g. naming a package whose files cannot be shipped as built)."
function siege_warning(text::AbstractString)
    println(stdout, SIEGE_PREFIX, " warning ", siege_escape(text))
    flush(stdout)
    return nothing
end

"Stops the script with a clear message on stderr and a non-zero exit code."
function siege_fail(message::AbstractString)
    println(stderr, "SIEGE: ", message)
    flush(stderr)
    exit(1)
end

"The parameter table from the TOML file named by ARGS[1]."
function siege_parameters()
    isempty(ARGS) && siege_fail("expected the parameter file path as the first argument")
    path = ARGS[1]
    isfile(path) || siege_fail("parameter file not found: " * repr(path))
    return siege_parsefile(path)
end

"A required string parameter."
function siege_string(params::AbstractDict, key::AbstractString)
    haskey(params, key) || siege_fail("missing parameter " * repr(key))
    value = params[key]
    value isa AbstractString || siege_fail("parameter " * repr(key) * " must be a string")
    return String(value)
end

"An optional string parameter (`default` when absent)."
function siege_string(params::AbstractDict, key::AbstractString, default::AbstractString)
    return haskey(params, key) ? siege_string(params, key) : String(default)
end

"An optional boolean parameter (`default` when absent)."
function siege_bool(params::AbstractDict, key::AbstractString, default::Bool)
    haskey(params, key) || return default
    value = params[key]
    value isa Bool || siege_fail("parameter " * repr(key) * " must be true or false")
    return value
end

"A list-of-strings parameter (`String[]` when absent)."
function siege_strings(params::AbstractDict, key::AbstractString)
    haskey(params, key) || return String[]
    value = params[key]
    (value isa AbstractVector && all(v -> v isa AbstractString, value)) ||
        siege_fail("parameter " * repr(key) * " must be a list of strings")
    return String[String(v) for v in value]
end
