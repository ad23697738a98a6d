package dev.candor.report;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.html.HtmlTemplateOutput;
import gg.jte.output.StringOutput;
import java.util.Locale;
import java.util.Set;

/**
 * Renders the HTML templates under {@code src/main/jte} (compiled to Java at build time into {@code
 * dev.candor.report.jte}; no template compiler at run time). Every {@code ${...}} a template writes goes through
 * {@link Html#escape}, the project's one escape function, in element text and in quoted attribute values alike, so
 * stored text (model output, reasoning, prompts, names) is escaped by construction; text written into a
 * {@code <script>} or {@code <style>} element is refused, since escaping cannot make it inert there.
 */
public final class Templates {
  private Templates() {}

  private static final TemplateEngine ENGINE =
      TemplateEngine.createPrecompiled(null, ContentType.Html, Templates.class.getClassLoader(), "dev.candor.report.jte");

  /** The output of template {@code name} (e.g. {@code "report.jte"}) given its one parameter. */
  public static String render(String name, Object model) {
    var out = new StringOutput(32 * 1024);
    ENGINE.render(name, model, new EscapingOutput(out));
    return out.toString();
  }

  /** The output of template {@code name} given its parameters by name (parameters left out take their defaults). */
  public static String render(String name, java.util.Map<String, Object> params) {
    var out = new StringOutput(32 * 1024);
    ENGINE.render(name, params, new EscapingOutput(out));
    return out.toString();
  }

  /** Escapes user content with {@link Html#escape}; template text passes through. */
  static final class EscapingOutput implements HtmlTemplateOutput {
    private static final Set<String> RAW_TEXT = Set.of("script", "style");
    private final StringOutput out;
    private String tag;

    EscapingOutput(StringOutput out) {
      this.out = out;
    }

    @Override
    public void setContext(String tagName, String attributeName) {
      tag = tagName == null ? null : tagName.toLowerCase(Locale.ROOT);
    }

    @Override
    public void writeContent(String value) {
      out.writeContent(value);
    }

    @Override
    public void writeContent(String value, int beginIndex, int endIndex) {
      out.writeContent(value, beginIndex, endIndex);
    }

    @Override
    public void writeUserContent(String value) {
      if (value == null) return;
      if (tag != null && RAW_TEXT.contains(tag))
        throw new IllegalStateException("template writes data inside <" + tag + ">, where escaping cannot make it inert");
      out.writeContent(Html.escape(value));
    }
  }
}
