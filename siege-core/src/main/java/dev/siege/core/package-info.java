/**
 * The failure type every module throws (SiegeException), the options messages may point at
 * (BuildOption), and the SIEGE version.
 */
package dev.siege.core;
