/**
 * Fakes that behave like Julia, Pkg and PackageCompiler where SIEGE depends on it
 * (FakeJuliaRunner, the FakeJuliaExecutable process), and realistic fake projects and bundle
 * trees.
 */
package dev.siege.testkit;
