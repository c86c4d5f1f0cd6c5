# syntax=docker/dockerfile:1
# OrderHub image: `docker compose up --build` (see docker-compose.yml) or `docker build -t orderhub .`

# --- build: the packaged Spring Boot jar (CI runs the tests; the image build skips them) ---
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q package -DskipTests \
    && cp target/orderhub-*.jar /src/orderhub.jar \
    && mkdir -p connectors

# --- run: JRE only, as a non-root user ---
FROM eclipse-temurin:17-jre
# curl for the health check (recent temurin images no longer ship it)
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 orderhub \
    && useradd --system --uid 10001 --gid orderhub --home-dir /app --no-create-home orderhub
WORKDIR /app
# routes, mappings and connectors are read from the working directory at start
# (orderhub.routes-dir, orderhub.mappings-dir); everything the hub writes goes to /app/data
COPY --from=build /src/orderhub.jar ./orderhub.jar
COPY --from=build /src/routes ./routes
COPY --from=build /src/mappings ./mappings
COPY --from=build /src/connectors ./connectors
COPY --from=build /src/config ./config
RUN mkdir -p /app/data && chown orderhub:orderhub /app/data
VOLUME /app/data
USER orderhub
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT:-8080}/actuator/health" >/dev/null || exit 1
# exec form: the JVM is PID 1 and gets SIGTERM, so `docker stop` shuts the hub down gracefully
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/orderhub.jar"]
