package dev.candor.model.template;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python {@code str} methods for Jinjava. Python's Jinja2 lets a template call any method of a Python string, and
 * Hugging Face chat templates do ({@code content.split('</think>')[-1].lstrip('\n')},
 * {@code content.startswith('<tool_response>')}); Jinjava evaluates over Java strings, which lack these or (like
 * {@code split}, a regex split that drops trailing empty parts) behave differently. This resolver answers those
 * calls on {@link String}s with Python's semantics and leaves everything else to Jinjava's own resolvers.
 */
final class PythonStrings extends ELResolver {
  static final Set<String> METHODS = Set.of("strip", "lstrip", "rstrip", "startswith", "endswith", "split", "replace",
      "upper", "lower", "find", "join");

  @Override
  public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
    if (!(base instanceof String s) || method == null || !METHODS.contains(method.toString())) return null;
    Object[] a = params == null ? new Object[0] : params;
    Object result = call(s, method.toString(), a);
    context.setPropertyResolved(true);
    return result;
  }

  static Object call(String s, String name, Object[] a) {
    return switch (name) {
      case "strip" -> rstrip(lstrip(s, chars(a, 0)), chars(a, 0));
      case "lstrip" -> lstrip(s, chars(a, 0));
      case "rstrip" -> rstrip(s, chars(a, 0));
      case "startswith" -> anyOf(arg(a, 0, "startswith"), s::startsWith);
      case "endswith" -> anyOf(arg(a, 0, "endswith"), s::endsWith);
      case "split" -> split(s, chars(a, 0), a.length > 1 ? ((Number) a[1]).intValue() : -1);
      case "replace" -> s.replace(str(arg(a, 0, name)), str(arg(a, 1, name)));
      case "upper" -> s.toUpperCase(Locale.ROOT);
      case "lower" -> s.toLowerCase(Locale.ROOT);
      case "find" -> (long) s.indexOf(str(arg(a, 0, name)));
      case "join" -> join(s, arg(a, 0, name));
      default -> throw new IllegalStateException(name);
    };
  }

  @Override public Object getValue(ELContext context, Object base, Object property) { return null; }
  @Override public Class<?> getType(ELContext context, Object base, Object property) { return null; }
  @Override public void setValue(ELContext context, Object base, Object property, Object value) {}
  @Override public boolean isReadOnly(ELContext context, Object base, Object property) { return true; }
  @Override public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) { return null; }
  @Override public Class<?> getCommonPropertyType(ELContext context, Object base) { return null; }

  private static Object arg(Object[] a, int i, String method) {
    if (a.length <= i || a[i] == null) throw new IllegalArgumentException("str." + method + "() is missing argument " + (i + 1));
    return a[i];
  }

  private static String str(Object o) { return String.valueOf(o); }

  /** The characters to strip / the separator: null when absent or None (Python's whitespace default). */
  private static String chars(Object[] a, int i) { return a.length > i && a[i] != null ? str(a[i]) : null; }

  private static boolean space(int c) { return Character.isWhitespace(c) || Character.isSpaceChar(c); }

  private static boolean strippable(int c, String chars) { return chars == null ? space(c) : chars.indexOf(c) >= 0; }

  private static String lstrip(String s, String chars) {
    int i = 0;
    while (i < s.length() && strippable(s.charAt(i), chars)) i++;
    return s.substring(i);
  }

  private static String rstrip(String s, String chars) {
    int j = s.length();
    while (j > 0 && strippable(s.charAt(j - 1), chars)) j--;
    return s.substring(0, j);
  }

  private static boolean anyOf(Object prefixes, java.util.function.Predicate<String> test) {
    if (prefixes instanceof Iterable<?> many) {
      for (Object p : many) if (test.test(str(p))) return true;
      return false;
    }
    return test.test(str(prefixes));
  }

  /** Python's {@code str.split}: a literal separator keeps empty parts; no separator splits on whitespace runs. */
  private static List<String> split(String s, String sep, int max) {
    List<String> out = new ArrayList<>();
    if (sep == null) {
      int i = 0, n = s.length();
      while (true) {
        while (i < n && space(s.charAt(i))) i++;
        if (i >= n) break;
        if (max >= 0 && out.size() == max) { out.add(rstrip(s.substring(i), null)); break; }
        int j = i;
        while (j < n && !space(s.charAt(j))) j++;
        out.add(s.substring(i, j));
        i = j;
      }
      return out;
    }
    if (sep.isEmpty()) throw new IllegalArgumentException("str.split(): empty separator");
    int from = 0;
    while (max < 0 || out.size() < max) {
      int at = s.indexOf(sep, from);
      if (at < 0) break;
      out.add(s.substring(from, at));
      from = at + sep.length();
    }
    out.add(s.substring(from));
    return out;
  }

  private static String join(String sep, Object items) {
    List<String> parts = new ArrayList<>();
    if (items instanceof Iterable<?> it) for (Object o : it) parts.add(str(o));
    else throw new IllegalArgumentException("str.join(): expected a list");
    return String.join(sep, parts);
  }
}
