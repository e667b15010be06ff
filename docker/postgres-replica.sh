#!/usr/bin/env bash
# Entrypoint of the Compose stack's read replica (postgres-replica in docker/monitoring-stack.yml),
# run as root in the official postgres:17 image, with the image's command as its arguments.
#
# On an empty data volume it waits until the primary accepts TCP connections (the image's
# temporary server of the first start listens on its socket only, so this also waits out
# docker/postgres-init.sh), then clones the primary with pg_basebackup as the replication role,
# streaming the WAL written meanwhile, through the slot postgres-init.sh created, and with -R, which
# writes standby.signal and primary_conninfo. Then, as on every later start, it hands over to the
# image's entrypoint: it finds a cluster in PGDATA, skips initdb and the init scripts, and starts
# postgres, which runs as a hot standby (read-only queries while it replays the primary's WAL) and
# resumes streaming where it stopped.
#
# Settings (environment): PRIMARY_HOST, PRIMARY_PORT, REPLICATION_USER, REPLICATION_SLOT, and
# PGPASSWORD, the replication role's password, which pg_basebackup and the standby's WAL receiver
# both read (both are libpq clients).
set -euo pipefail

PGDATA=${PGDATA:-/var/lib/postgresql/data}
PRIMARY_HOST=${PRIMARY_HOST:-postgres}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICATION_USER=${REPLICATION_USER:-replicator}
REPLICATION_SLOT=${REPLICATION_SLOT:-observatory_replica}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  # pg_basebackup empties the directory itself when it fails; a container stopped in the middle of a
  # clone may still leave files behind, and pg_basebackup only writes into an empty directory.
  if [ -d "$PGDATA" ] && [ -n "$(ls -A "$PGDATA")" ]; then
    echo "replica: $PGDATA holds no cluster, only the remains of a clone; emptying it"
    find "$PGDATA" -mindepth 1 -delete
  fi
  echo "replica: waiting for the primary at $PRIMARY_HOST:$PRIMARY_PORT"
  until pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT"; do
    sleep 2
  done
  echo "replica: cloning $PRIMARY_HOST:$PRIMARY_PORT into $PGDATA (slot $REPLICATION_SLOT)"
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 0700 "$PGDATA"
  gosu postgres pg_basebackup --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" --username="$REPLICATION_USER" \
    --no-password --pgdata="$PGDATA" --wal-method=stream --slot="$REPLICATION_SLOT" --write-recovery-conf \
    --checkpoint=fast
  echo "replica: clone complete; starting as a hot standby"
fi

exec docker-entrypoint.sh "$@"
