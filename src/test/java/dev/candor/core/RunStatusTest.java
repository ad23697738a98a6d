package dev.candor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RunStatusTest {
  @Test
  void storedTextIsWhatDatabasesAlreadyHold() {
    assertThat(Arrays.stream(RunStatus.values()).map(RunStatus::text))
        .containsExactly("created", "running", "complete", "partial", "incomplete", "interrupted", "failed");
    for (RunStatus s : RunStatus.values()) assertThat(RunStatus.of(s.text())).isEqualTo(s);
  }

  @Test
  void anUnknownStoredStatusIsRefusedNamingIt() {
    assertThatThrownBy(() -> RunStatus.of("done")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'done'");
  }
}
