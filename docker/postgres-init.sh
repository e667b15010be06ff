#!/bin/sh
# Runs once, when the Compose stack's primary PostgreSQL volume is first created
# (docker-entrypoint-initdb.d, as the postgres user, while the image's temporary server runs).
#
# Grafana reads the stored spans as grafana_reader, which may only SELECT. The service (user
# observatory) creates its tables at start; the default privileges below cover every table it
# creates in schema public, partitions added later included. Both roles reach the read replica
# with everything else, since it is a copy of this cluster.
#
# The read replica (postgres-replica, docker/postgres-replica.sh) clones this cluster with
# pg_basebackup as `replicator`, a role that may replicate and do nothing else, and streams WAL
# through the physical slot observatory_replica: the primary keeps the WAL the replica has not
# received yet, up to max_slot_wal_keep_size (monitoring-stack.yml), so a replica that was
# stopped for a while catches up by itself.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v reader_password="$GRAFANA_READER_PASSWORD" -v db="$POSTGRES_DB" -v owner="$POSTGRES_USER" \
  -v replication_password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE grafana_reader LOGIN PASSWORD :'reader_password';
GRANT CONNECT ON DATABASE :"db" TO grafana_reader;
GRANT USAGE ON SCHEMA public TO grafana_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT ON TABLES TO grafana_reader;

CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'replication_password';
SELECT pg_create_physical_replication_slot('observatory_replica');
SQL

# Replication connections match only lines whose database is `replication` (`all` does not cover
# them). The image has already appended `host all all all scram-sha-256` for ordinary logins; the
# server started after this script reads the file anew.
printf '%s\n' "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
