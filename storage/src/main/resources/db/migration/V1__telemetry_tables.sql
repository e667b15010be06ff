-- Telemetry tables. Each is range-partitioned by day on its time column; the service creates the
-- daily partitions ahead of time (PartitionManager) and retention drops whole partitions.
-- Every key starts with project_id so that the schema can be distributed by Citus later.

CREATE TABLE spans (
    project_id          text             NOT NULL,
    trace_id            text             NOT NULL,
    span_id             text             NOT NULL,
    parent_span_id      text,
    name                text             NOT NULL,
    kind                text             NOT NULL,
    service_name        text,
    start_time          timestamptz      NOT NULL,
    end_time            timestamptz      NOT NULL,
    duration_ms         double precision NOT NULL,
    status_code         text             NOT NULL,
    status_message      text,
    provider            text,
    model               text,
    operation           text,
    input_tokens        bigint,
    output_tokens       bigint,
    total_tokens        bigint,
    cache_read_tokens   bigint,
    reasoning_tokens    bigint,
    cost_usd            numeric(20, 10),
    time_to_first_token_ms double precision,
    finish_reason       text,
    user_id             text,
    session_id          text,
    environment         text,
    attributes          jsonb            NOT NULL DEFAULT '{}',
    resource_attributes jsonb            NOT NULL DEFAULT '{}',
    events              jsonb            NOT NULL DEFAULT '[]',
    links               jsonb            NOT NULL DEFAULT '[]',
    input_content       text,
    output_content      text,
    CONSTRAINT spans_pkey PRIMARY KEY (project_id, trace_id, span_id, start_time)
) PARTITION BY RANGE (start_time);

-- Time-bounded scans: trace lists, span search, usage aggregates.
CREATE INDEX spans_time_idx ON spans (project_id, start_time);
-- LLM calls by model: usage per model and trace lists filtered by model (most spans have no model).
CREATE INDEX spans_model_idx ON spans (project_id, model, start_time) WHERE model IS NOT NULL;
-- A conversation's spans: session lookups touch a handful of rows out of millions.
CREATE INDEX spans_session_idx ON spans (project_id, session_id, start_time) WHERE session_id IS NOT NULL;

CREATE TABLE logs (
    project_id          text        NOT NULL,
    log_id              uuid        NOT NULL,
    time                timestamptz NOT NULL,
    observed_time       timestamptz,
    severity_number     smallint    NOT NULL,
    severity_text       text,
    body                text,
    service_name        text,
    trace_id            text,
    span_id             text,
    attributes          jsonb       NOT NULL DEFAULT '{}',
    resource_attributes jsonb       NOT NULL DEFAULT '{}',
    CONSTRAINT logs_pkey PRIMARY KEY (project_id, log_id, time)
) PARTITION BY RANGE (time);

-- Time-bounded log search, newest first.
CREATE INDEX logs_time_idx ON logs (project_id, time);
-- The logs of one trace.
CREATE INDEX logs_trace_idx ON logs (project_id, trace_id) WHERE trace_id IS NOT NULL;

CREATE TABLE metric_points (
    project_id          text             NOT NULL,
    series_id           uuid             NOT NULL,
    metric_name         text             NOT NULL,
    metric_type         text             NOT NULL,
    unit                text,
    description         text,
    service_name        text,
    attributes          jsonb            NOT NULL DEFAULT '{}',
    resource_attributes jsonb            NOT NULL DEFAULT '{}',
    start_time          timestamptz,
    time                timestamptz      NOT NULL,
    value               double precision,
    is_monotonic        boolean,
    temporality         text,
    count               bigint,
    sum                 double precision,
    min                 double precision,
    max                 double precision,
    bucket_counts       bigint[],
    explicit_bounds     double precision[],
    CONSTRAINT metric_points_pkey PRIMARY KEY (project_id, series_id, time)
) PARTITION BY RANGE (time);

-- Series by metric name over a time range.
CREATE INDEX metric_points_name_idx ON metric_points (project_id, metric_name, time);

-- Prices per million tokens. A model matches a row exactly, or by a regular expression when
-- match_pattern is set; the row in force on the span's date wins.
CREATE TABLE model_prices (
    id                         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider                   text           NOT NULL,
    model                      text           NOT NULL,
    match_pattern              text,
    input_per_million          numeric(20, 10) NOT NULL,
    output_per_million         numeric(20, 10) NOT NULL,
    cached_input_per_million   numeric(20, 10),
    effective_from             date           NOT NULL DEFAULT DATE '2000-01-01',
    effective_to               date,
    source                     text,
    CONSTRAINT model_prices_unique UNIQUE (provider, model, effective_from)
);
