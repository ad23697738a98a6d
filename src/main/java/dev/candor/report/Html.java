package dev.candor.report;

/** HTML escaping for untrusted text (model output, prompts, names): the one function every renderer uses. */
public final class Html {
  private Html() {}

  /**
   * Escapes {@code & < > " '} so the result is inert both as element text and inside a quoted attribute value;
   * null becomes the empty string. Control characters other than tab, newline and carriage return are replaced by
   * U+FFFD. Never put the result in an unquoted attribute, a URL, a script or a style.
   */
  public static String escape(String s) {
    if (s == null) return "";
    var out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) out.append('\uFFFD');
          else out.append(c);
        }
      }
    }
    return out.toString();
  }
}
