/**
 * SHA256SUMS in coreutils format and BUNDLE-TREE, the record of links and modes beside it. Format
 * code.
 */
package dev.siege.bundle.checksum;
