/**
 * What a probe found out about a Julia installation.
 */
package dev.siege.core.platform;
