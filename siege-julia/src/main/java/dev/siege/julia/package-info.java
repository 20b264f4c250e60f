/**
 * The seam to Julia: JuliaRunner runs a JuliaCall and reports its output as events; failures are
 * JuliaExceptions.
 */
package dev.siege.julia;
