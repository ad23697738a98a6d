package dev.candor;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Candor's one way of reading YAML into a tree. Jackson's own tree reader turns an alias ({@code b: *l}) into the
 * string {@code "l"}, silently; and it cannot resolve one, since it does not report the anchors ({@code &l}) of
 * scalars. So an alias, a merge key ({@code <<}) and a key given twice in one mapping are errors here
 * ({@link JsonParseException}, naming the line and column).
 */
public final class Yaml {
  private Yaml() {}

  private static final YAMLFactory FACTORY = new YAMLFactory();
  private static final ObjectMapper SCALARS = new ObjectMapper(FACTORY);

  /** The tree of a YAML document; {@link MissingNode} for an empty one. */
  public static JsonNode read(String text) throws JsonProcessingException {
    try (YAMLParser p = (YAMLParser) FACTORY.createParser(text)) {
      if (p.nextToken() == null) return MissingNode.getInstance();
      return node(p);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a string: not expected
    }
  }

  /** The node starting at the parser's current token (which it leaves on the node's last token). */
  private static JsonNode node(YAMLParser p) throws IOException {
    if (p.isCurrentAlias()) throw error(p, "aliases (*" + p.getText() + ") are not supported; write the value out");
    if (p.currentToken() == JsonToken.START_OBJECT) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonLocation at = p.currentTokenLocation();
        if (key.equals("<<")) throw error(p, "merge keys (<<) are not supported; write the keys out");
        p.nextToken();
        if (o.replace(key, node(p)) != null)
          throw new JsonParseException(p, "key '" + key + "' appears twice in one mapping (line " + at.getLineNr() + ")", at);
      }
      return o;
    } else if (p.currentToken() == JsonToken.START_ARRAY) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      while (p.nextToken() != JsonToken.END_ARRAY) a.add(node(p));
      return a;
    }
    return SCALARS.readTree(p);
  }

  private static JsonParseException error(YAMLParser p, String message) {
    JsonLocation at = p.currentTokenLocation();
    return new JsonParseException(p, message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")", at);
  }
}
