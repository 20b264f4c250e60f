/**
 * report.html: one self-contained, escaped page for the reviewer on the air-gapped side. Format
 * code.
 */
package dev.siege.bundle.report;
