-- trajectories_by_variant (run_id, variant_id, label) is a prefix of trajectories_counts (run_id, variant_id, label,
-- value), which serves every query it served. Dropping it saves one B-tree update per stored trajectory.
DROP INDEX trajectories_by_variant;
