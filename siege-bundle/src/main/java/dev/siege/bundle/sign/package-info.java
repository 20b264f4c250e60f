/**
 * OpenSSH signatures (ssh-keygen -Y) of SHA256SUMS and of an archive's .sha256, and their
 * verification against an allowed_signers file. Format code.
 */
package dev.siege.bundle.sign;
