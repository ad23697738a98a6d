package dev.candor.report.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.store.RunRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The viewer's run page shows what the server reported of the model it served (issue 16, item 19). */
class ServedModelHeaderTest {
  @Test
  void theRunHeaderShowsTheServedModel() {
    String config = "{\"suite\":\"reward-hints\",\"served\":{\"models.id\":\"m\",\"response_system_fingerprint\":\"fp_<1>\","
        + "\"response_system_fingerprint_values\":\"fp_<1> | fp_2\",\"response_system_fingerprint_changed\":\"true\"}}";
    RunRecord r = new RunRecord("r1", null, "reward-hints", "openai/m", "complete", "t", 1, 1, config, "2026-12-05T00:00:00Z", null, null);
    String html = Pages.run(r, List.of(), Map.of(), Map.of());
    assertThat(html).contains("<th>served model</th><td>models.id=m; response_system_fingerprint=fp_&lt;1&gt;; "
        + "response_system_fingerprint changed: fp_&lt;1&gt; | fp_2</td>");
  }

  @Test
  void runsWithoutServedModelInfoShowNoRow() {
    RunRecord r = new RunRecord("r2", null, "reward-hints", "organism/sft", "complete", "t", 1, 1, "{\"suite\":\"reward-hints\"}",
        "2026-12-05T00:00:00Z", null, null);
    assertThat(Pages.run(r, List.of(), Map.of(), Map.of())).doesNotContain("served model");
  }
}
