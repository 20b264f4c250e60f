/**
 * Pruning a built depot to what ships and auditing it against the package directories the manifest
 * expects (JULIA-FACTS §3). Format code.
 */
package dev.siege.bundle.depot;
