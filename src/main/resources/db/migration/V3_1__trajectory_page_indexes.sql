-- Indexes for paged, filtered reads of one run's trajectories (the viewer): each filter walks an index already in
-- (sample_id, epoch) order, so a page costs its offset in index steps, never a sort of the whole run.
CREATE INDEX trajectories_page_by_variant ON trajectories (run_id, variant_id, sample_id, epoch);
CREATE INDEX trajectories_page_by_label ON trajectories (run_id, label, sample_id, epoch);
CREATE INDEX samples_by_variant ON samples (run_id, variant_id);
-- Covers the label-count query (GROUP BY variant, label, value) every run page and rate table starts from.
CREATE INDEX trajectories_counts ON trajectories (run_id, variant_id, label, value);
