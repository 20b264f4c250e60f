/**
 * Julia version numbers and Pkg compat specifications.
 */
package dev.siege.core.version;
