package dev.candor.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  void escapesScriptTags() {
    String out = Html.escape("<script>alert(1)</script>");
    assertThat(out).isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(out).doesNotContain("<");
  }

  @Test
  void escapesEventHandlerInjection() {
    String out = Html.escape("<img src=x onerror=alert(1)>");
    assertThat(out).isEqualTo("&lt;img src=x onerror=alert(1)&gt;");
    assertThat(out).doesNotContain("<img");
  }

  @Test
  void escapesAttributeBreakoutAndJavascriptUrls() {
    String out = Html.escape("\" onmouseover='x' <a href=\"javascript:alert(1)\">");
    assertThat(out).isEqualTo("&quot; onmouseover=&#39;x&#39; &lt;a href=&quot;javascript:alert(1)&quot;&gt;");
    assertThat(out).doesNotContain("\"").doesNotContain("'").doesNotContain("<a");
  }

  @Test
  void escapesAmpersandFirstSoEntitiesStayLiteral() {
    assertThat(Html.escape("&lt;script&gt; & co")).isEqualTo("&amp;lt;script&amp;gt; &amp; co");
  }

  @Test
  void nullIsEmptyAndControlCharactersAreReplaced() {
    assertThat(Html.escape(null)).isEmpty();
    assertThat(Html.escape("a\u0000b\u001bc\td\ne")).isEqualTo("a\uFFFDb\uFFFDc\td\ne");
    assertThat(Html.escape("plain text 42")).isEqualTo("plain text 42");
  }
}
