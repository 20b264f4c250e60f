# siege_protocol.jl: helpers that every SIEGE script `include`s (never run on its own).
#
# Parameters reach a script ONLY through a TOML file whose path is ARGS[1], read with Julia's
# TOML stdlib (DESIGN.md, "Julia code that SIEGE runs"): no value is ever spliced into code.
#
# Machine-readable lines on stdout, read by SIEGE's ProcessJuliaRunner (ScriptProtocol.java):
#   ##siege result <key> <value>
#   ##siege progress <done> <total> <text>
# <key> has no spaces; <value>/<text> is the rest of the line with `\` written as `\\`, a
# newline as `\n` and a carriage return as `\r`. <total> is -1 when unknown.

import TOML

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
    return TOML.parsefile(path)
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

"A list-of-strings parameter (`String[]` when absent)."
function siege_strings(params::AbstractDict, key::AbstractString)
    haskey(params, key) || return String[]
    value = params[key]
    (value isa AbstractVector && all(v -> v isa AbstractString, value)) ||
        siege_fail("parameter " * repr(key) * " must be a list of strings")
    return String[String(v) for v in value]
end
