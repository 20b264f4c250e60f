/**
 * Where each part of a bundle lives (BundleLayout) and every file a build creates beside its
 * output (OutputFiles).
 */
package dev.siege.core.layout;
