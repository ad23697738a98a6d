-- Provider batch jobs of runs made with --batch: a resume finds a batch still running after a crash and polls it
-- instead of submitting again. custom_ids_json lists the (sample, epoch) items the batch holds.
CREATE TABLE batches (
  run_id           VARCHAR(64)  NOT NULL,
  batch_id         VARCHAR(255) NOT NULL,
  provider         VARCHAR(64)  NOT NULL,
  status           VARCHAR(32)  NOT NULL,
  items            INTEGER      NOT NULL,
  custom_ids_json  TEXT         NOT NULL,
  submitted_at     VARCHAR(40)  NOT NULL,
  finished_at      VARCHAR(40),
  detail           TEXT,
  PRIMARY KEY (run_id, batch_id)
);
