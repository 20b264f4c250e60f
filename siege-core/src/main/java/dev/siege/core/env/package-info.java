/**
 * Reading Project.toml, Manifest.toml and Artifacts.toml into immutable records, with Julia's
 * rules for which file is used (JULIA-FACTS §4, §5).
 */
package dev.siege.core.env;
