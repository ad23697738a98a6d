package dev.candor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.jte.output.StringOutput;
import org.junit.jupiter.api.Test;

/** The template output escapes every value with the project's one escape function and refuses script and style. */
class TemplatesTest {
  @Test
  void valuesAreEscapedInTextAndAttributesTemplateTextIsNot() {
    var out = new StringOutput();
    var html = new Templates.EscapingOutput(out);
    html.writeContent("<td title=\"");
    html.setContext("td", "title");
    html.writeUserContent("\"><img src=x onerror=alert(1)>");
    html.writeContent("\">");
    html.setContext("td", null);
    html.writeUserContent("</textarea>'\u0007");
    html.writeUserContent((String) null);
    assertThat(out.toString()).isEqualTo("<td title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">&lt;/textarea&gt;&#39;\uFFFD");
  }

  @Test
  void valuesInsideScriptOrStyleAreRefused() {
    var html = new Templates.EscapingOutput(new StringOutput());
    for (String tag : new String[] {"script", "STYLE"}) {
      html.setContext(tag, null);
      assertThatThrownBy(() -> html.writeUserContent("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("<" + tag.toLowerCase());
    }
  }
}
