#!/usr/bin/env bash
# Proves the operations bundle: the Prometheus config, alert and recording rules, dashboards,
# Compose stack and Kubernetes manifests.
#
#   docker/verify.sh          static checks (a)-(c); needs promtool, docker-compose, python3-yaml
#   docker/verify.sh --live   also (d)-(e): a real service, a real Prometheus, traffic, and every
#                             dashboard, alert and recording-rule query asked of them
#
# (a) promtool check config / check rules / test rules; dashboards and alert rules well formed
#     (docker/verify_ops.py static)
# (b) docker-compose -f docker/monitoring-stack.yml config -q
# (c) deploy/k8s parses, its probes and ports are the service's (README.md), its connection
#     settings come from one Secret (the read replica's as optional keys) whose every key
#     docs/MONITORING_SETUP.md shows, and deploy/k8s/prometheusrule.yaml is generated from the
#     current rules
# (d) ./observatory serve on free ports with a fresh data dir, reading through a read URL that
#     names its own database by way of a forwarder, its health probes and /metrics, a Prometheus on
#     127.0.0.1 scraping it every second with the rules loaded, the read replica round (reads on
#     the replica; forwarder stopped: reads on the primary, /health DEGRADED, readiness 200;
#     forwarder back: reads on the replica), traffic (drive_traffic), then every panel query of the
#     two Prometheus dashboards and every alert and recording rule expression through the HTTP API;
#     a query passes when some series has a number
# (e) every SQL query of llm-usage.json against the service's PostgreSQL, Grafana macros expanded
#
# Everything started here is stopped by PID when the script exits; nothing is left running.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

LIVE=0
for arg in "$@"; do
  case $arg in
    --live) LIVE=1 ;;
    -h|--help) sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "verify: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done

FAILED=()
step() {
  local name=$1
  shift
  echo "== $name"
  if "$@"; then
    echo "== $name: passed"
  else
    echo "== $name: FAILED" >&2
    FAILED+=("$name")
  fi
}

need() {
  command -v "$1" > /dev/null 2>&1 || { echo "verify: $1 not found ($2)" >&2; return 1; }
}

# ------------------------------------------------------------------------------ (a)-(c) static
check_prometheus_files() {
  need promtool "Debian: apt-get install prometheus" || return 1
  promtool check config docker/prometheus.yml &&
    promtool check rules docker/alerts.yml docker/recording-rules.yml &&
    promtool test rules docker/alerts.test.yml &&
    python3 docker/verify_ops.py static
}

check_compose() {
  need docker-compose "Debian: apt-get install --no-install-recommends docker-compose" || return 1
  docker-compose -f docker/monitoring-stack.yml config -q && echo "docker/monitoring-stack.yml is valid"
}

check_kubernetes() {
  python3 docker/verify_ops.py k8s && deploy/k8s/generate-prometheusrule.sh --check
}

need python3 "Debian: apt-get install python3 python3-yaml" && python3 -c 'import yaml' 2> /dev/null || {
  echo "verify: python3 with PyYAML is needed (Debian: apt-get install python3-yaml)" >&2
  exit 1
}
step "(a) prometheus config, rules, rule tests, dashboards" check_prometheus_files
step "(b) compose file" check_compose
step "(c) kubernetes manifests" check_kubernetes

if [ "$LIVE" -eq 0 ]; then
  if [ ${#FAILED[@]} -gt 0 ]; then
    echo "verify: FAILED: ${FAILED[*]}" >&2
    exit 1
  fi
  echo "verify: static checks passed (run with --live for the live steps (d) and (e))"
  exit 0
fi

# ------------------------------------------------------------------------------ (d)-(e) live
TMP=$(mktemp -d "${TMPDIR:-/tmp}/observatory-verify.XXXXXX")
SERVICE_PID=
PROMETHEUS_PID=
FORWARD_PID=    # the read replica's forwarder (verify_ops.py forward)
EXTRA_PIDS=()   # "pid:start-time" of processes the service started (embedded PostgreSQL, Redis)

alive() { [ -n "$1" ] && kill -0 "$1" 2> /dev/null; }

# The start time of a process (field 22 of /proc/PID/stat), so that a PID recorded earlier is only
# signalled while it still names the same process.
start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2> /dev/null) || return 1
  stat=${stat##*) }
  set -- $stat
  echo "${20}"
}

# Remembers the service's helper processes: its children (embedded Redis) and the embedded
# PostgreSQL, which pg_ctl detaches. They stop with the service; only if it had to be killed would
# they outlive it.
remember_helpers() {
  local pid started
  for pid in $(ps -o pid= --ppid "$SERVICE_PID" 2> /dev/null) \
      $(head -n 1 "$1/postgres/postmaster.pid" 2> /dev/null); do
    started=$(start_time "$pid") && EXTRA_PIDS+=("$pid:$started")
  done
}

# Stops one process: SIGTERM, up to $2 seconds for it to exit, then SIGKILL.
stop_pid() {
  local pid=$1 grace=$2 i
  alive "$pid" || return 0
  kill -TERM "$pid" 2> /dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    alive "$pid" || break
    sleep 0.1
  done
  if alive "$pid"; then
    echo "verify: PID $pid did not stop within ${grace}s; killing it" >&2
    kill -KILL "$pid" 2> /dev/null || true
  fi
  wait "$pid" 2> /dev/null || true
}

cleanup() {
  local status=$? pid
  set +e
  [ -n "$PROMETHEUS_PID" ] && stop_pid "$PROMETHEUS_PID" 10
  # The service drains its writers (up to 20 s) and stops its embedded PostgreSQL and Redis itself.
  [ -n "$SERVICE_PID" ] && stop_pid "$SERVICE_PID" 40
  [ -n "$FORWARD_PID" ] && stop_pid "$FORWARD_PID" 5
  for pid in "${EXTRA_PIDS[@]}"; do
    # A few seconds for them to finish exiting on their own after the service stopped them.
    for _ in $(seq 50); do
      [ "$(start_time "${pid%%:*}")" = "${pid#*:}" ] || break
      sleep 0.1
    done
    if [ "$(start_time "${pid%%:*}")" = "${pid#*:}" ]; then
      echo "verify: PID ${pid%%:*} ($(ps -o args= -p "${pid%%:*}" | cut -c1-80)), started by the service, outlived it; stopping it" >&2
      stop_pid "${pid%%:*}" 10
    fi
  done
  if [ "$status" -ne 0 ] && [ -d "$TMP" ]; then
    for log in "$TMP"/service.log "$TMP"/prometheus.log "$TMP"/forward.log; do
      [ -s "$log" ] && { echo "--- last lines of $log"; tail -n 30 "$log"; } >&2
    done
  fi
  rm -rf "$TMP"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

json_field() {
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"
}

# Waits until "$@" succeeds, up to $1 seconds; fails early when the process $2 has exited.
wait_for() {
  local deadline=$((SECONDS + $1)) pid=$2
  shift 2
  until "$@" > /dev/null 2>&1; do
    if [ -n "$pid" ] && ! alive "$pid"; then
      echo "verify: PID $pid exited while waiting for: $*" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "verify: timed out waiting for: $*" >&2
      return 1
    fi
    sleep 0.5
  done
}

# The read replica of the live run: the service's own database, through a forwarder on a port chosen
# before the service starts (the embedded PostgreSQL picks its port only as it starts). The forwarder
# looks the database's port up in its postmaster.pid for each connection, and refuses connections
# until that file is there. Stopping it takes the replica away; starting it again gives it back.
start_forwarder() {
  python3 docker/verify_ops.py forward --listen-port "$1" --postmaster-pid "$2/postgres/postmaster.pid" \
    >> "$TMP/forward.log" 2>&1 &
  FORWARD_PID=$!
  wait_for 10 "$FORWARD_PID" \
    python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1"
}

http_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true
}

# The traffic the proof needs: COPY and INSERT batches of spans, logs and metric points, queries,
# and a forced transient failure with its retry. It goes through OTLP/HTTP (OTLP/JSON) and the
# query API, so it needs the ingest and query servers. Returns 1, with TRAFFIC_PROBLEM set, when
# there is nothing to send traffic to.
TRAFFIC_PROBLEM=
drive_traffic() {
  local otlp_http=$1 api=$2 database=$3 status
  status=000
  if [ "$otlp_http" != 0 ]; then
    status=$(http_status "http://127.0.0.1:$otlp_http/v1/traces")
  fi
  if [ "$status" = "000" ]; then
    if [ "$otlp_http" = 0 ]; then
      TRAFFIC_PROBLEM="no traffic driver yet: the service serves no OTLP/HTTP (ports.json reports port 0)"
    else
      TRAFFIC_PROBLEM="no traffic driver yet: nothing answers OTLP/HTTP on 127.0.0.1:$otlp_http"
    fi
    TRAFFIC_PROBLEM="$TRAFFIC_PROBLEM, and ./observatory has no command that writes (its commands: $(./observatory --help 2> /dev/null | awk '/^Commands:/ {on = 1; next} on && NF {printf "%s%s", sep, $1; sep = ", "}'))"
    return 1
  fi
  python3 docker/verify_ops.py traffic --otlp-http "http://127.0.0.1:$otlp_http" \
    --api "http://127.0.0.1:$api" --database "$database"
}

live() {
  local data="$TMP/data" ports management otlp_http api jdbc database prom_port status read_port
  need curl "Debian: apt-get install curl" && need prometheus "Debian: apt-get install prometheus" &&
    need psql "Debian: apt-get install postgresql-client" || return 1

  echo "-- building ./observatory if needed"
  ./observatory --version > "$TMP/build.log" 2>&1 || { cat "$TMP/build.log" >&2; return 1; }

  # The embedded PostgreSQL's password, chosen here instead of at its first start (it takes the one it finds in
  # this file), so that the read URL can be given its credentials before the service starts.
  mkdir -p "$data"
  (umask 077 && python3 -c 'import secrets; print(secrets.token_hex(24))' > "$data/postgres.password")
  read_port=$(free_port)
  echo "-- starting the read replica's forwarder on 127.0.0.1:$read_port (to the service's own database)"
  start_forwarder "$read_port" "$data" || return 1

  echo "-- starting ./observatory serve (data in $data, every port free, reads through 127.0.0.1:$read_port)"
  env -u OBSERVATORY_DATABASE_URL -u DATABASE_URL -u OBSERVATORY_REDIS_URL -u REDIS_URL \
    -u OBSERVATORY_DATABASE_READ_MAX_LAG_MS \
    OBSERVATORY_DATA_DIR="$data" OBSERVATORY_BIND_ADDRESS=127.0.0.1 \
    OBSERVATORY_MANAGEMENT_PORT=0 OBSERVATORY_OTLP_HTTP_PORT=0 OBSERVATORY_OTLP_GRPC_PORT=0 \
    OBSERVATORY_API_PORT=0 \
    OBSERVATORY_DATABASE_READ_URL="jdbc:postgresql://127.0.0.1:$read_port/postgres" \
    OBSERVATORY_DATABASE_READ_USER=postgres OBSERVATORY_DATABASE_READ_PASSWORD="$(cat "$data/postgres.password")" \
    ./observatory serve > "$TMP/service.log" 2>&1 &
  SERVICE_PID=$!
  ports="$data/ports.json"
  wait_for 180 "$SERVICE_PID" test -s "$ports" || return 1
  remember_helpers "$data"
  management=$(json_field "$ports" management)
  otlp_http=$(json_field "$ports" otlpHttp)
  api=$(json_field "$ports" api)
  jdbc=$(json_field "$ports" database)
  database="postgresql://postgres@${jdbc#jdbc:postgresql://}"
  # The embedded PostgreSQL admits its generated password only; psql (in verify_ops.py) reads it from here.
  PGPASSWORD=$(cat "$data/postgres.password")
  export PGPASSWORD
  echo "   PID $SERVICE_PID: management $management, OTLP/HTTP $otlp_http, API $api, database $jdbc"

  local problems=0
  for probe in /health/live /health/ready; do
    status=$(http_status "http://127.0.0.1:$management$probe")
    if [ "$status" = 200 ]; then
      echo "   $probe: 200"
    else
      echo "verify: $probe answered $status, expected 200" >&2
      problems=1
    fi
  done
  status=$(http_status "http://127.0.0.1:$management/metrics")
  local metrics=1
  if [ "$status" = 200 ]; then
    curl -s "http://127.0.0.1:$management/metrics" > "$TMP/scrape.txt"
    echo "   /metrics: 200, $(grep -c -v '^#' "$TMP/scrape.txt") samples"
    if ! promtool check metrics < "$TMP/scrape.txt"; then
      echo "verify: promtool check metrics found problems in the scrape" >&2
      problems=1
    fi
  else
    echo "verify: /metrics answered $status on the management port: the service exports no metrics yet" >&2
    metrics=0
    problems=1
  fi

  prom_port=$(free_port)
  echo "-- starting Prometheus on 127.0.0.1:$prom_port (1 s scrape and rule evaluation)"
  python3 docker/verify_ops.py prometheus-config --target "127.0.0.1:$management" \
    --self-target "127.0.0.1:$prom_port" --interval 1s --out "$TMP/prometheus.yml"
  promtool check config "$TMP/prometheus.yml" > /dev/null || return 1
  prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/prometheus-data" \
    --web.listen-address="127.0.0.1:$prom_port" --log.level=warn > "$TMP/prometheus.log" 2>&1 &
  PROMETHEUS_PID=$!
  wait_for 30 "$PROMETHEUS_PID" curl -fs "http://127.0.0.1:$prom_port/-/ready" || return 1
  echo "   PID $PROMETHEUS_PID"

  # The read replica: reads go to it; taken away, they fall back to the primary (and /health says so);
  # given back, they return to it. Prometheus scrapes meanwhile, so the replica panels see the outage.
  echo "-- read replica: reachable, taken away, given back"
  local replica_args=(--management "http://127.0.0.1:$management" --api "http://127.0.0.1:$api"
    --state "$TMP/replica-counters.json")
  if python3 docker/verify_ops.py replica "${replica_args[@]}" --expect replica; then
    stop_pid "$FORWARD_PID" 5
    FORWARD_PID=
    python3 docker/verify_ops.py replica "${replica_args[@]}" --expect primary || problems=1
    start_forwarder "$read_port" "$data" || return 1
    python3 docker/verify_ops.py replica "${replica_args[@]}" --expect replica || problems=1
  else
    echo "verify: the service does not read from its read replica; the outage round is skipped" >&2
    problems=1
  fi

  # Two rounds of traffic with scrapes between them: a series that the first round creates (a histogram of a
  # query method, say) needs a later increase for rate() to see it. One round alone can now end within one
  # scrape interval, since a lone request is committed at once (group commit).
  local traffic=1 round
  for round in 1 2; do
    echo "-- driving traffic (round $round of 2)"
    if ! drive_traffic "$otlp_http" "$api" "$database"; then
      echo "verify: ${TRAFFIC_PROBLEM:-the traffic driver failed}" >&2
      traffic=0
      problems=1
      break
    fi
    [ "$round" = 1 ] && sleep 3
  done
  # Rate windows need a few samples after the traffic; rules evaluate every second.
  echo "-- waiting for scrapes"
  sleep 8

  echo "-- (d) dashboard panels, alert and recording rules through the Prometheus API"
  if [ "$metrics" -eq 1 ]; then
    python3 docker/verify_ops.py prometheus --url "http://127.0.0.1:$prom_port" || problems=1
  else
    echo "   skipped: there is no /metrics to scrape" >&2
  fi

  echo "-- (e) SQL panels of llm-usage.json against $jdbc"
  python3 docker/verify_ops.py sql --url "$database" || problems=1

  if [ "$traffic" -eq 0 ]; then
    echo "verify: live steps ran WITHOUT traffic: $TRAFFIC_PROBLEM" >&2
  fi
  return "$problems"
}

step "(d)+(e) live: service, Prometheus, traffic, every query" live

if [ ${#FAILED[@]} -gt 0 ]; then
  echo "verify: FAILED: ${FAILED[*]}" >&2
  exit 1
fi
echo "verify: all checks passed, live steps included"
