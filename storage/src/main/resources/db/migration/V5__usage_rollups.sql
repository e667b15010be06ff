-- Hourly usage rollups of LLM spans (spans with a model): what /api/v1/usage reads instead of every span of
-- its window. One row per project, hour and combination of the dimensions usage groups and filters by; a
-- dimension a span did not have is '' (the readers turn it back into null). Sums are exact; latency is a
-- log-bucket histogram (LatencyBuckets: 1% relative accuracy) kept as the indexes of its non-empty buckets
-- and their counts, so that any window's percentiles come from adding the buckets of its hours.
CREATE TABLE usage_rollups (
    project_id          text             NOT NULL,
    hour                timestamptz      NOT NULL,
    service_name        text             NOT NULL,
    provider            text             NOT NULL,
    model               text             NOT NULL,
    operation           text             NOT NULL,
    status_code         text             NOT NULL,
    requests            bigint           NOT NULL,
    errors              bigint           NOT NULL,
    input_tokens        bigint           NOT NULL,
    output_tokens       bigint           NOT NULL,
    total_tokens        bigint           NOT NULL,
    cache_read_tokens   bigint           NOT NULL,
    reasoning_tokens    bigint           NOT NULL,
    cost_usd            numeric          NOT NULL,
    ttft_sum_ms         double precision NOT NULL,
    ttft_count          bigint           NOT NULL,
    latency_zero        bigint           NOT NULL,
    latency_indexes     integer[]        NOT NULL,
    latency_counts      bigint[]         NOT NULL,
    CONSTRAINT usage_rollups_pkey
        PRIMARY KEY (project_id, hour, model, provider, service_name, operation, status_code)
);

-- What each committed batch of spans adds, written in the batch's own transaction (so only committed spans
-- count, and a span sent again, which inserts nothing, adds nothing). A background task folds them into
-- usage_rollups; readers add the deltas not folded yet, so usage is exact from the moment of commit.
CREATE TABLE usage_rollup_deltas (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    LIKE usage_rollups
);

CREATE INDEX usage_rollup_deltas_hour_idx ON usage_rollup_deltas (project_id, hour);

-- Ranges of span time whose rollups are to be recomputed from the spans: the spans stored before this
-- version, and whatever 'observatory rollups rebuild' asks for. The background task works through them.
CREATE TABLE usage_rollup_rebuilds (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    from_time   timestamptz NOT NULL,
    to_time     timestamptz NOT NULL,
    requested   timestamptz NOT NULL DEFAULT now(),
    reason      text        NOT NULL
);

INSERT INTO usage_rollup_rebuilds (from_time, to_time, reason)
SELECT date_bin('1 hour', min(start_time), timestamptz '1970-01-01 00:00:00+00'),
       date_bin('1 hour', max(start_time), timestamptz '1970-01-01 00:00:00+00') + interval '1 hour',
       'spans stored before rollups existed'
  FROM spans
HAVING count(*) > 0;
