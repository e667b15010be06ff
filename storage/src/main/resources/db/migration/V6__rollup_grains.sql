-- Usage rollups, second form. V5 kept one row per combination of every dimension, with the latency histogram as
-- two arrays; reading 30 days of them (tens of thousands of rows at ten million spans) spent nearly all its time
-- printing, sending and parsing the arrays' text, and a window that did not start and end on the hour read up to
-- two hours of spans at its edges. Now:
--   * grain: usage is kept at several grains (RollupGrain), each a period and the dimensions kept: 0 an hour and
--     every dimension, 1 an hour and only provider and model, 2 an hour and only the service, 3 five minutes and
--     every dimension (kept as long as the spans). A dimension a grain does not keep is ''. A query reads the
--     coarsest hourly grain that has what it groups and filters by, and five-minute rows at its edges.
--   * period_start: the start of the row's period (an hour, or five minutes), epoch-aligned, UTC.
--   * latency: the histogram in one bytea (HistogramBytes: version byte, then varints: zero count, bucket count,
--     and per bucket the index step and the count); usage_latency_buckets() below reads it in SQL.
--   * the fold updates rows in place; the fill factor leaves room on each page for the new versions.
-- The V5 rows are recomputed from the spans (queued below, as V5 did): rollups older than the spans kept are not
-- carried over, which only matters for a database older than its span retention since V5.
DROP TABLE usage_rollup_deltas;
DROP TABLE usage_rollups;

CREATE TABLE usage_rollups (
    project_id          text             NOT NULL,
    grain               smallint         NOT NULL,
    period_start        timestamptz      NOT NULL,
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
    latency             bytea            NOT NULL,
    CONSTRAINT usage_rollups_pkey
        PRIMARY KEY (project_id, grain, period_start, model, provider, service_name, operation, status_code)
) WITH (fillfactor = 80);

-- What each committed batch of spans adds, at grain 3 (five minutes, every dimension), written in the batch's own transaction (so only committed
-- spans count, and a span sent again, which inserts nothing, adds nothing). A background task folds them into
-- usage_rollups at every grain; readers add the deltas not folded yet, so usage is exact from the moment of commit.
CREATE TABLE usage_rollup_deltas (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    LIKE usage_rollups
);

CREATE INDEX usage_rollup_deltas_period_idx ON usage_rollup_deltas (project_id, period_start);

-- The whole span range is queued, which covers any range still waiting from V5.
DELETE FROM usage_rollup_rebuilds;
INSERT INTO usage_rollup_rebuilds (from_time, to_time, reason)
SELECT date_bin('1 hour', min(start_time), timestamptz '1970-01-01 00:00:00+00'),
       date_bin('1 hour', max(start_time), timestamptz '1970-01-01 00:00:00+00') + interval '1 hour',
       'rollups stored with grains and binary histograms'
  FROM spans
HAVING count(*) > 0;

-- The buckets of a stored latency histogram: one row per non-empty bucket, and one with a null bucket for the
-- latencies that counted as zero. For dashboards and ad-hoc SQL; the service reads the bytes itself.
CREATE FUNCTION usage_latency_buckets(histogram bytea)
    RETURNS TABLE (bucket integer, requests bigint)
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    pos     integer := 1;
    n       bigint;
    i       bigint;
    idx     bigint := -690;  -- LatencyBuckets.MIN_INDEX: the first step counts from here
    value   bigint;
    shift   integer;
    b       integer;
    numbers bigint[] := '{}';
BEGIN
    IF get_byte(histogram, 0) <> 1 THEN
        RAISE EXCEPTION 'latency histogram of unknown layout version %', get_byte(histogram, 0);
    END IF;
    -- Every varint after the version byte, in order.
    WHILE pos < length(histogram) LOOP
        value := 0;
        shift := 0;
        LOOP
            b := get_byte(histogram, pos);
            pos := pos + 1;
            value := value | ((b & 127)::bigint << shift);
            EXIT WHEN b < 128;
            shift := shift + 7;
        END LOOP;
        numbers := numbers || value;
    END LOOP;
    IF numbers[1] > 0 THEN
        bucket := NULL;
        requests := numbers[1];
        RETURN NEXT;
    END IF;
    n := numbers[2];
    FOR i IN 0 .. n - 1 LOOP
        idx := idx + numbers[3 + 2 * i];
        bucket := idx;
        requests := numbers[4 + 2 * i];
        RETURN NEXT;
    END LOOP;
END
$$;

-- The latency a bucket reports, in milliseconds: 2 * gamma^bucket / (gamma + 1) with gamma = 1.01 / 0.99, which is
-- within 1% of every latency in the bucket; 0 for the null bucket of zero latencies. The literals are
-- LatencyBuckets.LN_GAMMA and ln(2 / (gamma + 1)) as Java prints them.
CREATE FUNCTION usage_latency_ms(bucket integer)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN bucket IS NULL THEN 0
            ELSE exp(bucket * 0.020000666706669435::double precision + -0.010050335853501338::double precision)
       END
$$;

-- The estimated q-quantile of the latencies of a set of stored histograms, as the service computes it
-- (LatencyHistogram.quantile): the reported value of the bucket holding the value of rank max(1, ceil(q * n)),
-- counting up from the zeros; null when they hold nothing.
CREATE FUNCTION usage_latency_quantile(histograms bytea[], q double precision)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT usage_latency_ms(bucket)
  FROM (SELECT bucket,
               sum(sum(x.requests)) OVER (ORDER BY bucket NULLS FIRST) AS running,
               sum(sum(x.requests)) OVER () AS total
          FROM unnest(histograms) AS h(latency), usage_latency_buckets(h.latency) AS x
         GROUP BY bucket) c
 WHERE running >= greatest(1, ceil(q * total))
 ORDER BY bucket NULLS FIRST
 LIMIT 1
$$;

-- Usage per hour by provider and model, folded or not yet: what dashboards read (docs/grafana/llm-usage.json).
-- Whole hours only; provider '' when the spans had none.
CREATE VIEW usage_model_hours AS
SELECT project_id, period_start AS hour, provider, model, requests, errors, input_tokens, output_tokens, total_tokens,
       cache_read_tokens, reasoning_tokens, cost_usd, ttft_sum_ms, ttft_count, latency
  FROM usage_rollups
 WHERE grain = 1
UNION ALL
SELECT project_id, date_bin('1 hour', period_start, timestamptz '1970-01-01 00:00:00+00') AS hour, provider, model, requests, errors, input_tokens, output_tokens, total_tokens,
       cache_read_tokens, reasoning_tokens, cost_usd, ttft_sum_ms, ttft_count, latency
  FROM usage_rollup_deltas;
