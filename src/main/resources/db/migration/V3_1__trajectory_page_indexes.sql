-- Indexes for paged, filtered reads of one run's trajectories (the viewer): each filter walks an index already in
-- (sample_id, epoch) order, so a page costs its offset in index steps, never a sort of the whole run.
CREATE INDEX trajectories_page_by_variant ON trajectories (run_id, variant_id, sample_id, epoch);
CREATE INDEX trajectories_page_by_label ON trajectories (run_id, label, sample_id, epoch);
CREATE INDEX samples_by_variant ON samples (run_id, variant_id);
