-- A --batch submission is recorded before it is sent: a row in state 'submitting' with a client-generated token and
-- no batch id yet. The provider's id is filled in once it accepts the batch; a resume that finds a row still
-- 'submitting' looks the batch up at the provider (by the token where the API keeps one) instead of sending the same
-- requests again. The table is rebuilt (the same way on SQLite and PostgreSQL) because batch_id leaves the primary key.
CREATE TABLE batches_v5 (
  run_id           VARCHAR(64)  NOT NULL,
  token            VARCHAR(255) NOT NULL,
  batch_id         VARCHAR(255),
  provider         VARCHAR(64)  NOT NULL,
  status           VARCHAR(32)  NOT NULL,
  items            INTEGER      NOT NULL,
  custom_ids_json  TEXT         NOT NULL,
  submitted_at     VARCHAR(40)  NOT NULL,
  finished_at      VARCHAR(40),
  detail           TEXT,
  PRIMARY KEY (run_id, token)
);
-- Batches recorded before intents existed keep their provider id as their token.
INSERT INTO batches_v5 (run_id, token, batch_id, provider, status, items, custom_ids_json, submitted_at, finished_at, detail)
  SELECT run_id, batch_id, batch_id, provider, status, items, custom_ids_json, submitted_at, finished_at, detail FROM batches;
DROP TABLE batches;
ALTER TABLE batches_v5 RENAME TO batches;
-- One row per provider batch of a run (several NULLs, for unsent intents, are allowed by both databases).
CREATE UNIQUE INDEX batches_by_batch_id ON batches (run_id, batch_id);
