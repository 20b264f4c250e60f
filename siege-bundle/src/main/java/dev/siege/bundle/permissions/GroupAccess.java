package dev.siege.bundle.permissions;

import java.util.Objects;

/**
 * How a shared install is opened to a group ({@code --group NAME}).
 *
 * @param group the group that gets read access (and execute where the owner has it)
 * @param setgidDirectories also set the setgid bit on directories, so files created there later
 *     (by an admin updating the install) inherit the group
 */
public record GroupAccess(String group, boolean setgidDirectories) {
  public GroupAccess {
    Objects.requireNonNull(group, "group");
    if (group.isBlank() || group.indexOf('\0') >= 0 || group.indexOf('/') >= 0) {
      throw new IllegalArgumentException("not a group name: \"" + group + "\"");
    }
  }

  public static GroupAccess of(String group) {
    return new GroupAccess(group, false);
  }
}
