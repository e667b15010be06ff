-- API keys. The secret is shown once at creation and stored only as a SHA-256 hash: keys are long
-- random strings, so a slow password hash would add nothing but latency to every request.
CREATE TABLE api_keys (
    key_id      text        PRIMARY KEY,
    project_id  text        NOT NULL,
    name        text        NOT NULL,
    secret_hash bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE INDEX api_keys_project_idx ON api_keys (project_id);
