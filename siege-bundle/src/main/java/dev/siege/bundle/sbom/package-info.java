/**
 * sbom.cdx.json: the bundle's inventory (Julia, packages, artifacts, files, licenses,
 * dependencies) as a CycloneDX 1.6 SBOM, deterministic and validated. Format code.
 */
package dev.siege.bundle.sbom;
