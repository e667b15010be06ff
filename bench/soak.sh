#!/usr/bin/env bash
# Soak test (not run in CI): starts ./observatory serve on free ports in its own data directory, drives it
# over OTLP/HTTP at a fixed rate for a long time, and every 30 s appends the service's RSS, GC pause
# seconds and request latency p50/p99 to a CSV. Stops everything it started, by PID, at the end.
#
#   bench/soak.sh [minutes] [spans-per-second|max] [csv]
#   defaults: 30 minutes; 19000 spans/s. On your machine, pass about half the OTLP/HTTP protobuf figure
#   that `bench/run report` measures (docs/BENCHMARKS.md).
#   With "max" instead of a rate, 8 clients send back to back (closed loop): the service at its maximum
#   sustained ingest, as the memory section of `bench/run report` runs it. SOAK_DRIVER replaces the
#   command that runs the driver (default bench/run; the report passes its own JVM and class path).
#   The data directory (database and service.log) stays for inspection unless SOAK_REMOVE_DATA=1.
#   The service runs with SOAK_SERVICE_JAVA_OPTS (default -Xmx256m), so that its RSS says whether memory
#   stays bounded rather than how large a default heap (a quarter of the machine) may grow.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MINUTES=${1:-30}
RATE=${2:-19000}
CSV=${3:-$PWD/soak-$(date -u +%Y%m%dT%H%M%SZ).csv}
INTERVAL=${SOAK_INTERVAL_SECONDS:-30}
DATA=$(mktemp -d "${TMPDIR:-/tmp}/observatory-soak-XXXXXX")
SERVICE_PID=

stop_service() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    echo "soak: stopping the service (pid $SERVICE_PID)" >&2
    kill -TERM "$SERVICE_PID"
    wait "$SERVICE_PID" || true
  fi
  # At full speed the data directory grows by gigabytes; SOAK_REMOVE_DATA=1 (as the report sets) drops it.
  if [ "${SOAK_REMOVE_DATA:-0}" = 1 ]; then
    rm -rf "$DATA"
  fi
}
trap stop_service EXIT

echo "soak: service data and log in $DATA" >&2
JAVA_OPTS=${SOAK_SERVICE_JAVA_OPTS:--Xmx256m} OBSERVATORY_DATA_DIR=$DATA OBSERVATORY_REDIS_URL=${OBSERVATORY_REDIS_URL:-none} \
  OBSERVATORY_MANAGEMENT_PORT=0 OBSERVATORY_OTLP_HTTP_PORT=0 OBSERVATORY_OTLP_GRPC_PORT=0 OBSERVATORY_API_PORT=0 \
  "$ROOT/observatory" serve >"$DATA/service.log" 2>&1 &
SERVICE_PID=$!

for _ in $(seq 1 600); do
  [ -f "$DATA/ports.json" ] && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { echo "soak: the service exited; see $DATA/service.log" >&2; exit 1; }
  sleep 0.5
done
[ -f "$DATA/ports.json" ] || { echo "soak: no ports.json after 5 minutes; see $DATA/service.log" >&2; exit 1; }
port() { sed -n "s/.*\"$1\" *: *\([0-9]*\).*/\1/p" "$DATA/ports.json"; }

# SOAK_DRIVER is split into words on purpose: it is a command with its arguments.
# shellcheck disable=SC2086
${SOAK_DRIVER:-"$ROOT/bench/run"} soak --endpoint "http://127.0.0.1:$(port otlpHttp)" \
  --metrics "http://127.0.0.1:$(port management)/metrics" --pid "$SERVICE_PID" \
  --rate "$RATE" --minutes "$MINUTES" --interval "$INTERVAL" --csv "$CSV"
echo "soak: results in $CSV" >&2
