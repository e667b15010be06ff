# Builds one module's runnable jar when it is missing or older than the sources, then runs it on a
# JDK 21+. Sourced by bench/run and examples/run: observatory_run_jar MODULE JAR_NAME [ARGS...]
# shellcheck shell=bash

observatory_run_jar() {
  local module=$1 jar_name=$2 root jar
  shift 2
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  jar="$root/$module/target/$jar_name"
  # shellcheck source=find-jdk.sh
  . "$root/scripts/find-jdk.sh"
  observatory_find_jdk 21 || exit 1
  if [ ! -f "$jar" ] || [ -n "$(find "$root"/*/src "$root"/pom.xml "$root"/*/pom.xml \
      -newer "$jar" -print -quit 2>/dev/null)" ]; then
    echo "$module: building $jar..." >&2
    (cd "$root" && JAVA_HOME="$JAVA_HOME_FOUND" MAVEN_OPTS="$(observatory_maven_opts)" \
      ./mvnw -q -DskipTests -pl "$module" -am package) || exit 1
  fi
  # JAVA_OPTS is split into words on purpose, so that it can carry several options.
  # shellcheck disable=SC2086
  exec "$JAVA" ${JAVA_OPTS:-} -jar "$jar" "$@"
}
