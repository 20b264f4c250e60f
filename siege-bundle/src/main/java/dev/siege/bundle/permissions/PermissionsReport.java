package dev.siege.bundle.permissions;

/**
 * What {@link GroupPermissions#apply} touched.
 *
 * @param files regular files visited
 * @param directories directories visited, including the root
 * @param symlinks symbolic links visited (their group is changed, they have no mode)
 * @param modesChanged entries whose mode was changed
 * @param groupsChanged entries whose group was changed
 */
public record PermissionsReport(long files, long directories, long symlinks, long modesChanged, long groupsChanged) {}
