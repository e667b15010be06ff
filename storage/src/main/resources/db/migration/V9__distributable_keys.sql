-- Keys a sharded store can keep. Every table that holds a project's data is to be distributable by project_id
-- (docs/SCALING.md): each primary key includes project_id, and no value comes from a sequence shared by the whole
-- database. Two tables did not qualify, both keyed by an identity column:
--   * usage_rollup_deltas: now keyed (project_id, delta_id), delta_id a random uuid. The fold, which took "the oldest
--     deltas" by id across every project, now folds each project on its own, oldest first by written_at (the time
--     of the transaction that wrote the delta), which usage_rollup_deltas_written_idx serves.
--   * usage_rollup_rebuilds: a waiting range held no project and was rebuilt for every project at once. Each range
--     now belongs to one project, keyed (project_id, rebuild_id), and is rebuilt project by project (one shard at a
--     time, once sharded), oldest request first.
-- The rows already there are kept: each delta gets its uuid, and a written_at that keeps the order of its old id;
-- each waiting range is queued once for every project that has spans, rollups or deltas.

-- Deltas: the old ids, in order, become written_at just before now (a microsecond apart), then give way to uuids.
ALTER TABLE usage_rollup_deltas
    ADD COLUMN delta_id   uuid        NOT NULL DEFAULT gen_random_uuid(),
    ADD COLUMN written_at timestamptz NOT NULL DEFAULT now();

UPDATE usage_rollup_deltas
   SET written_at = now() - ((SELECT max(id) FROM usage_rollup_deltas) - id) * interval '1 microsecond';

ALTER TABLE usage_rollup_deltas DROP CONSTRAINT usage_rollup_deltas_pkey;
ALTER TABLE usage_rollup_deltas DROP COLUMN id;
ALTER TABLE usage_rollup_deltas ADD CONSTRAINT usage_rollup_deltas_pkey PRIMARY KEY (project_id, delta_id);
CREATE INDEX usage_rollup_deltas_written_idx ON usage_rollup_deltas (project_id, written_at);

-- Rebuilds: one waiting range per project.
CREATE TABLE usage_rollup_rebuilds_by_project (
    project_id  text        NOT NULL,
    rebuild_id  uuid        NOT NULL DEFAULT gen_random_uuid(),
    from_time   timestamptz NOT NULL,
    to_time     timestamptz NOT NULL,
    requested   timestamptz NOT NULL DEFAULT now(),
    reason      text        NOT NULL,
    CONSTRAINT usage_rollup_rebuilds_by_project_pkey PRIMARY KEY (project_id, rebuild_id)
);

-- Every project with spans (read one project at a time down the primary key of spans, rather than by reading every
-- span), rollups or deltas: a range rebuilt for a project that has no spans in it deletes that project's rollups
-- there, as the rebuild of every project at once did.
INSERT INTO usage_rollup_rebuilds_by_project (project_id, from_time, to_time, requested, reason)
WITH RECURSIVE span_projects (project_id) AS (
    (SELECT project_id FROM spans ORDER BY project_id LIMIT 1)
    UNION ALL
    SELECT (SELECT s.project_id FROM spans s WHERE s.project_id > p.project_id ORDER BY s.project_id LIMIT 1)
      FROM span_projects p
     WHERE p.project_id IS NOT NULL
), projects AS (
    SELECT project_id FROM span_projects WHERE project_id IS NOT NULL
    UNION SELECT project_id FROM usage_rollups
    UNION SELECT project_id FROM usage_rollup_deltas
)
SELECT p.project_id, r.from_time, r.to_time, r.requested, r.reason
  FROM usage_rollup_rebuilds r CROSS JOIN projects p
 ORDER BY r.id, p.project_id;

DROP TABLE usage_rollup_rebuilds;
ALTER TABLE usage_rollup_rebuilds_by_project RENAME TO usage_rollup_rebuilds;
ALTER TABLE usage_rollup_rebuilds RENAME CONSTRAINT usage_rollup_rebuilds_by_project_pkey TO usage_rollup_rebuilds_pkey;
