-- Content-addressed model responses: reruns and re-grading cost nothing. Errors are never cached.
CREATE TABLE response_cache (
  cache_key    VARCHAR(64)  PRIMARY KEY,
  model        VARCHAR(512) NOT NULL,
  output_json  TEXT         NOT NULL,
  created_at   VARCHAR(40)  NOT NULL
);
