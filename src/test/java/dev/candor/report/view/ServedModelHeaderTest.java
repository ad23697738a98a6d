package dev.candor.report.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.store.RunRecord;
import dev.candor.testing.RunRecords;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The viewer's run page shows what the server reported of the model it served (issue 16, item 19). */
class ServedModelHeaderTest {
  @Test
  void theRunHeaderShowsTheServedModel() {
    String config = "{\"suite\":\"reward-hints\",\"served\":{\"models.id\":\"m\",\"response_system_fingerprint\":\"fp_<1>\","
        + "\"response_system_fingerprint_values\":\"fp_<1> | fp_2\",\"response_system_fingerprint_changed\":\"true\"}}";
    RunRecord r = RunRecords.of("r1").model("openai/m").candorVersion("t").config(config).createdAt("2026-12-05T00:00:00Z").build();
    String html = Pages.run(r, List.of(), Map.of(), Map.of());
    assertThat(html).contains("<th>served model</th><td>models.id=m; response_system_fingerprint=fp_&lt;1&gt;; "
        + "response_system_fingerprint changed: fp_&lt;1&gt; | fp_2</td>");
  }

  @Test
  void runsWithoutServedModelInfoShowNoRow() {
    RunRecord r = RunRecords.of("r2").model("organism/sft").candorVersion("t").config("{\"suite\":\"reward-hints\"}")
        .createdAt("2026-12-05T00:00:00Z").build();
    assertThat(Pages.run(r, List.of(), Map.of(), Map.of())).doesNotContain("served model");
  }
}
