package dev.candor.report.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The viewer's one HTML escape and the few helpers built on it. Every piece of stored text (model output, reasoning,
 * tool arguments, run names, sample ids) reaches a page only through {@link #esc}; markup is added only by the
 * viewer's own code, around text that was escaped first.
 */
final class Html {
  private Html() {}

  /** Escapes text for HTML element content and quoted attribute values: {@code & < > " '}. Null becomes "". */
  static String esc(Object o) {
    if (o == null) return "";
    String s = o.toString();
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (r == null) {
        if (b != null) b.append(c);
      } else {
        if (b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
        b.append(r);
      }
    }
    return b == null ? s : b.toString();
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
