/**
 * Depot paths Pkg uses: package slugs and artifact directories (JULIA-FACTS §3).
 */
package dev.siege.core.depot;
