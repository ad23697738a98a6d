package dev.candor.report.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The viewer's HTML helpers, all built on the project's one escape function. Every piece of stored text (model output, reasoning,
 * tool arguments, run names, sample ids) reaches a page only through {@link #esc}; markup is added only by the
 * viewer's own code, around text that was escaped first.
 */
final class Html {
  private Html() {}

  /**
   * Escapes text for HTML element content and quoted attribute values through the project's one escape function,
   * {@link dev.candor.report.Html#escape}. Null becomes "".
   */
  static String esc(Object o) {
    return dev.candor.report.Html.escape(o == null ? null : o.toString());
  }

  /** A URL-encoded query or path component (the caller still passes the whole URL through {@link #esc}). */
  static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }

  /** An {@code <a>} to a viewer-built URL with escaped text. */
  static String link(String url, Object text) {
    return "<a href=\"" + esc(url) + "\">" + esc(text) + "</a>";
  }
}
