-- Whether requests need an API key, as one row. 'open' until the first key is created, 'keys' from then
-- on: revoking the last key leaves every request refused until an operator reopens the service
-- (observatory access open). A database of an earlier version keeps the access it had: keyed while an
-- active key exists, open otherwise.
CREATE TABLE access_mode (
    singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    mode       text        NOT NULL CHECK (mode IN ('open', 'keys')),
    changed_at timestamptz NOT NULL DEFAULT now(),
    reason     text        NOT NULL
);

INSERT INTO access_mode (mode, reason)
SELECT CASE WHEN EXISTS (SELECT 1 FROM api_keys WHERE revoked_at IS NULL) THEN 'keys' ELSE 'open' END,
       'schema upgrade: keyed when an active key existed';
