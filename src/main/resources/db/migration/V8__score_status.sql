-- "Could not score" as an explicit state beside the label: scored (a value), not_counted (the scorer read a complete
-- input and says it does not count: ambiguous, an unparsed answer, not_applicable, no_reasoning) or could_not_score
-- (no verdict: the trajectory ended in error or stopped early, the text was over budget, a judge's call failed or its
-- reply was unreadable, no score given). Old rows get it from their labels, by the rule of Score.Status.inferred as
-- it stood when this was written; only judges' "unparsed" is an unreadable reply.
ALTER TABLE trajectories ADD COLUMN status VARCHAR(16);
ALTER TABLE scores ADD COLUMN status VARCHAR(16);

UPDATE trajectories SET status = CASE
  WHEN value IS NOT NULL THEN 'scored'
  WHEN label IN ('error', 'judge_error', 'too_long', 'truncated', 'incomplete', 'unscored') THEN 'could_not_score'
  WHEN label = 'unparsed' AND EXISTS (SELECT 1 FROM runs r WHERE r.id = trajectories.run_id AND r.headline_scorer LIKE '%judge%')
    THEN 'could_not_score'
  ELSE 'not_counted' END;

UPDATE scores SET status = CASE
  WHEN value IS NOT NULL THEN 'scored'
  WHEN label IN ('error', 'judge_error', 'too_long', 'truncated', 'incomplete', 'unscored') THEN 'could_not_score'
  WHEN label = 'unparsed' AND scorer LIKE '%judge%' THEN 'could_not_score'
  ELSE 'not_counted' END;
