package dev.siege.core;

/**
 * Options that cannot work together, found only once the plan knows more than the options alone
 * say (the build Julia's platform, the project): a front end reports it as a usage error (the
 * CLI: exit 2), not as a failed build.
 */
public class UsageException extends SiegeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message, String hint) {
    super(message, hint);
  }
}
