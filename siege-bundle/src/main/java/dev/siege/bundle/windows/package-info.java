/**
 * Windows bundles: the {@code bin\julia.cmd} launcher (a static batch template filled with the
 * bundle's settings) and the check of which names in a bundle tree Windows cannot hold.
 */
package dev.siege.bundle.windows;
