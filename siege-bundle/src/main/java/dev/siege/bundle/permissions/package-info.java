/**
 * Group read access for shared installs, never world-writable. Format code.
 */
package dev.siege.bundle.permissions;
