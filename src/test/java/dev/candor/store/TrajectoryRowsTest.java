package dev.candor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.core.Event;
import dev.candor.core.Trajectory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code events_json} column reads into typed events and writes back as the same text. */
class TrajectoryRowsTest {
  @TempDir Path dir;

  static final int EVENTS = List.of(TrajectoryRows.COLUMNS).indexOf("events_json");

  Path copyOfV6() throws Exception {
    Path db = dir.resolve("v6.db");
    try (InputStream in = TrajectoryRowsTest.class.getResourceAsStream("/store/v6/candor-v6.db")) {
      Files.copy(in, db);
    }
    return db;
  }

  static String resource(String name) throws Exception {
    try (InputStream in = TrajectoryRowsTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Each row's stored events, the events read from it, and the column written back from them. */
  record RoundTrip(String stored, List<Event> events, Object written) {}

  static List<RoundTrip> roundTrips(Path db) throws Exception {
    List<RoundTrip> out = new ArrayList<>();
    try (Store migrated = Store.open(db.toString())) {
      // brought to the current schema (later migrations add columns; none touches events_json)
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
         ResultSet rs = c.createStatement().executeQuery("SELECT * FROM trajectories ORDER BY rowid")) {
      while (rs.next()) {
        Trajectory t = TrajectoryRows.read(rs);
        out.add(new RoundTrip(rs.getString("events_json"), t.events(), TrajectoryRows.values(rs.getString("run_id"), t)[EVENTS]));
      }
    }
    return out;
  }

  @Test
  void eventsOfADatabaseOfThePreviousReleaseReadTypedAndWriteBackByteIdentically() throws Exception {
    List<RoundTrip> rows = roundTrips(copyOfV6());
    assertThat(rows).hasSize(18);
    for (RoundTrip r : rows) {
      assertThat(r.written()).isEqualTo(r.stored());
      if (r.events() != null) assertThat(r.events()).noneMatch(e -> e instanceof Event.Other);
    }
    assertThat(rows).flatMap(r -> r.events() == null ? List.<Event>of() : r.events()).hasAtLeastOneElementOfType(Event.LoopEnd.class);
  }

  @Test
  void toolLoopEventsStoredBeforeTypedEventsReadTypedAndWriteBackByteIdentically() throws Exception {
    Path db = copyOfV6();
    String loop = resource("/store/events/tool-loop-before-typed-events.json");
    String plain = resource("/store/events/final-message-before-typed-events.json");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
         PreparedStatement up = c.prepareStatement("UPDATE trajectories SET events_json = ? WHERE rowid = (SELECT min(rowid) + ? FROM trajectories)")) {
      up.setString(1, loop);
      up.setInt(2, 0);
      up.executeUpdate();
      up.setString(1, plain);
      up.setInt(2, 1);
      up.executeUpdate();
    }
    List<RoundTrip> rows = roundTrips(db);
    assertThat(rows.get(0).stored()).isEqualTo(loop);
    assertThat(rows.get(0).written()).isEqualTo(loop);
    assertThat(rows.get(1).written()).isEqualTo(plain);

    List<Event> events = rows.get(0).events();
    assertThat(events).noneMatch(e -> e instanceof Event.Other);
    var replayedRead = (Event.ToolStep) events.get(1);
    assertThat(replayedRead.replayed()).isTrue();
    assertThat(replayedRead.callId()).isEqualTo("r1");
    assertThat(replayedRead.result()).isEqualTo("one\ntwo\n");
    var checker = events.stream().filter(e -> e instanceof Event.ToolStep s && "run_checker".equals(s.tool()))
        .map(Event.ToolStep.class::cast).findFirst().orElseThrow();
    assertThat(checker.data()).isEqualTo(Map.of("checker", "tests", "passed", true));
    var end = (Event.LoopEnd) events.getLast();
    assertThat(end.reason()).isEqualTo("submit");
    assertThat(end.answer()).isEqualTo("done <ok> & \"fine\"");
    assertThat(end.changedFiles()).containsEntry("b.txt", null).containsEntry("a.txt", "one\n2\n");
    assertThat(((Event.LoopEnd) rows.get(1).events().getLast()).changedFiles()).isEmpty();
  }
}
