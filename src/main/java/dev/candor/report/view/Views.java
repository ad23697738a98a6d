package dev.candor.report.view;

import dev.candor.report.ComparisonTable;
import dev.candor.report.IntervalChart;
import java.util.List;

/**
 * What each viewer page shows (templates under {@code src/main/jte/view}), built by {@link Pages} from what the
 * {@link Viewer} read: URLs built, numbers formatted, stored text left as plain text for the template to escape.
 */
public final class Views {
  private Views() {}

  /** A link the viewer built: its URL and its (plain) text. */
  public record Link(String url, String text) {}

  /** A stretch of stored text, {@code marked} when it is part of the grader's evidence. */
  public record Segment(String text, boolean marked) {}

  /** An option of a filter: its value, its text and whether it is selected. */
  public record Option(String value, String text, boolean selected) {}

  /** A labelled value of a key-value table. */
  public record Field(String name, String value) {}

  public record ErrorPage(int status, String message) {}

  public record RunsPage(String location, List<RunRow> runs) {}

  public record RunRow(Link run, String name, String suite, String model, String status, int epochs, long trajectories, String created) {}

  public record ComparePage(int count, String ids, List<Option> axes, boolean againstFirst, List<ComparedRun> runs, Link reverse,
                            String cell, ComparisonTable table, IntervalChart figure) {}

  public record ComparedRun(String style, Link run, String name, String model, String suite, String status) {}

  public record RunPage(String id, List<Field> fields, Link parent, Link all, List<VariantRow> variants, IntervalChart chart,
                        List<LabelRow> labels, String config) {}

  public record VariantRow(Link variant, String axes, long k, long n, String rate, String interval, List<Link> uncounted) {}

  public record LabelRow(Link label, long count) {}

  public record TrajectoriesPage(Link run, String action, List<Option> variants, List<Option> labels, List<Option> awareness,
                                 String text, long total, int page, long pages, List<Link> pager, List<TrajectoryRow> rows) {}

  public record TrajectoryRow(Link sample, int epoch, String variant, String label, String value, String answer, String output,
                              String error, String reasoning) {}

  public record TrajectoryPage(String title, String heading, Link run, Link variant, String label, String status, String value, String answer,
                               String explanation, List<String> evidence, String axes, String finish, String tokens,
                               String latency, String seed, String error, Intervention intervention, String graderMetadata,
                               List<Segment> reasoning, List<Segment> output, List<Message> messages, List<Event> events,
                               String sampleMetadata, String attempts, String raw) {}

  /** Which turn of which stored trajectory an intervention edited; {@code turn > 1} replayed earlier turns. */
  public record Intervention(String arm, String sample, String epoch, String run, int turn) {}

  public record Message(String role, String callId, List<Segment> reasoning, List<Segment> content, List<Call> calls) {}

  public record Call(String name, String id, String arguments) {}

  /** One recorded event: a tool call ({@code kind} "tool_call"), the end of the loop ("end") or anything else ("other"). */
  public record Event(String kind, String turn, boolean replayed, String tool, boolean error, String arguments, String result,
                      List<DiffLine> diff, String reason, String turns, String answer, String json) {}

  /** A line of a unified diff; {@code cls} is add, del, hunk or null. */
  public record DiffLine(String cls, String text) {}
}
