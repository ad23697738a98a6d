package dev.candor.testing;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The chat templates under {@code src/test/resources/chat-templates}, written for Candor's tests in the style of real
 * ones: {@code chatml/chat_template.jinja} (Qwen2.5-like), {@code llama3/tokenizer_config.json} (Llama-3-like, special
 * tokens as AddedToken objects) and {@code reasoning/chat_template.jinja} (DeepSeek-R1/Qwen3-like think handling,
 * special tokens from the {@code tokenizer_config.json} beside it).
 */
public final class ChatTemplateFixtures {
  private ChatTemplateFixtures() {}

  /** The fixture file at {@code chat-templates/NAME}. */
  public static Path fixture(String name) {
    var url = ChatTemplateFixtures.class.getResource("/chat-templates/" + name);
    if (url == null) throw new IllegalArgumentException("no test fixture chat-templates/" + name);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
