package dev.siege.julia.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserCacheTest {

  @Test
  void siegeCacheWinsOverXdgAndHome() {
    assertThat(UserCache.root(Map.of("SIEGE_CACHE", "/srv/siege", "XDG_CACHE_HOME", "/x", "HOME", "/home/u")))
        .isEqualTo(Path.of("/srv/siege"));
  }

  @Test
  void xdgCacheHomeWinsOverHome() {
    assertThat(UserCache.root(Map.of("XDG_CACHE_HOME", "/x", "HOME", "/home/u"))).isEqualTo(Path.of("/x/siege"));
  }

  @Test
  void defaultsToDotCacheInHome() {
    assertThat(UserCache.root(Map.of("HOME", "/home/u"))).isEqualTo(Path.of("/home/u/.cache/siege"));
  }
}
