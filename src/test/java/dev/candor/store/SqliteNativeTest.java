package dev.candor.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeTest {
  @TempDir Path dir;

  private static byte[] jarCopy() throws Exception {
    String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void extractsTheDriversLibraryOnceUnderAVersionedPlatformDirectory() throws Exception {
    Path root = dir.resolve("cache/candor");
    Path lib = SqliteNative.extract(root);

    assertThat(lib).isNotNull().startsWith(root.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion()));
    assertThat(lib.getFileName().toString()).isEqualTo(LibraryLoaderUtil.getNativeLibName());
    assertThat(Arrays.equals(Files.readAllBytes(lib), jarCopy())).as("same bytes as in the driver's jar").isTrue();
    try (var left = Files.list(lib.getParent())) {
      assertThat(left).as("no partial file left beside it").containsExactly(lib);
    }

    // a second start finds it and writes nothing
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(lib, old);
    assertThat(SqliteNative.extract(root)).isEqualTo(lib);
    assertThat(Files.getLastModifiedTime(lib)).isEqualTo(old);
  }

  @Test
  void replacesACopyOfTheSameSizeWithOtherBytes() throws Exception {
    Path lib = SqliteNative.extract(dir);
    byte[] whole = Files.readAllBytes(lib);
    byte[] damaged = whole.clone();
    damaged[damaged.length / 2] ^= 0x5a;
    Files.write(lib, damaged);

    assertThat(SqliteNative.extract(dir)).isEqualTo(lib);
    assertThat(Arrays.equals(Files.readAllBytes(lib), whole)).isTrue();
  }

  @Test
  void replacesACopyCutShort() throws Exception {
    Path lib = SqliteNative.extract(dir);
    byte[] whole = Files.readAllBytes(lib);
    Files.write(lib, Arrays.copyOf(whole, whole.length / 2));

    assertThat(SqliteNative.extract(dir)).isEqualTo(lib);
    assertThat(Arrays.equals(Files.readAllBytes(lib), whole)).isTrue();
  }
}
