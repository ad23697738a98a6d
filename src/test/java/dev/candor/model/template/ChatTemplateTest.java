package dev.candor.model.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candor.model.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static dev.candor.testing.ChatTemplateFixtures.fixture;

/**
 * Chat templates rendered through Jinjava. The expected prompts were produced by Python's jinja2 3.1.6 configured as
 * {@code transformers} renders chat templates (sandboxed, trim_blocks, lstrip_blocks, raise_exception), so these
 * tests pin Jinjava's output to the reference engine byte for byte.
 */
class ChatTemplateTest {
  @TempDir Path dir;

  static final List<Message> ONE = List.of(Message.user("Choose a random even number."));
  static final List<Message> HISTORY = List.of(Message.system("  You are Qwen.  "), Message.user("Hi\n"),
      Message.assistant("<think>\nhmm\n</think>\n\nHello!"), Message.user("Pick one."));
  static final List<Message> LAST_ASSISTANT = List.of(Message.user("Pick one."), Message.assistant("<think>\nodd pays\n</think>\n\n7"));
  static final List<Message> TOOL = List.of(Message.user("a"), Message.tool("c1", "b"));

  @Test void chatmlMatchesJinja2() {
    ChatTemplate t = ChatTemplate.load(fixture("chatml/chat_template.jinja"));
    assertThat(t.specialTokens()).isEmpty();
    assertThat(t.render(ONE, true)).isEqualTo(
        "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nChoose a random even number.<|im_end|>\n<|im_start|>assistant\n");
    assertThat(t.render(ONE, false)).isEqualTo(
        "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nChoose a random even number.<|im_end|>\n");
    assertThat(t.render(HISTORY, true)).isEqualTo(
        "<|im_start|>system\n  You are Qwen.  <|im_end|>\n<|im_start|>user\nHi\n<|im_end|>\n<|im_start|>assistant\n<think>\nhmm\n</think>\n\nHello!<|im_end|>\n<|im_start|>user\nPick one.<|im_end|>\n<|im_start|>assistant\n");
    assertThat(t.render(TOOL, true)).isEqualTo(
        "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\na<|im_end|>\n<|im_start|>user\n<tool_response>\nb\n</tool_response><|im_end|>\n<|im_start|>assistant\n");
  }

  @Test void llama3FromTokenizerConfigMatchesJinja2() throws Exception {
    Path cfg = fixture("llama3/tokenizer_config.json");
    ChatTemplate t = ChatTemplate.load(cfg);
    assertThat(t.specialTokens()).containsEntry("bos_token", "<|begin_of_text|>").containsEntry("eos_token", "<|eot_id|>");
    String template = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cfg.toFile()).path("chat_template").asText();
    assertThat(t.template()).isEqualTo(template);
    assertThat(t.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(template.getBytes(StandardCharsets.UTF_8))));
    assertThat(t.render(ONE, true)).isEqualTo(
        "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nChoose a random even number.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
    assertThat(t.render(HISTORY, true)).isEqualTo(
        "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are Qwen.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n<think>\nhmm\n</think>\n\nHello!<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nPick one.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
    assertThat(t.render(TOOL, true)).isEqualTo(
        "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\na<|eot_id|><|start_header_id|>tool<|end_header_id|>\n\nb<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
  }

  @Test void reasoningTemplateWithThinkHandlingMatchesJinja2() {
    ChatTemplate t = ChatTemplate.load(fixture("reasoning/chat_template.jinja"));
    // special tokens from the tokenizer_config.json beside the template ({"content": ...} objects)
    assertThat(t.specialTokens()).containsEntry("bos_token", "<｜begin▁of▁sentence｜>").containsEntry("eos_token", "<｜end▁of▁sentence｜>");
    assertThat(t.render(ONE, true)).isEqualTo("<｜begin▁of▁sentence｜><｜User｜>Choose a random even number.<｜Assistant｜><think>\n");
    // earlier assistant turn: think block dropped (split('</think>')[-1].lstrip('\n')); system text .strip()ped
    assertThat(t.render(HISTORY, true)).isEqualTo(
        "<｜begin▁of▁sentence｜>You are Qwen.<｜User｜>Hi\n<｜Assistant｜>Hello!<｜end▁of▁sentence｜><｜User｜>Pick one.<｜Assistant｜><think>\n");
    // after the last user query (found by the messages[::-1] scan in a namespace): reasoning kept
    assertThat(t.render(LAST_ASSISTANT, true)).isEqualTo(
        "<｜begin▁of▁sentence｜><｜User｜>Pick one.<｜Assistant｜><think>\nodd pays\n</think>\n\n7<｜end▁of▁sentence｜><｜Assistant｜><think>\n");
    assertThatThrownBy(() -> t.render(TOOL, true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("template raised: Unexpected role: tool");
  }

  @Test void pythonStringMethodsHavePythonSemantics() {
    Map<String, String> none = Map.of();
    assertThat(ChatTemplate.of("{{ 'a</think>'.split('</think>') | length }}|{{ 'a</think>'.split('</think>')[-1] }}|", none).render(ONE, false))
        .isEqualTo("2||"); // Java's split would drop the trailing empty part
    assertThat(ChatTemplate.of("{{ 'a.b'.split('.')[0] }}{{ '  x  y '.split() | join(',') }}{{ 'a b c'.split(none, 1)[1] }}", none).render(ONE, false))
        .isEqualTo("ax,yb c"); // literal separator, not a regex; whitespace runs; maxsplit
    assertThat(ChatTemplate.of("[{{ '\n\nx\n'.lstrip('\n') }}][{{ 'x\n\n'.rstrip('\n') }}][{{ '\n x \n'.strip() }}][{{ 'xxaxx'.strip('x') }}]", none).render(ONE, false))
        .isEqualTo("[x\n][x][x][a]");
    assertThat(ChatTemplate.of("{{ 'abc'.startswith('ab') }} {{ 'abc'.endswith('bc') }} {{ 'abc'.startswith(('x', 'a')) }} {{ 'abc'.startswith('b') }}", none)
        .render(ONE, false)).isEqualTo("true true true false");
    assertThat(ChatTemplate.of("{{ 'Ab'.upper() }}{{ 'Ab'.lower() }}{{ 'a-b'.replace('-', '+') }}{{ 'abc'.find('c') }}{{ '-'.join(['x', 'y']) }}", none)
        .render(ONE, false)).isEqualTo("ABaba+b2x-y");
  }

  @Test void compatibilityRewritesAndRefusals() {
    assertThat(ChatTemplate.forJinjava("{% for m in messages[::-1] %}{% set ns = namespace(a=true, b=messages|length - 1, c='x,y', d=f(1, 2)) %}"))
        .isEqualTo("{% for m in (messages|reverse) %}{% set ns = namespace(a=(true), b=(messages|length - 1), c=('x,y'), d=(f(1, 2))) %}");
    assertThat(ChatTemplate.of("{% set ns = namespace(n=messages|length - 1) %}{{ ns.n }}", Map.of()).render(HISTORY, false)).isEqualTo("3");
    assertThatThrownBy(() -> ChatTemplate.of("{% for m in messages if m.role != 'system' %}{{ m.role }}{% endfor %}", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loop filters are not supported");
    assertThat(ChatTemplate.of("{% for m in (messages if true else []) %}{{ m.role }}{% endfor %}", Map.of()).render(ONE, false)).isEqualTo("user");
    // `not` binds looser than tests, as in Jinja2 (DeepSeek-R1: {% if not add_generation_prompt is defined %})
    assertThat(ChatTemplate.of("{{ not x is defined }} {{ not bos_token is defined }} {{ not bos_token is none }} {{ 'x' not in bos_token }}"
        + " {{ not (bos_token == 'q') }}", Map.of("bos_token", "<s>")).render(ONE, false)).isEqualTo("true false true true true");
    assertThatThrownBy(() -> ChatTemplate.of("{% if not 'tool_calls' in message %}x{% endif %}", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("write not (a in b) or a not in b");
    assertThat(ChatTemplate.of("{{ 'Do not use variables in code.' }}", Map.of()).render(ONE, false)).isEqualTo("Do not use variables in code.");
    // one trailing newline of the template source is dropped, as Jinja2 does (keep_trailing_newline=False)
    assertThat(ChatTemplate.of("{{ bos_token }}A\n", Map.of("bos_token", "<s>")).render(ONE, false)).isEqualTo("<s>A");
  }

  @Test void badFilesAreOneLineErrorsNamingTheFile() throws Exception {
    Path missing = dir.resolve("nope.jinja");
    assertThatThrownBy(() -> ChatTemplate.load(missing)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + missing + "': no such file");
    Path broken = Files.writeString(dir.resolve("broken.jinja"), "{% for m in messages %}{{ m.content }");
    assertThatThrownBy(() -> ChatTemplate.load(broken)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + broken + "': does not render a one-message conversation: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    Path raising = Files.writeString(dir.resolve("raising.jinja"), "{{ raise_exception('System role required') }}");
    assertThatThrownBy(() -> ChatTemplate.load(raising)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + raising + "': does not render a one-message conversation: template raised: System role required");
    Path noTemplate = Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\"}");
    assertThatThrownBy(() -> ChatTemplate.load(noTemplate)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + noTemplate + "': expected a \"chat_template\" string (a tokenizer_config.json), found none");
    Path notJson = Files.writeString(dir.resolve("bad.json"), "{chat_template");
    assertThatThrownBy(() -> ChatTemplate.load(notJson)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + notJson + "': not JSON: ");
    Path named = Files.writeString(dir.resolve("named.json"),
        "{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"T\"}, {\"name\": \"default\", \"template\": \"{{ messages[0].content }}\"}]}");
    assertThat(ChatTemplate.load(named).render(ONE, true)).isEqualTo("Choose a random even number.");
  }
}
