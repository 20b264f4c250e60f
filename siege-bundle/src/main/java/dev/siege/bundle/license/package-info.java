/**
 * Finding the license files a package or artifact ships and identifying them as SPDX ids offline;
 * what is not identified is listed as such, never guessed. Format code.
 */
package dev.siege.bundle.license;
