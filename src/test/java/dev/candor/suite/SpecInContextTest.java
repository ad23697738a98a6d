package dev.candor.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.core.Sample;
import dev.candor.model.Message;
import dev.candor.model.Role;
import dev.candor.suite.rewardhint.RewardHintSuite;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A spec put in context for any suite, and taken out of a stored conversation again. */
class SpecInContextTest {
  @Test
  void theSpecOpensTheSystemPromptOrBecomesItAndTheHashesCoverIt() {
    Suite.Opened plain = new RewardHintSuite().open(Suite.Arguments.of(null));
    Suite.Opened with = SpecInContext.apply(plain, "S1. Be honest.\n");
    Sample before = plain.environment().samples().getFirst(), after = with.environment().samples().getFirst();
    assertThat(after.id()).isEqualTo(before.id());
    assertThat(after.input().getFirst()).isEqualTo(Message.system("S1. Be honest."));
    assertThat(after.input().subList(1, after.input().size())).isEqualTo(before.input());
    assertThat(after.inputSha256()).isNotEqualTo(before.inputSha256());
    assertThat(with.info().dataHash()).isNotEqualTo(plain.info().dataHash())
        .isNotEqualTo(SpecInContext.apply(plain, "S1. Be kind.").info().dataHash());
    assertThat(SpecInContext.without(after.input(), "S1. Be honest.\n")).isEqualTo(before.input());
    assertThatThrownBy(() -> SpecInContext.apply(plain, " \n")).hasMessageContaining("--spec");
  }

  @Test
  void aSystemPromptOfItsOwnIsKeptAfterTheSpec() {
    List<Message> stored = List.of(new Message(Role.SYSTEM, "SPEC" + SpecInContext.SEPARATOR + "You are Keel.", null, List.of(), null), Message.user("go"));
    assertThat(SpecInContext.without(stored, "SPEC")).containsExactly(Message.system("You are Keel."), Message.user("go"));
    List<Message> other = List.of(Message.system("You are Keel."), Message.user("go"));
    assertThat(SpecInContext.without(other, "SPEC")).isSameAs(other);
  }
}
