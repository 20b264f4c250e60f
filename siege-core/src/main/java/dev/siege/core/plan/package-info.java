/**
 * What to build, decided before anything runs: options, CPU targets, the plan with every step's
 * Julia run (JuliaRun, JuliaScript), the fingerprint.
 */
package dev.siege.core.plan;
