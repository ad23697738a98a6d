package dev.candor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheDirTest {
  @TempDir Path dir;

  @Test
  void theRootIsTheConfiguredOneElseUnderHome() {
    assertThat(CacheDir.root("/srv/cache")).isEqualTo(Path.of("/srv/cache"));
    Path home = Path.of(System.getProperty("user.home"), ".cache", "candor");
    assertThat(CacheDir.root(null)).isEqualTo(home);
    assertThat(CacheDir.root(" ")).isEqualTo(home);
  }

  @Test
  void writesWholeFilesInPrivateDirectories() throws IOException {
    Path f = dir.resolve("a/b/file.bin");
    CacheDir.write(f, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
    assertThat(Files.readString(f)).isEqualTo("first");
    assertThat(Files.getPosixFilePermissions(dir.resolve("a"))).containsExactlyInAnyOrder(
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    CacheDir.write(f, out -> out.write("second".getBytes(StandardCharsets.UTF_8)));
    assertThat(Files.readString(f)).isEqualTo("second");
    try (var files = Files.list(f.getParent())) {
      assertThat(files).as("no temporary file left").containsExactly(f);
    }
  }

  @Test
  void aWriteThatFailsLeavesTheOldFileAndNoPartialOne() throws IOException {
    Path f = dir.resolve("file.bin");
    CacheDir.write(f, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> CacheDir.write(f, out -> {
      out.write("half of the n".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    })).hasMessage("disk full");
    assertThat(Files.readString(f)).isEqualTo("old");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(f);
    }
  }

  @Test
  void aFileWhereADirectoryShouldBeIsAnError() throws IOException {
    Path blocked = dir.resolve("blocked");
    Files.writeString(blocked, "in the way");
    assertThatThrownBy(() -> CacheDir.write(blocked.resolve("x/file.bin"), out -> out.write(1)))
        .isInstanceOf(IOException.class);
    assertThat(Files.readString(blocked)).isEqualTo("in the way");
  }
}
