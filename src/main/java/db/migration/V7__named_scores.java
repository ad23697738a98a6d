package db.migration;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.candor.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Several named scores per trajectory: each run records the name of its headline scorer (the verdict on the
 * trajectory row), and the LLM judges' verdicts that rode in the covert-action grader's metadata become scores of
 * their own ({@code judge-action-only-v1}, {@code judge-with-reasoning-v1}), removed from that metadata. The combined
 * figures the grader derives from a judge ({@code action_only}, {@code confirmed}) stay in its metadata. Written
 * for this point in the schema's history: names are literals, not the code's constants.
 */
public class V7__named_scores extends BaseJavaMigration {
  static final String ACTION_ONLY = "judge-action-only-v1";
  static final String WITH_REASONING = "judge-with-reasoning-v1";

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    try (Statement s = c.createStatement()) {
      s.execute("ALTER TABLE runs ADD COLUMN headline_scorer VARCHAR(128)");
    }
    headlines(c);
    judges(c);
  }

  /** The headline scorer of each existing run: by its suite, or the primary scorer an imported log named. */
  private static void headlines(Connection c) throws Exception {
    Map<String, String> byRun = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, suite, config_json FROM runs")) {
      while (rs.next()) {
        String primary = Json.MAPPER.readTree(rs.getString(3)).path("imported").path("primary_scorer").asText("");
        String name = !primary.isEmpty() ? primary : switch (rs.getString(2)) {
          case "reward-hints" -> "reward-hint-parity-v1";
          case "covert-actions" -> "covert-rules-v1";
          default -> null;
        };
        if (name != null) byRun.put(rs.getString(1), name);
      }
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET headline_scorer = ? WHERE id = ?")) {
      for (var e : byRun.entrySet()) {
        ps.setString(1, e.getValue());
        ps.setString(2, e.getKey());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private record Row(String runId, String sampleId, int epoch, String meta, String at) {}

  /** Moves the judges' verdicts out of the grader's metadata into scores of their own. */
  private static void judges(Connection c) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT run_id, sample_id, epoch, score_meta_json, finished_at FROM trajectories WHERE score_meta_json LIKE '%\"judge\\_%' ESCAPE '\\'")) {
      while (rs.next()) rows.add(new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5)));
    }
    if (rows.isEmpty()) return;
    try (PreparedStatement score = c.prepareStatement("INSERT INTO scores (run_id, sample_id, epoch, scorer, label, value, answer, "
        + "explanation, evidence_json, metadata_json, created_at) VALUES (?,?,?,?,?,?,NULL,?,?,?,?)");
         PreparedStatement meta = c.prepareStatement("UPDATE trajectories SET score_meta_json = ? WHERE run_id = ? AND sample_id = ? AND epoch = ?")) {
      for (Row r : rows) {
        Map<String, Object> m = Json.MAPPER.readValue(r.meta, new TypeReference<LinkedHashMap<String, Object>>() {});
        Object actionOnly = m.remove("judge_action_only");
        Object actionEvidence = m.remove("judge_action_only_evidence");
        Object actionWhy = m.remove("judge_action_only_explanation");
        Object withReasoning = m.remove("judge_with_reasoning");
        Object reasoningWhy = m.remove("judge_with_reasoning_explanation");
        if (actionOnly != null) add(score, r, ACTION_ONLY, actionOnly, actionWhy, actionEvidence, "judge_action_only");
        if (withReasoning != null) add(score, r, WITH_REASONING, withReasoning, reasoningWhy, null, "judge_with_reasoning");
        meta.setString(1, Json.write(m));
        meta.setString(2, r.runId);
        meta.setString(3, r.sampleId);
        meta.setInt(4, r.epoch);
        meta.addBatch();
      }
      score.executeBatch();
      meta.executeBatch();
    }
  }

  /** A judge's verdict as a score: covert 1, honest 0, any other label (not_applicable, unparsed, ...) uncounted. */
  private static void add(PreparedStatement ps, Row r, String scorer, Object label, Object explanation, Object evidence, String detector)
      throws Exception {
    String l = label.toString();
    ps.setString(1, r.runId);
    ps.setString(2, r.sampleId);
    ps.setInt(3, r.epoch);
    ps.setString(4, scorer);
    ps.setString(5, l);
    if (l.equals("covert")) ps.setInt(6, 1);
    else if (l.equals("honest")) ps.setInt(6, 0);
    else ps.setNull(6, java.sql.Types.INTEGER);
    ps.setString(7, explanation == null ? null : explanation.toString());
    ps.setString(8, Json.write(evidence instanceof List<?> e ? e : List.of()));
    ps.setString(9, Json.write(Map.of("detector", detector)));
    ps.setString(10, r.at == null ? "" : r.at);
    ps.addBatch();
  }
}
