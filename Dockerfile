# The LLM Observatory service image.
#   docker build -t llm-observatory .
#   docker run -e OBSERVATORY_DATABASE_URL=... -e OBSERVATORY_REDIS_URL=... -p 9090:9090 llm-observatory
# docker/monitoring-stack.yml builds and runs it beside PostgreSQL, Redis, Prometheus and Grafana.

# --- build: the Maven wrapper on a JDK (the project is built and tested with Temurin 25) ---
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
# Maven's own libraries use sun.misc.Unsafe, which JDK 24+ warns about on every build.
ENV MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow"
COPY mvnw pom.xml ./
COPY .mvn .mvn
# Every module's pom is part of the reactor, even the ones this image does not build.
COPY storage-embedded/pom.xml storage-embedded/
COPY storage/pom.xml storage/
COPY storage-metrics/pom.xml storage-metrics/
COPY storage-http/pom.xml storage-http/
COPY server/pom.xml server/
COPY examples/pom.xml examples/
COPY bench/pom.xml bench/
COPY storage-embedded/src storage-embedded/src
COPY storage/src storage/src
COPY storage-metrics/src storage-metrics/src
COPY storage-http/src storage-http/src
COPY server/src server/src
RUN ./mvnw -B --no-transfer-progress -q -DskipTests -pl server -am package

# --- run: a JRE, the shaded jar, a non-root user ---
FROM eclipse-temurin:25-jre
# curl for the HEALTHCHECK below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 observatory \
    && useradd --system --uid 10001 --gid observatory --home-dir /var/lib/observatory observatory \
    && mkdir -p /var/lib/observatory \
    && chown observatory:observatory /var/lib/observatory
WORKDIR /opt/observatory
COPY --from=build /src/server/target/observatory.jar observatory.jar

# Listen on every interface (the default, 127.0.0.1, is unreachable from outside a container).
# Without OBSERVATORY_DATABASE_URL the service would start an embedded PostgreSQL: set it.
ENV OBSERVATORY_BIND_ADDRESS=0.0.0.0 \
    OBSERVATORY_DATA_DIR=/var/lib/observatory \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# management (health, /metrics), OTLP/HTTP, OTLP/gRPC, query API
EXPOSE 9090 4318 4317 8080
USER 10001:10001

# Ready: PostgreSQL answers, migrations applied, not draining.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${OBSERVATORY_MANAGEMENT_PORT:-9090}/health/ready" > /dev/null || exit 1

# SIGTERM (docker stop) turns readiness to 503 and drains the writers for up to 20 s: give
# `docker stop` a longer timeout (the Compose stack sets stop_grace_period: 45s).
ENTRYPOINT ["java", "-jar", "observatory.jar"]
CMD ["serve"]
