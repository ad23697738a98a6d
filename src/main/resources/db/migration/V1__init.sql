-- Candor's schema. Portable between SQLite and PostgreSQL: TEXT for JSON and ISO-8601 timestamps.
CREATE TABLE runs (
  id              VARCHAR(64)  PRIMARY KEY,
  name            VARCHAR(255),
  suite           VARCHAR(255) NOT NULL,
  model           VARCHAR(512) NOT NULL,
  status          VARCHAR(32)  NOT NULL,
  candor_version  VARCHAR(64)  NOT NULL,
  seed            BIGINT       NOT NULL,
  epochs          INTEGER      NOT NULL,
  config_json     TEXT         NOT NULL,
  created_at      VARCHAR(40)  NOT NULL,
  finished_at     VARCHAR(40),
  parent_run_id   VARCHAR(64)
);

CREATE TABLE samples (
  run_id          VARCHAR(64)  NOT NULL,
  sample_id       VARCHAR(255) NOT NULL,
  ordinal         INTEGER      NOT NULL,
  variant_id      VARCHAR(255) NOT NULL,
  axes_json       TEXT         NOT NULL,
  input_json      TEXT         NOT NULL,
  metadata_json   TEXT         NOT NULL,
  PRIMARY KEY (run_id, sample_id)
);

CREATE TABLE trajectories (
  run_id            VARCHAR(64)  NOT NULL,
  sample_id         VARCHAR(255) NOT NULL,
  epoch             INTEGER      NOT NULL,
  variant_id        VARCHAR(255) NOT NULL,
  label             VARCHAR(64)  NOT NULL,
  value             INTEGER,
  answer            TEXT,
  explanation       TEXT,
  evidence_json     TEXT,
  score_meta_json   TEXT,
  output_text       TEXT,
  reasoning         TEXT,
  finish_reason     VARCHAR(64),
  truncated         INTEGER      NOT NULL,
  input_tokens      BIGINT,
  output_tokens     BIGINT,
  reasoning_tokens  BIGINT,
  latency_ms        BIGINT,
  seed              BIGINT,
  messages_json     TEXT,
  events_json       TEXT,
  raw_json          TEXT,
  attempts_json     TEXT,
  error             TEXT,
  started_at        VARCHAR(40),
  finished_at       VARCHAR(40),
  PRIMARY KEY (run_id, sample_id, epoch)
);
CREATE INDEX trajectories_by_variant ON trajectories (run_id, variant_id, label);

-- Later graders and analyses (judges, awareness labels) add scores without rewriting trajectories.
CREATE TABLE scores (
  run_id          VARCHAR(64)  NOT NULL,
  sample_id       VARCHAR(255) NOT NULL,
  epoch           INTEGER      NOT NULL,
  scorer          VARCHAR(128) NOT NULL,
  label           VARCHAR(64)  NOT NULL,
  value           INTEGER,
  answer          TEXT,
  explanation     TEXT,
  evidence_json   TEXT,
  metadata_json   TEXT,
  created_at      VARCHAR(40)  NOT NULL,
  PRIMARY KEY (run_id, sample_id, epoch, scorer)
);
