/**
 * The library's front door and the build orchestration. Public: SiegeBuilder (what to build),
 * BuildContext and JuliaSource (how and where), BuildResult, EnvironmentException. Package-
 * private: the StepsRunner that walks a plan's steps and the one class per step, the output
 * transaction (lock, staging, swap), the up-to-date check and the reuse of the previous bundle's
 * depot.
 */
package dev.siege.bundle.pipeline;
