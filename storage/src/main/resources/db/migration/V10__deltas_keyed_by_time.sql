-- V10: the usage deltas' primary key leads with the time they were written, and no separate index keeps that order.
-- V9 keyed a delta (project_id, delta_id) with delta_id a random uuid, and added an index on (project_id, written_at)
-- for the fold: every delta written cost an entry at a random place in the key and one in the time index, a third
-- index beside usage_rollup_deltas_period_idx, and the benchmark's writer with rollups fell to 0.88 to 0.93 of the writer
-- without them (0.95 is the target; 1.0 before V9). Keyed (project_id, written_at, delta_id), a delta's entry goes
-- at the end of its project's range, the key stays unique without a sequence and includes project_id, and it serves
-- the fold's range of oldest deltas itself.
ALTER TABLE usage_rollup_deltas DROP CONSTRAINT usage_rollup_deltas_pkey;
DROP INDEX usage_rollup_deltas_written_idx;
ALTER TABLE usage_rollup_deltas
    ADD CONSTRAINT usage_rollup_deltas_pkey PRIMARY KEY (project_id, written_at, delta_id);
