package dev.candor.report.view;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.core.SuiteInfo;
import dev.candor.report.ComparedRuns;
import dev.candor.report.RunLoader;
import dev.candor.store.LabelCount;
import dev.candor.store.RunRecord;
import dev.candor.store.Store;
import dev.candor.store.TrajectoryFilter;
import dev.candor.core.Trajectory;
import dev.candor.store.TrajectorySummary;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A local, read-only web app over a {@link Store}: the runs, a run's per-variant rates with 95% intervals and an
 * interval chart, several runs (checkpoints) compared side by side per variant or per axis value, a filterable paged trajectory list, and one trajectory with its messages, reasoning, tool calls,
 * file diffs and the grader's evidence marked. Every page is built from paged queries (never a whole run); only GET
 * is served; stored text is always HTML-escaped and pages carry a Content-Security-Policy that allows no script.
 *
 * <p>Binds 127.0.0.1 unless a host is given; a non-loopback host prints a warning, since the viewer has no login.
 */
public final class Viewer {
  public static final String DEFAULT_HOST = "127.0.0.1";
  static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
      + "base-uri 'none'; frame-ancestors 'none'";

  private final Store store;
  private final Function<RunRecord, SuiteInfo> suites;

  private Viewer(Store store, Function<RunRecord, SuiteInfo> suites) {
    this.store = store;
    this.suites = suites;
  }

  /** A running viewer: where it listens; {@link #close()} stops it. */
  public static final class Handle implements AutoCloseable {
    private final Javalin app;
    private final String host;

    private Handle(Javalin app, String host) {
      this.app = app;
      this.host = host;
    }

    public int port() { return app.port(); }

    public String host() { return host; }

    /** The base URL, e.g. {@code http://127.0.0.1:7070/}. */
    public String url() {
      String h = host.contains(":") ? "[" + host + "]" : host;
      return "http://" + h + ":" + port() + "/";
    }

    @Override
    public void close() {
      app.stop();
    }
  }

  /**
   * Starts the viewer on {@code host} (null or blank: 127.0.0.1) and {@code port} (0: any free port) and returns at
   * once. A host that is not a loopback address gets a warning on standard error.
   */
  public static Handle start(Store store, String host, int port) {
    return start(store, host, port, Viewer::recordedOrGeneric);
  }

  private static SuiteInfo recordedOrGeneric(RunRecord r) {
    return RunLoader.recordedSuite(r).orElseGet(() -> SuiteInfo.generic(r.suite()));
  }

  /** As above; {@code suites} gives what is known of each run's suite (see {@link RunLoader#recordedSuite}). */
  public static Handle start(Store store, String host, int port, Function<RunRecord, SuiteInfo> suites) {
    return start(store, host, port, true, System.err, suites);
  }

  static Handle start(Store store, String host, int port, boolean contentSecurityPolicy, PrintStream warnings) {
    return start(store, host, port, contentSecurityPolicy, warnings, Viewer::recordedOrGeneric);
  }

  private static Handle start(Store store, String host, int port, boolean contentSecurityPolicy, PrintStream warnings,
                              Function<RunRecord, SuiteInfo> suites) {
    if (port < 0 || port > 65535) throw InvalidSetting.expected(Setting.PORT, "0..65535", port);
    String bind = host == null || host.isBlank() ? DEFAULT_HOST : host.trim();
    String warning = exposureWarning(bind);
    if (warning != null) warnings.println(warning);
    Viewer v = new Viewer(store, suites);
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.prefer405over404 = true;
      config.jetty.host = bind;
      config.jetty.port = port;
      config.routes.before(ctx -> {
        if (!hostAllowed(ctx.header("Host"), bind)) {
          ctx.status(421).html(Pages.error(421, "this viewer answers only to localhost, IP addresses and " + bind));
          ctx.skipRemainingHandlers();
          return;
        }
        if (contentSecurityPolicy) ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
      });
      config.routes.get("/", v::runs);
      config.routes.get("/runs/{id}", v::run);
      config.routes.get("/runs/{id}/trajectories", v::trajectories);
      config.routes.get("/runs/{id}/trajectory", v::trajectory);
      config.routes.get("/compare", v::compare);
      config.routes.exception(IllegalArgumentException.class, (e, ctx) -> {
        int status = e.getMessage() != null && e.getMessage().contains("not found") ? 404 : 400;
        ctx.status(status).html(Pages.error(status, e.getMessage()));
      });
      config.routes.exception(Exception.class, (e, ctx) ->
          ctx.status(500).html(Pages.error(500, "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage())));
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      throw InvalidSetting.of(Setting.PORT, "cannot listen on " + bind + ":" + port + ": " + rootMessage(e));
    }
    return new Handle(app, bind);
  }

  /**
   * Whether a request's {@code Host} header names this viewer: localhost, an IP address, or the host it was bound to.
   * Any other name is refused (421), so a page on another site whose name an attacker re-points at this machine (DNS
   * rebinding) cannot read the data through the visitor's browser.
   */
  static boolean hostAllowed(String hostHeader, String bind) {
    if (hostHeader == null) return false;
    String h = hostHeader.strip().toLowerCase(java.util.Locale.ROOT);
    if (h.startsWith("[")) return h.indexOf(']') > 0; // an IPv6 address, with or without a port
    int colon = h.lastIndexOf(':');
    if (colon >= 0) h = h.substring(0, colon);
    if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
    return h.equals("localhost") || h.equals(bind.toLowerCase(java.util.Locale.ROOT)) || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** The warning printed for a host that is not a loopback address, or null for a loopback one. */
  static String exposureWarning(String host) {
    if (isLoopback(host)) return null;
    return "warning: the viewer listens on " + host + ", reachable from other machines; it has no login, "
        + "so anyone who can reach it can read every stored run. Use a non-loopback host only on a trusted network.";
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw InvalidSetting.of(Setting.HOST, "cannot resolve '" + host + "'");
    }
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return String.valueOf(t.getMessage());
  }

  // ---------------------------------------------------------------- handlers

  private void runs(Context ctx) {
    List<Pages.RunRow> rows = new ArrayList<>();
    for (RunRecord r : store.runs().all()) rows.add(new Pages.RunRow(r, store.trajectories().count(r.id())));
    ctx.html(Pages.runs(store.location(), rows));
  }

  private void run(Context ctx) {
    RunRecord run = store.runs().resolve(ctx.pathParam("id"));
    String scorer = queryFlag(() -> RunLoader.scorer(store, run, blankToNull(ctx.queryParam("score"))));
    List<LabelCount> counts = scorer == null ? store.trajectories().labelCounts(run.id()) : store.trajectories().labelCounts(run.id(), scorer);
    ctx.html(Pages.run(run, VariantRates.of(counts), store.samples().variantAxes(run.id()), labelTotals(counts)));
  }

  private void trajectories(Context ctx) {
    RunRecord run = store.runs().resolve(ctx.pathParam("id"));
    TrajectoryFilter f = new TrajectoryFilter(ctx.queryParam("variant"), ctx.queryParam("label"), ctx.queryParam("q"), ctx.queryParam("awareness"),
        ctx.queryParam("scorer"));
    int page = positiveInt(ctx.queryParam("page"), "page", 1);
    long total = store.trajectories().count(run.id(), f);
    List<TrajectorySummary> rows = store.trajectories().page(run.id(), f, (long) (page - 1) * Pages.PAGE_SIZE, Pages.PAGE_SIZE);
    List<LabelCount> counts = store.trajectories().labelCounts(run.id());
    TreeSet<String> variants = new TreeSet<>();
    for (LabelCount c : counts) variants.add(c.variantId());
    ctx.html(Pages.trajectories(run, f, page, total, rows, variants, labelTotals(counts).keySet()));
  }

  private void trajectory(Context ctx) {
    RunRecord run = store.runs().resolve(ctx.pathParam("id"));
    String sample = ctx.queryParam("sample");
    if (sample == null || sample.isEmpty()) throw new IllegalArgumentException("sample: expected a sample id in the query");
    int epoch = positiveInt(ctx.queryParam("epoch"), "epoch", 1);
    Trajectory t = store.trajectories().get(run.id(), sample, epoch).orElseThrow(() ->
        new IllegalArgumentException("trajectory " + sample + " epoch " + epoch + " not found in run " + run.id()));
    ctx.html(Pages.trajectory(run, t, store.samples().get(run.id(), sample).orElse(null)));
  }

  /** Most runs one compare page lines up (each pair costs a Fisher test and a Monte Carlo interval per cell). */
  static final int MAX_COMPARED = 12;

  private void compare(Context ctx) {
    List<String> ids = new ArrayList<>();
    for (String param : ctx.queryParams("runs"))
      for (String id : param.split(","))
        if (!id.isBlank() && !ids.contains(id.trim())) ids.add(id.trim());
    if (ids.size() < 2)
      throw new IllegalArgumentException("runs: expected at least two run ids to compare (runs=ID1,ID2,...), got " + ids.size());
    if (ids.size() > MAX_COMPARED)
      throw new IllegalArgumentException("runs: expected at most " + MAX_COMPARED + " run ids, got " + ids.size());
    String by = ctx.queryParam("by");
    by = by == null || by.isBlank() ? null : by.trim();
    String against = ctx.queryParam("against");
    if (against != null && !against.isBlank() && !against.equals("first") && !against.equals("previous"))
      throw new IllegalArgumentException("against: expected 'previous' or 'first', got '" + against + "'");
    boolean againstFirst = "first".equals(against);
    List<RunRecord> runs = new ArrayList<>();
    for (String id : ids) {
      RunRecord r = store.runs().resolve(id);
      if (runs.stream().anyMatch(x -> x.id().equals(r.id())))
        throw new IllegalArgumentException("runs: run '" + r.id() + "' is given twice");
      runs.add(r);
    }
    String b = by;
    String scorer = blankToNull(ctx.queryParam("score"));
    ComparedRuns compared = queryFlag(() -> ComparedRuns.load(store, runs, suites, b, againstFirst, scorer));
    ctx.html(Pages.compare(runs, compared, againstFirst));
  }

  /** Runs {@code load}; RunLoader's errors name the CLI flag (--by, --score), here it is the query parameter. */
  private static <T> T queryFlag(java.util.function.Supplier<T> load) {
    try {
      return load.get();
    } catch (InvalidSetting e) { // a setting given here as a query parameter: named by its plain words
      throw new IllegalArgumentException(e.render(s -> s.name().toLowerCase(java.util.Locale.ROOT)), e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static Map<String, Long> labelTotals(List<LabelCount> counts) {
    Map<String, Long> m = new TreeMap<>();
    for (LabelCount c : counts) m.merge(c.label(), c.count(), Long::sum);
    return m;
  }

  private static int positiveInt(String s, String name, int dflt) {
    if (s == null || s.isBlank()) return dflt;
    try {
      int v = Integer.parseInt(s.trim());
      if (v < 1) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": expected a whole number >= 1, got '" + s + "'");
    }
  }
}
