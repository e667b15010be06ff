#!/usr/bin/env bash
# The PostgreSQL version matrix: runs the tests that depend most on the server on each older supported major.
# The main `./mvnw verify` runs every test on PostgreSQL 17; this adds 14, 15 and 16 (README: "Supported
# PostgreSQL versions").
#
#   scripts/test-postgres-versions.sh          # 14, 15 and 16, one after the other
#   scripts/test-postgres-versions.sh 15 16    # only those
#
# Each major is a Maven profile of the root pom.xml (postgres-14, postgres-15, postgres-16) that swaps the embedded
# server's binaries for that release, downloaded from Maven Central like any dependency, and tells PostgresVersionTest
# which major must be running: a profile that swapped nothing fails there instead of proving 17 again.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# shellcheck source=find-jdk.sh
. "$ROOT/scripts/find-jdk.sh"
observatory_find_jdk 21 || exit 1
export JAVA_HOME=$JAVA_HOME_FOUND
MAVEN_OPTS=$(observatory_maven_opts)
export MAVEN_OPTS

# The subset, by test class: the tests whose outcome can change with the server's version. They run SQL that
# differs between releases (the migrations' DDL and PL/pgSQL, declarative partitions and pg_partition_tree, binary
# COPY, the planner-sensitive queries of the repositories and the rollups' SQL functions), read the catalogs, or
# need the privileges the README promises an external database's role. Pure Java tests (mappers, parsers,
# decoders, the UI) and the fault tests, which kill and stall the server rather than use its SQL, would only
# prove the same thing again, slower, and are left to the main run.
TESTS=(
  # the server really is the major asked for
  PostgresVersionTest
  # schema and migrations: the table layout checked against the migrated tables, the V8 rewrite of stored spans,
  # daily partitions made and dropped, table sizes read from the catalog
  TableDescriptorsSchemaTest LeanSpanMigrationTest PartitionManagerTest TableSizesTest
  # the writers (binary COPY and INSERT)
  TraceWriterTest LogAndMetricWriterTest
  # the repositories
  TraceListTest TraceTreeTest TraceOutlineTest SpanSearchTest LogRepositoryTest MetricRepositoryTest UsageTest
  ActivityTest
  # the usage rollups and their SQL functions; the fold's order and its plan on the statistics of an empty queue
  UsageRollupsTest LatencyHistogramSqlTest RollupRebuildRaceTest RollupFoldTest
  # the schema stays distributable by project (the catalog read), and V9's re-keying of data already stored
  DistributableSchemaTest DistributableKeysMigrationTest
  # query reads on a real streaming replica (a low-level base backup, whose functions were renamed in 15)
  ReadReplicaTest
  # API keys, the price table, readiness (migrations current)
  ApiKeysTest PriceSeederTest ReadinessCheckTest
  # a role with only the privileges the README asks for: storage opened, used and closed as a whole, then the
  # service and its keys command
  LeastPrivilegeRoleTest LeastPrivilegeServiceTest
  # the service: OTLP ingest into the database, and the query API over HTTP
  OtlpIngestTest ServiceApiTest AuthenticationTest TraceListRoutesTest TraceOutlineRoutesTest SpanRoutesTest
  LogRoutesTest SeriesRoutesTest UsageRoutesTest ActivityRoutesTest
)

MAVEN_FLAGS=()
if [ "${CI:-}" = "true" ]; then
  MAVEN_FLAGS=(-B --no-transfer-progress)
fi

majors=("$@")
if [ ${#majors[@]} -eq 0 ]; then
  majors=(14 15 16)
fi

test_list=$(IFS=,; echo "${TESTS[*]}")
summary=()
total_start=$SECONDS
for major in "${majors[@]}"; do
  echo "== PostgreSQL $major: ${#TESTS[@]} test classes (profile postgres-$major)"
  start=$SECONDS
  # -am builds the modules storage and server need, from source: nothing has to be installed first.
  ./mvnw "${MAVEN_FLAGS[@]}" -P "postgres-$major" -pl storage,server -am test \
    -Dtest="$test_list" -Dsurefire.failIfNoSpecifiedTests=false
  summary+=("PostgreSQL $major: passed in $((SECONDS - start)) s")
done
printf '== %s\n' "${summary[@]}"
echo "== the matrix took $((SECONDS - total_start)) s"
