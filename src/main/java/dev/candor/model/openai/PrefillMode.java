package dev.candor.model.openai;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import java.util.Locale;

/** How an OpenAI-compatible server continues a reasoning prefix (see {@link OpenAiModel.Prefill}). */
public enum PrefillMode {
  /** A final assistant message continued through vLLM's chat extra parameters. */
  CONTINUE_FINAL_MESSAGE,
  /** The conversation rendered with the model's chat template and continued by {@code POST /completions}. */
  COMPLETIONS;

  /** The mode as users write it and runs record it. */
  public String text() { return name().toLowerCase(Locale.ROOT); }

  /** The mode written {@code text}; an {@link InvalidSetting} for any other. */
  public static PrefillMode of(String text) {
    for (PrefillMode m : values()) if (m.text().equals(text)) return m;
    throw InvalidSetting.expected(Setting.PREFILL, CONTINUE_FINAL_MESSAGE.text() + " or " + COMPLETIONS.text() + " (or unset)", "'" + text + "'");
  }
}
