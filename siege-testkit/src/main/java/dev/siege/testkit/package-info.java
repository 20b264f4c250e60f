/**
 * Fakes that behave like Julia, Pkg and PackageCompiler where SIEGE depends on it
 * (FakeJuliaRunner, the FakeJuliaExecutable process), realistic fake projects and bundle
 * trees, and the one catalogue of test projects and bad inputs the library's and the CLI's tests
 * share (TestProjects, BadInput).
 */
package dev.siege.testkit;
