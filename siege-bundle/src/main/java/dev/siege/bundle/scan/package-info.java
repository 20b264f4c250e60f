/**
 * The relocatability scan: text files of a bundle that hold build-machine paths (JULIA-FACTS §2,
 * §6). Format code.
 */
package dev.siege.bundle.scan;
