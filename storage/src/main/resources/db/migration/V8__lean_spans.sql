-- A leaner span row. What changes, and what each saves per span (bench/run queries measures the whole):
--   * trace_id, span_id, parent_span_id: the id's bytes (bytea, 16 and 8 bytes) instead of its hex text (32 and 16
--     characters), in the table and in the primary key. The API still speaks hex (SpanIds converts).
--   * kind and status_code: PostgreSQL enums (4 bytes) instead of text. SQL reads them as before:
--     status_code = 'error' still works.
--   * resource_attributes: the resource (service name, SDK, host, ...) is the same for every span a process sends,
--     so it is stored once per project in span_resources and each span keeps an 8-byte key to it (resource_id: the
--     first 8 bytes of the MD5 of the JSON text, as a signed bigint; SpanResources). Resource rows are never
--     deleted: a process's resource costs one row for ever, whatever its spans' retention.
--   * the prompt and the completion are stored once: the input_content and output_content columns hold them, and
--     the attribute they were read from is no longer repeated in attributes (here: gen_ai.input.messages and
--     gen_ai.output.messages; spans stored before this version by other conventions keep their copies).
--   * the JSON and text columns are compressed with lz4 where the server was built with it (the embedded
--     PostgreSQL was not: pglz stays there).
-- Every existing partition is rewritten once, with its indexes: the upgrade takes about as long as loading the
-- spans again (docs/SCHEMA.md).

CREATE TYPE span_kind AS ENUM ('unspecified', 'internal', 'server', 'client', 'producer', 'consumer');
CREATE TYPE span_status AS ENUM ('unset', 'ok', 'error');

-- The resource_id of a resource's JSON text; the service computes the same in Java (SpanResources).
CREATE FUNCTION span_resource_id(resource text) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ('x' || left(md5(resource), 16))::bit(64)::bigint;

-- An id as stored: its bytes when it is hex (every id the OTLP endpoints accept), its UTF-8 bytes otherwise (only
-- a library caller could have stored such an id; the service now refuses them).
CREATE FUNCTION pg_temp.id_bytes(id text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT
    RETURN CASE WHEN id ~ '^([0-9a-fA-F]{2})+$' THEN decode(id, 'hex') ELSE convert_to(id, 'UTF8') END;

CREATE TABLE span_resources (
    project_id  text   NOT NULL,
    resource_id bigint NOT NULL,
    attributes  jsonb  NOT NULL,
    CONSTRAINT span_resources_pkey PRIMARY KEY (project_id, resource_id)
);

INSERT INTO span_resources (project_id, resource_id, attributes)
SELECT project_id, span_resource_id(resource_attributes::text), resource_attributes
  FROM (SELECT DISTINCT project_id, resource_attributes FROM spans) r
    ON CONFLICT DO NOTHING;

-- Where the server has lz4, the rewrite below compresses with it (this transaction only).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        PERFORM set_config('default_toast_compression', 'lz4', true);
    END IF;
END
$$;

-- One rewrite of every partition for all of it.
ALTER TABLE spans
    ALTER COLUMN trace_id TYPE bytea USING pg_temp.id_bytes(trace_id),
    ALTER COLUMN span_id TYPE bytea USING pg_temp.id_bytes(span_id),
    ALTER COLUMN parent_span_id TYPE bytea USING pg_temp.id_bytes(parent_span_id),
    ALTER COLUMN kind TYPE span_kind USING kind::span_kind,
    ALTER COLUMN status_code TYPE span_status USING status_code::span_status,
    ALTER COLUMN resource_attributes DROP DEFAULT,
    ALTER COLUMN resource_attributes TYPE bigint USING span_resource_id(resource_attributes::text),
    ALTER COLUMN attributes TYPE jsonb USING
        CASE WHEN input_content IS NOT NULL AND output_content IS NOT NULL
                 THEN attributes - 'gen_ai.input.messages' - 'gen_ai.output.messages'
             WHEN input_content IS NOT NULL THEN attributes - 'gen_ai.input.messages'
             WHEN output_content IS NOT NULL THEN attributes - 'gen_ai.output.messages'
             ELSE attributes END;

ALTER TABLE spans RENAME COLUMN resource_attributes TO resource_id;
-- A span written without a resource (by hand, in SQL) has the empty one, as before.
ALTER TABLE spans ALTER COLUMN resource_id SET DEFAULT span_resource_id('{}');

-- And what is written from now on. SET COMPRESSION on the partitioned table reaches the partitions created later,
-- not those that exist: each is set too. (After the rewrite: changing a column's type resets its compression.)
DO $$
DECLARE
    partition regclass;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings
                WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        FOR partition IN SELECT 'spans'::regclass
                         UNION ALL SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'spans'::regclass
        LOOP
            EXECUTE format('ALTER TABLE %s ALTER COLUMN attributes SET COMPRESSION lz4, '
                           'ALTER COLUMN events SET COMPRESSION lz4, ALTER COLUMN links SET COMPRESSION lz4, '
                           'ALTER COLUMN input_content SET COMPRESSION lz4, '
                           'ALTER COLUMN output_content SET COMPRESSION lz4', partition);
        END LOOP;
        ALTER TABLE span_resources ALTER COLUMN attributes SET COMPRESSION lz4;
    END IF;
END
$$;
