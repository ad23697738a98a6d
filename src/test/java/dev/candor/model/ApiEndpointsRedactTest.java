package dev.candor.model;

import dev.candor.cli.CliWiring;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candor.InvalidSetting;
import dev.candor.InvalidSetting.Setting;
import dev.candor.run.Secrets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which parts of a base URL are credentials: user info and query parameters named like keys (issue 16, item 7). */
class ApiEndpointsRedactTest {
  @Test
  void userInfoIsRemovedAndCredentialParametersMasked() {
    assertThat(ApiEndpoints.redact("http://u:p@h:8000/v1")).isEqualTo("http://h:8000/v1");
    assertThat(ApiEndpoints.redact("https://u:p@ss@h/v1?x=1")).isEqualTo("https://h/v1?x=1");
    assertThat(ApiEndpoints.redact("https://h/v1?key=K1&api_key=K2&apikey=K3&api-key=K4&token=K5&access_token=K6&sig=K7"
        + "&X-Amz-Signature=K8&password=K9&client_secret=K10&auth=K11&api-version=2024&design=x&author=y"))
        .isEqualTo("https://h/v1?key=***&api_key=***&apikey=***&api-key=***&token=***&access_token=***&sig=***"
            + "&X-Amz-Signature=***&password=***&client_secret=***&auth=***&api-version=2024&design=x&author=y");
    assertThat(ApiEndpoints.redact("http://a:8000/v1,http://u:p@b:8000/v1?KEY=z")).isEqualTo("http://a:8000/v1,http://b:8000/v1?KEY=***");
    assertThat(ApiEndpoints.redact("http://localhost:8000/v1")).isEqualTo("http://localhost:8000/v1");
    assertThat(ApiEndpoints.redact(null)).isNull();
  }

  @Test
  void credentialsAreCollectedForScrubbing() {
    assertThat(ApiEndpoints.credentials("http://alice:wonderland@h/v1?api_key=abcdef&x=1"))
        .containsExactly("alice:wonderland", "wonderland", "abcdef");
    Secrets s = CliWiring.secrets(Map.of("OPENAI_BASE_URL", "http://h/v1?token=tok-123456")).withUrls("http://u:pass-7890@h/v1");
    assertThat(s.scrub("echo tok-123456 and pass-7890")).isEqualTo("echo *** and ***");
    assertThat(Secrets.url("http://u:pass-7890@h/v1?token=tok-123456")).isEqualTo("http://h/v1?token=***");
  }

  @Test
  void theBaseUrlErrorMessageCarriesNoCredentials() {
    var opts = new ModelOptions("ftp://u:pw-77777@h/v1?key=kkkkkk", null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiEndpoints.baseUrl(opts, ApiAccess.NONE, "https://x", "http://h/v1"))
        .isInstanceOf(InvalidSetting.class).hasFieldOrPropertyWithValue("setting", Setting.BASE_URL).hasMessageNotContaining("pw-77777").hasMessageNotContaining("kkkkkk");
  }

  @Test
  void pathsGoBeforeTheQueryString() {
    assertThat(ApiEndpoints.join("http://h/v1", "/models")).isEqualTo("http://h/v1/models");
    assertThat(ApiEndpoints.join("http://h/v1?api-version=1", "/chat/completions")).isEqualTo("http://h/v1/chat/completions?api-version=1");
  }
}
