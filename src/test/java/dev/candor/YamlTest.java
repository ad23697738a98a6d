package dev.candor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class YamlTest {
  @Test
  void aliasesAreRefusedWithTheirPlaceNotReadAsText() {
    assertThatThrownBy(() -> Yaml.read("l: &l Choose a random even number.\nb: *l\n")).isInstanceOf(JsonProcessingException.class)
        .hasMessageStartingWith("aliases (*l) are not supported; write the value out (line 2, column 4)");
    assertThatThrownBy(() -> Yaml.read("m: &m {x: 1}\nd:\n  - 1\n  - *m\n")).hasMessageStartingWith("aliases (*m) are not supported; write the value out (line 4, column 5)");
    assertThatThrownBy(() -> Yaml.read("base: {x: 1}\nc:\n  <<: {x: 2}\n")).hasMessageStartingWith("merge keys (<<) are not supported");
    assertThatThrownBy(() -> Yaml.read("a: 1\nb: 2\na: 3\n")).hasMessageStartingWith("key 'a' appears twice in one mapping (line 3)");
  }

  @Test
  void treesAreJacksonsOwnAndAnEmptyDocumentIsMissing() throws Exception {
    String text = "a: 1\nb: 2.5\nc: true\nd: ~\ne: '1'\nf: [x, {g: on}]\nh: &h anchors alone are harmless\n";
    JsonNode n = Yaml.read(text);
    assertThat(n).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(text));
    assertThat(n.get("a").isInt()).isTrue();
    assertThat(n.get("d").isNull()).isTrue();
    assertThat(n.get("e").isTextual()).isTrue();
    assertThat(Yaml.read("").isMissingNode()).isTrue();
  }
}
