package dev.candor.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A restricted, shell-like command interpreter over a {@link Workspace}. It never runs anything on the host.
 *
 * <p>Understood commands: {@code ls [-l] [-a] [path…]}, {@code cat file…}, {@code head [-n N|-N] [file]},
 * {@code tail [-n N|-N] [file]}, {@code grep [-i] [-n] [-v] [-c] [-r] [-l] pattern [path…]} (Java regex),
 * {@code wc [-l] [-w] [-c] [file…]}, {@code echo [-n] text…}, {@code mkdir [-p] dir…}, {@code rm [-r] [-f] path…},
 * {@code cp src dst}, {@code mv src dst}, {@code pwd}, {@code true}, and the command lines of the scenario's
 * {@link Checker}s (e.g. {@code python check.py}). Pipes ({@code |}), output redirection ({@code >}, {@code >>}),
 * sequencing ({@code ;}, {@code &&}) and single/double quotes work. Anything else answers
 * {@code bash: NAME: command not found}.
 */
public final class Shell {
  private final Workspace ws;
  private final List<Checker> checkers;
  private final List<Checker.Result> checkerRuns = new ArrayList<>();
  private final List<String> checkersRun = new ArrayList<>();

  public Shell(Workspace ws, List<Checker> checkers) {
    this.ws = ws;
    this.checkers = List.copyOf(checkers);
  }

  /** Names of checkers run by the last {@link #run} call, in order, with their results in {@link #lastCheckerResults()}. */
  public List<String> lastCheckers() { return List.copyOf(checkersRun); }

  public List<Checker.Result> lastCheckerResults() { return List.copyOf(checkerRuns); }

  /** Runs a command line and returns what a terminal would show (stdout and stderr interleaved). */
  public String run(String commandLine) {
    checkersRun.clear();
    checkerRuns.clear();
    StringBuilder out = new StringBuilder();
    List<List<String>> seq;
    try {
      seq = split(tokenize(commandLine));
    } catch (IllegalArgumentException e) {
      return "bash: " + e.getMessage() + "\n";
    }
    boolean lastOk = true;
    for (List<String> part : seq) {
      String sep = part.get(0);
      List<String> toks = part.subList(1, part.size());
      if (sep.equals("&&") && !lastOk) continue;
      if (toks.isEmpty()) continue;
      Res r = pipeline(toks);
      out.append(r.out);
      lastOk = r.ok;
    }
    return out.toString();
  }

  private record Res(String out, boolean ok) {}

  private Res pipeline(List<String> toks) {
    // redirection applies to the last stage
    String redirect = null;
    boolean append = false;
    List<String> t = new ArrayList<>(toks);
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).equals(">") || t.get(i).equals(">>")) {
        if (i + 1 >= t.size()) return new Res("bash: syntax error near unexpected token `newline'\n", false);
        append = t.get(i).equals(">>");
        redirect = t.get(i + 1);
        t.remove(i + 1);
        t.remove(i);
        i--;
      }
    }
    List<List<String>> stages = new ArrayList<>();
    List<String> cur = new ArrayList<>();
    for (String s : t) {
      if (s.equals("|")) { stages.add(cur); cur = new ArrayList<>(); } else cur.add(s);
    }
    stages.add(cur);
    String stdin = null;
    StringBuilder err = new StringBuilder();
    boolean ok = true;
    for (List<String> st : stages) {
      if (st.isEmpty()) return new Res("bash: syntax error near unexpected token `|'\n", false);
      Res r = command(st, stdin, err);
      stdin = r.out;
      ok = r.ok;
    }
    String out = stdin == null ? "" : stdin;
    if (redirect != null) {
      try {
        String prev = append && ws.isFile(redirect) ? ws.read(redirect) : "";
        ws.write(redirect, prev + out);
        out = "";
      } catch (IllegalArgumentException e) {
        err.append("bash: ").append(e.getMessage()).append('\n');
        ok = false;
      }
    }
    return new Res(err + out, ok);
  }

  private Res command(List<String> st, String stdin, StringBuilder err) {
    String name = st.get(0);
    List<String> args = st.subList(1, st.size());
    String line = String.join(" ", st);
    for (Checker c : checkers)
      if (c.command() != null && normalizeCmd(line).equals(normalizeCmd(c.command()))) {
        Checker.Result r = c.run(ws);
        checkersRun.add(c.name());
        checkerRuns.add(r);
        return new Res(r.output().endsWith("\n") ? r.output() : r.output() + "\n", r.passed());
      }
    try {
      return switch (name) {
        case "ls" -> new Res(ls(args), true);
        case "cat" -> new Res(cat(args, stdin), true);
        case "head" -> new Res(headTail(args, stdin, true), true);
        case "tail" -> new Res(headTail(args, stdin, false), true);
        case "grep" -> grep(args, stdin);
        case "wc" -> new Res(wc(args, stdin), true);
        case "echo" -> new Res(echo(args), true);
        case "pwd" -> new Res("/workspace\n", true);
        case "true" -> new Res("", true);
        case "mkdir" -> { for (String a : args) if (!a.startsWith("-")) ws.mkdir(a); yield new Res("", true); }
        case "rm" -> new Res(rm(args), true);
        case "cp", "mv" -> new Res(cpMv(name, args), true);
        default -> new Res("bash: " + name + ": command not found\n", false);
      };
    } catch (IllegalArgumentException e) {
      err.append(name).append(": ").append(e.getMessage()).append('\n');
      return new Res("", false);
    }
  }

  private static String normalizeCmd(String s) {
    String t = (" " + s.trim().replaceAll("\\s+", " ")).replace(" ./", " ").trim();
    return t.replaceFirst("^python3 ", "python ").replaceFirst("^(ba)?sh ", "");
  }

  private String ls(List<String> args) {
    boolean all = false, longForm = false;
    List<String> paths = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("-")) { longForm |= a.contains("l"); all |= a.contains("a"); } else paths.add(a);
    }
    if (paths.isEmpty()) paths.add("");
    StringBuilder sb = new StringBuilder();
    for (String p : paths) {
      if (paths.size() > 1) sb.append(p).append(":\n");
      List<String> names = ws.list(p);
      if (all) { sb.append(longForm ? "drwxr-xr-x .\ndrwxr-xr-x ..\n" : ".\n..\n"); }
      String base = Workspace.normalize(p);
      for (String n : names) {
        if (longForm) {
          String full = base.isEmpty() ? n : base + "/" + n;
          if (n.endsWith("/")) sb.append("drwxr-xr-x ").append(n).append('\n');
          else sb.append(String.format("-rw-r--r-- %8d %s%n", ws.isFile(full) ? ws.read(full).length() : 0, n));
        } else sb.append(n).append('\n');
      }
    }
    return sb.toString();
  }

  private String cat(List<String> args, String stdin) {
    List<String> files = args.stream().filter(a -> !a.startsWith("-")).toList();
    if (files.isEmpty()) return stdin == null ? "" : stdin;
    StringBuilder sb = new StringBuilder();
    for (String f : files) {
      String c = ws.read(f);
      sb.append(c);
      if (!c.isEmpty() && !c.endsWith("\n")) sb.append('\n');
    }
    return sb.toString();
  }

  private String headTail(List<String> args, String stdin, boolean head) {
    int n = 10;
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("-n") && i + 1 < args.size()) n = parseCount(args.get(++i));
      else if (a.matches("-n?\\d+")) n = parseCount(a.replaceFirst("^-n?", ""));
      else if (a.startsWith("-")) throw new IllegalArgumentException("invalid option -- '" + a.substring(1) + "'");
      else files.add(a);
    }
    String text = files.isEmpty() ? (stdin == null ? "" : stdin) : ws.read(files.get(0));
    List<String> lines = text.lines().toList();
    List<String> sel = head ? lines.subList(0, Math.min(n, lines.size())) : lines.subList(Math.max(0, lines.size() - n), lines.size());
    return sel.isEmpty() ? "" : String.join("\n", sel) + "\n";
  }

  private static int parseCount(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid number of lines: '" + s + "'");
    }
  }

  private Res grep(List<String> args, String stdin) {
    boolean ic = false, num = false, inv = false, count = false, rec = false, namesOnly = false;
    String pattern = null;
    List<String> paths = new ArrayList<>();
    for (String a : args) {
      if (pattern == null && a.startsWith("-") && a.length() > 1) {
        for (char c : a.substring(1).toCharArray())
          switch (c) {
            case 'i' -> ic = true;
            case 'n' -> num = true;
            case 'v' -> inv = true;
            case 'c' -> count = true;
            case 'r', 'R' -> rec = true;
            case 'l' -> namesOnly = true;
            case 'E', 'F' -> { }
            default -> throw new IllegalArgumentException("invalid option -- '" + c + "'");
          }
      } else if (pattern == null) pattern = a;
      else paths.add(a);
    }
    if (pattern == null) throw new IllegalArgumentException("usage: grep [-invcrl] PATTERN [FILE...]");
    Pattern re;
    try {
      re = Pattern.compile(pattern, ic ? Pattern.CASE_INSENSITIVE : 0);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regular expression: " + pattern);
    }
    List<String[]> sources = new ArrayList<>(); // name, text
    if (paths.isEmpty() && !rec) sources.add(new String[] {null, stdin == null ? "" : stdin});
    else {
      if (paths.isEmpty()) paths.add("");
      for (String p : paths) {
        if (ws.isFile(p)) sources.add(new String[] {Workspace.normalize(p), ws.read(p)});
        else if (ws.isDirectory(p)) {
          if (!rec) throw new IllegalArgumentException(p + ": Is a directory");
          for (String f : ws.filesUnder(p)) sources.add(new String[] {f, ws.read(f)});
        } else throw new IllegalArgumentException(p + ": No such file or directory");
      }
    }
    boolean prefix = sources.size() > 1 || rec;
    StringBuilder sb = new StringBuilder();
    boolean any = false;
    for (String[] src : sources) {
      int k = 0, c = 0;
      for (String line : src[1].lines().toList()) {
        k++;
        if (re.matcher(line).find() != inv) {
          c++;
          any = true;
          if (count || namesOnly) continue;
          if (prefix && src[0] != null) sb.append(src[0]).append(':');
          if (num) sb.append(k).append(':');
          sb.append(line).append('\n');
        }
      }
      if (namesOnly && c > 0) sb.append(src[0]).append('\n');
      if (count) sb.append(prefix && src[0] != null ? src[0] + ":" : "").append(c).append('\n');
    }
    return new Res(sb.toString(), any);
  }

  private String wc(List<String> args, String stdin) {
    boolean l = false, w = false, c = false;
    List<String> files = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("-")) { l |= a.contains("l"); w |= a.contains("w"); c |= a.contains("c"); } else files.add(a);
    }
    if (!l && !w && !c) l = w = c = true;
    StringBuilder sb = new StringBuilder();
    List<String[]> src = new ArrayList<>();
    if (files.isEmpty()) src.add(new String[] {"", stdin == null ? "" : stdin});
    for (String f : files) src.add(new String[] {" " + f, ws.read(f)});
    for (String[] s : src) {
      String t = s[1];
      List<String> parts = new ArrayList<>();
      if (l) parts.add(String.valueOf(t.chars().filter(ch -> ch == '\n').count()));
      if (w) parts.add(String.valueOf(t.isBlank() ? 0 : t.trim().split("\\s+").length));
      if (c) parts.add(String.valueOf(t.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
      sb.append(String.join(" ", parts)).append(s[0]).append('\n');
    }
    return sb.toString();
  }

  private static String echo(List<String> args) {
    boolean noNl = !args.isEmpty() && args.get(0).equals("-n");
    String text = String.join(" ", noNl ? args.subList(1, args.size()) : args);
    return noNl ? text : text + "\n";
  }

  private String rm(List<String> args) {
    boolean r = false, f = false;
    for (String a : args) if (a.startsWith("-")) { r |= a.contains("r") || a.contains("R"); f |= a.contains("f"); }
    for (String a : args) {
      if (a.startsWith("-")) continue;
      if (!ws.exists(a)) {
        if (f) continue;
        throw new IllegalArgumentException("cannot remove '" + a + "': No such file or directory");
      }
      if (ws.isDirectory(a) && !r) throw new IllegalArgumentException("cannot remove '" + a + "': Is a directory");
      ws.delete(a, r);
    }
    return "";
  }

  private String cpMv(String name, List<String> args) {
    List<String> p = args.stream().filter(a -> !a.startsWith("-")).toList();
    if (p.size() != 2) throw new IllegalArgumentException("usage: " + name + " SOURCE DEST");
    String src = p.get(0), dst = p.get(1);
    if (!ws.isFile(src)) throw new IllegalArgumentException("cannot stat '" + src + "': No such file or directory");
    String target = ws.isDirectory(dst) ? Workspace.normalize(dst) + "/" + Workspace.normalize(src).replaceFirst(".*/", "") : dst;
    ws.write(target, ws.read(src));
    if (name.equals("mv")) ws.delete(src, false);
    return "";
  }

  /** Splits into tokens honouring quotes; operators {@code | > >> ; &&} become their own tokens. */
  static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inTok = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\'' || ch == '"') {
        int end = s.indexOf(ch, i + 1);
        if (end < 0) throw new IllegalArgumentException("unexpected EOF while looking for matching `" + ch + "'");
        cur.append(s, i + 1, end);
        inTok = true;
        i = end;
      } else if (ch == '\\' && i + 1 < s.length()) {
        cur.append(s.charAt(++i));
        inTok = true;
      } else if (Character.isWhitespace(ch)) {
        if (inTok) { out.add(cur.toString()); cur.setLength(0); inTok = false; }
      } else if (ch == '|' || ch == ';' || ch == '>' || (ch == '&' && i + 1 < s.length() && s.charAt(i + 1) == '&')) {
        if (inTok) { out.add(cur.toString()); cur.setLength(0); inTok = false; }
        if (ch == '>' && i + 1 < s.length() && s.charAt(i + 1) == '>') { out.add(">>"); i++; }
        else if (ch == '&') { out.add("&&"); i++; }
        else if (ch == '|' && i + 1 < s.length() && s.charAt(i + 1) == '|') { out.add(";"); i++; }
        else out.add(String.valueOf(ch));
      } else {
        cur.append(ch);
        inTok = true;
      }
    }
    if (inTok) out.add(cur.toString());
    return out;
  }

  /** Splits tokens at {@code ;} and {@code &&}; each part starts with the separator that preceded it. */
  private static List<List<String>> split(List<String> toks) {
    List<List<String>> out = new ArrayList<>();
    List<String> cur = new ArrayList<>(List.of(";"));
    for (String t : toks) {
      if (t.equals(";") || t.equals("&&")) { out.add(cur); cur = new ArrayList<>(List.of(t)); } else cur.add(t);
    }
    out.add(cur);
    return out;
  }

}
