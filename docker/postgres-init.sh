#!/bin/sh
# Runs once, when the Compose stack's PostgreSQL volume is first created (docker-entrypoint-initdb.d).
# Grafana reads the stored spans as grafana_reader, which may only SELECT. The service (user
# observatory) creates its tables at start; the default privileges below cover every table it
# creates in schema public, partitions added later included.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v reader_password="$GRAFANA_READER_PASSWORD" -v db="$POSTGRES_DB" -v owner="$POSTGRES_USER" <<'SQL'
CREATE ROLE grafana_reader LOGIN PASSWORD :'reader_password';
GRANT CONNECT ON DATABASE :"db" TO grafana_reader;
GRANT USAGE ON SCHEMA public TO grafana_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT ON TABLES TO grafana_reader;
SQL
