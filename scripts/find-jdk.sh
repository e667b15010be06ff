# Finds a JDK new enough to build and run LLM Observatory. Sourced by ./observatory and .ci/run.
#
# observatory_find_jdk [MIN]   (MIN defaults to 21)
#   Looks at $JAVA_HOME, then `java` on PATH, then every */bin/java under the directories in
#   $OBSERVATORY_JDK_SEARCH_DIRS (colon-separated, default /usr/lib/jvm), taking the newest there.
#   On success sets JAVA (the java binary), JAVA_HOME_FOUND (its home) and JAVA_VERSION_FOUND (its
#   major version) and returns 0. Otherwise prints what it found and what to set, and returns 1.
#
# observatory_maven_opts
#   Prints $MAVEN_OPTS plus what Maven needs on the JDK found (call after observatory_find_jdk).

# Major version of a java binary (8, 17, 21, 25...), or nothing when it does not run.
observatory_java_major() {
  local line version
  line=$("$1" -version 2>&1 | head -n 1) || return 1
  version=$(printf '%s\n' "$line" | sed -n 's/.*version "\([^"]*\)".*/\1/p')
  [ -n "$version" ] || return 1
  case "$version" in
    1.*) version=${version#1.} ;;
  esac
  printf '%s\n' "${version%%[.+-]*}"
}

# The home directory of a java binary, following symlinks such as /usr/bin/java.
observatory_java_home() {
  local real
  real=$(readlink -f "$1" 2>/dev/null || printf '%s' "$1")
  dirname "$(dirname "$real")"
}

observatory_find_jdk() {
  local min=${1:-21} candidate major seen="" best="" best_major=0 dir
  JAVA="" JAVA_HOME_FOUND="" JAVA_VERSION_FOUND=""

  # 1. JAVA_HOME, then 2. java on PATH: the first that is new enough wins.
  local ordered=()
  if [ -n "${JAVA_HOME:-}" ]; then ordered+=("$JAVA_HOME/bin/java"); fi
  if command -v java >/dev/null 2>&1; then ordered+=("$(command -v java)"); fi
  for candidate in "${ordered[@]}"; do
    if [ ! -x "$candidate" ]; then
      seen+="  $candidate: not an executable file"$'\n'
      continue
    fi
    if major=$(observatory_java_major "$candidate"); then
      seen+="  $candidate: Java $major"$'\n'
      if [ "$major" -ge "$min" ]; then
        best=$candidate best_major=$major
        break
      fi
    else
      seen+="  $candidate: does not run"$'\n'
    fi
  done

  # 3. The newest installed JDK in the search directories.
  if [ -z "$best" ]; then
    local dirs=()
    IFS=: read -r -a dirs <<<"${OBSERVATORY_JDK_SEARCH_DIRS:-/usr/lib/jvm}"
    for dir in "${dirs[@]}"; do
      for candidate in "$dir"/*/bin/java; do
        [ -x "$candidate" ] || continue
        major=$(observatory_java_major "$candidate") || continue
        seen+="  $candidate: Java $major"$'\n'
        if [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
          best=$candidate best_major=$major
        fi
      done
    done
  fi

  if [ -z "$best" ]; then
    {
      echo "LLM Observatory needs a JDK $min or newer, and none was found."
      if [ -n "$seen" ]; then
        echo "Found:"
        printf '%s' "$seen"
      else
        echo "Found no java at all (JAVA_HOME unset, no java on PATH, nothing in ${OBSERVATORY_JDK_SEARCH_DIRS:-/usr/lib/jvm})."
      fi
      echo "Install a JDK $min+ and set JAVA_HOME to it, for example: export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64"
    } >&2
    return 1
  fi

  if [ -n "${JAVA_HOME:-}" ] && [ "$best" != "$JAVA_HOME/bin/java" ]; then
    echo "note: JAVA_HOME ($JAVA_HOME) is not a JDK $min+; using $best (Java $best_major)" >&2
  fi
  JAVA=$best
  JAVA_HOME_FOUND=$(observatory_java_home "$best")
  JAVA_VERSION_FOUND=$best_major
  return 0
}

observatory_maven_opts() {
  local opts=${MAVEN_OPTS:-}
  if [ "${JAVA_VERSION_FOUND:-0}" -ge 24 ]; then
    # Maven's own libraries still use sun.misc.Unsafe, which JDK 24+ warns about on every build.
    opts="$opts --sun-misc-unsafe-memory-access=allow"
  fi
  printf '%s\n' "${opts# }"
}
