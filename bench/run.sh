#!/usr/bin/env bash
# OrderHub benchmark (issue 7): bench/run.sh [--quick] [--no-build] [--postgres]
# Builds the hub once, starts it as a separate process on the durable embedded defaults (KahaDB + H2
# file DB, sandbox partners, shipment delay 200 ms) on a free loopback port with its own data dir,
# warms up, measures intake and end-to-end at several concurrencies, stops it, measures the ceilings
# of its parts (same HTTP stack's trivial route, KahaDB persistent send+receive, H2 order writes),
# prints a table and writes bench/results/<run>.json (+ PNG plots when gnuplot is available).
# Also: end-to-end batches at 1, 10, 100 lines per order (each waited for until settled), and a backlog
# phase (N orders waiting in orders.received; 100k in the full run, 10k in --quick).
# --postgres: the hub on PostgreSQL (127.0.0.1:5432, user postgres, db test, schema orderhub_bench dropped
# and recreated for each hub start) and the DB ceiling on PostgreSQL (schema orderhub_bench_ceiling).
# Never part of `mvn verify`: bench/pom.xml is a separate project.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

QUICK=0; BUILD=1; PG=0
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    --no-build) BUILD=0 ;;
    --postgres) PG=1 ;;
    *) echo "usage: bench/run.sh [--quick] [--no-build] [--postgres]" >&2; exit 2 ;;
  esac
done

if [ $QUICK = 1 ]; then
  CONCURRENCIES="1 8 32"; WARMUP=5; SECONDS_INTAKE=8; SECONDS_HEALTH=3; DRAIN=6; SECONDS_CEILING=5; MODE=quick
  ONLY_CONCURRENCIES="8"; SECONDS_ONLY=5; GROWTH_LINES="1 10 100"; SECONDS_GROWTH=4
  E2E_LINES="1 10 100"; BATCH_ORDERS=10; BATCH_TIMEOUT=40; BACKLOG=10000; SECONDS_BACKLOG=8
else
  CONCURRENCIES="1 8 32"; WARMUP=20; SECONDS_INTAKE=30; SECONDS_HEALTH=10; DRAIN=60; SECONDS_CEILING=15; MODE=full
  ONLY_CONCURRENCIES="1 8 32"; SECONDS_ONLY=15; GROWTH_LINES="1 10 100"; SECONDS_GROWTH=10
  E2E_LINES="1 10 100"; BATCH_ORDERS=40; BATCH_TIMEOUT=150; BACKLOG=100000; SECONDS_BACKLOG=30
fi
if [ $PG = 1 ]; then MODE=$MODE-postgres; fi

RUN=$(date -u +%Y%m%dT%H%M%SZ)-$MODE
WORK="$ROOT/bench/work/$RUN"
RESULTS="$ROOT/bench/results"
mkdir -p "$WORK" "$RESULTS"
log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }

JAR=$(ls "$ROOT"/target/orderhub-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ $BUILD = 1 ] && [ -n "$JAR" ] && [ -z "$(find src pom.xml -newer "$JAR" -type f | head -1)" ]; then
  log "hub jar is newer than src/ and pom.xml: not rebuilt ($JAR)"
elif [ $BUILD = 1 ]; then
  log "building the hub (mvn -q -B package -DskipTests)"
  mvn -q -B package -DskipTests
fi
log "building the driver (bench/pom.xml)"
mvn -q -B -f bench/pom.xml package -DskipTests
JAR=$(ls "$ROOT"/target/orderhub-*.jar | grep -v original | head -1)
CP="$ROOT/bench/target/classes:$ROOT/bench/target/lib/*"
driver() { timeout 600 java -Xmx1g -cp "$CP" io.orderhub.bench.Bench "$@"; }

PG_SCHEMA=orderhub_bench
PG_URL="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$PG_SCHEMA"
pg_reset() { psql -h 127.0.0.1 -U postgres -d test -q -v ON_ERROR_STOP=1 -c "set client_min_messages = warning; drop schema if exists $1 cascade; create schema $1" >/dev/null; }
# the hub's database as the driver reads it after the hub stopped: $1 = the hub's data dir
db_args() { if [ $PG = 1 ]; then echo "--db $PG_URL --user postgres"; else echo "--db jdbc:h2:file:$1/db/orderhub"; fi; }
# start_hub DATA_DIR LOG [extra hub args...]: sets HUB
start_hub() {
  local data=$1 logf=$2; shift 2
  if [ $PG = 1 ]; then
    pg_reset $PG_SCHEMA
    SPRING_DATASOURCE_URL="$PG_URL" SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= \
    SPRING_FLYWAY_SCHEMAS=$PG_SCHEMA java -Xmx1g -jar "$JAR" --server.port=$PORT --server.address=127.0.0.1 \
      --orderhub.data-dir="$data" --orderhub.sandbox.shipment-delay=200ms --orderhub.sandbox.smtp.port=$SMTP --orderhub.sandbox.ftp.port=0 "$@" > "$logf" 2>&1 &
  else
    java -Xmx1g -jar "$JAR" --server.port=$PORT --server.address=127.0.0.1 \
      --orderhub.data-dir="$data" --orderhub.sandbox.shipment-delay=200ms --orderhub.sandbox.smtp.port=$SMTP --orderhub.sandbox.ftp.port=0 "$@" > "$logf" 2>&1 &
  fi
  HUB=$!
  for i in $(seq 1 240); do
    curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break
    kill -0 $HUB 2>/dev/null || { log "hub died at start; see $logf"; tail -30 "$logf" >&2; exit 1; }
    sleep 0.5
  done
  curl -fs "$BASE/actuator/health" >/dev/null || { log "hub not healthy after 120 s"; exit 1; }
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PORT=$(free_port); SMTP=$(free_port)
BASE="http://127.0.0.1:$PORT"

cat > "$WORK/meta.json" <<JSON
{"run": "$RUN", "mode": "$MODE", "date": "$(date -u +%FT%TZ)", "commit": "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src routes connectors mappings config pom.xml || echo '-dirty')",
 "nproc": $(nproc), "memTotalMb": $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo),
 "cpu": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')",
 "java": "$(java -version 2>&1 | head -1 | sed 's/"//g')", "loadAvgAtStart": "$(cut -d' ' -f1-3 /proc/loadavg)",
 "hubArgs": "--orderhub.sandbox.shipment-delay=200ms, embedded KahaDB + $([ $PG = 1 ] && echo "PostgreSQL $(psql -h 127.0.0.1 -U postgres -d test -tAc 'show server_version' 2>/dev/null)" || echo 'H2 file DB'), sandbox profile",
 "database": "$([ $PG = 1 ] && echo postgresql || echo h2)", "backlogOrders": $BACKLOG, "e2eBatchOrders": $BATCH_ORDERS,
 "concurrencies": "$CONCURRENCIES", "intakeSeconds": $SECONDS_INTAKE, "warmupSeconds": $WARMUP}
JSON

stop_hub() {
  if [ -n "${HUB:-}" ] && [ "$HUB" -gt 1 ] && kill -0 $HUB 2>/dev/null; then
    kill -TERM $HUB 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 $HUB 2>/dev/null || break; sleep 0.5; done
    kill -0 $HUB 2>/dev/null && { log "hub did not stop in 30 s: SIGKILL"; kill -KILL $HUB 2>/dev/null || true; }
    wait $HUB 2>/dev/null || true
  fi
}
HUB=""
trap stop_hub EXIT
log "starting the hub on $BASE (data in $WORK/data)"
start_hub "$WORK/data" "$WORK/hub.log"
log "hub up (pid $HUB); raising sandbox stock so that no order backorders"
driver stock --base "$BASE" --csv config/sandbox-stock.csv --on-hand 10000000

log "ceiling (a): the same HTTP stack answering GET /actuator/health, on the idle hub"
driver health --base "$BASE" --concurrency 8 --seconds $WARMUP --out "$WORK/health-warmup.json"
for C in $CONCURRENCIES; do
  driver health --base "$BASE" --concurrency $C --seconds $SECONDS_HEALTH --out "$WORK/health-c$C.json" --pid $HUB
done
# /actuator/health runs the DB, broker, disk and route checks on every call; the liveness group
# only reports the application's state: the trivial request of the same stack (Tomcat, security)
log "ceiling (a'): GET /actuator/health/liveness, on the idle hub"
for C in $CONCURRENCIES; do
  driver health --base "$BASE" --path /actuator/health/liveness --concurrency $C --seconds $SECONDS_HEALTH \
    --out "$WORK/liveness-c$C.json" --pid $HUB
done

# End-to-end growth: on the idle hub, batches of exactly N orders at 4 clients, each waited for until
# every order settled, so that no backlog of an earlier phase is in the figures.
log "end-to-end growth: warm-up batch, then $BATCH_ORDERS orders each with $E2E_LINES lines (at most ${BATCH_TIMEOUT}s each)"
driver batch --base "$BASE" --orders $BATCH_ORDERS --concurrency 4 --run "$RUN-bw" --out "$WORK/batchwarm.json" \
  --ids "$WORK/batchwarm.ids" --pid $HUB --timeout $BATCH_TIMEOUT
BATCHES=()
for L in $E2E_LINES; do
  driver batch --base "$BASE" --orders $BATCH_ORDERS --lines $L --concurrency 4 --run "$RUN-b" \
    --out "$WORK/batch-lines$L.json" --ids "$WORK/batch-lines$L.ids" --pid $HUB --timeout $BATCH_TIMEOUT
  BATCHES+=(--phase "lines$L:$WORK/batch-lines$L.ids:$WORK/batch-lines$L.json")
done

log "warm-up: ${WARMUP}s of intake at concurrency 8"
driver intake --base "$BASE" --concurrency 8 --seconds $WARMUP --run "$RUN-w" --out "$WORK/warmup.json" --ids "$WORK/warmup.ids"
driver drain --base "$BASE" --ids "$WORK/warmup.ids" --timeout $DRAIN
jcmd $HUB JFR.start name=bench settings=profile filename="$WORK/hub.jfr" >/dev/null 2>&1 || log "JFR not started"
CPU0=$(awk '{print $14+$15}' /proc/$HUB/stat)
FROM_MS=$(date +%s%3N)

PHASES=()
for C in $CONCURRENCIES; do
  log "concurrency $C: intake ${SECONDS_INTAKE}s"
  driver intake --base "$BASE" --concurrency $C --seconds $SECONDS_INTAKE --run "$RUN" \
    --out "$WORK/intake-c$C.json" --ids "$WORK/c$C.ids" --pid $HUB
  log "concurrency $C: waiting for the pipeline (at most ${DRAIN}s)"
  driver drain --base "$BASE" --ids "$WORK/c$C.ids" --timeout $DRAIN
  PHASES+=(--phase "c$C:$WORK/c$C.ids:$WORK/intake-c$C.json")
done

TO_MS=$(date +%s%3N)
jcmd $HUB JFR.stop name=bench >/dev/null 2>&1 || true
CPU1=$(awk '{print $14+$15}' /proc/$HUB/stat)
PEAK=$(awk '/VmHWM/ {print int($2/1024)}' /proc/$HUB/status)
WARNS=$(grep -c ' WARN ' "$WORK/hub.log" || true); ERRS=$(grep -c ' ERROR ' "$WORK/hub.log" || true)
echo "{\"pid\": $HUB, \"peakRssMb\": $PEAK, \"cpuSeconds\": $(( (CPU1 - CPU0) / 100 )), \"logWarnsBeforeStop\": $WARNS, \"logErrorsBeforeStop\": $ERRS}" > "$WORK/hub.json"
log "stopping the hub"
stop_hub
trap - EXIT

log "end-to-end from the hub's own records (order_history in its database)"
driver e2e $(db_args "$WORK/data") "${PHASES[@]}" "${BATCHES[@]}" --out "$WORK/e2e.json" \
  --window-from $FROM_MS --window-to $TO_MS --stages-out "$WORK/stages.json"

# Intake alone: the same hub with the hand-off route excluded (as OrderIntakeCrashIT does), so orders
# stay in the outbox and no pipeline work competes with intake for the CPU.
log "intake alone: hub restarted with the hand-off route excluded"
trap stop_hub EXIT
start_hub "$WORK/data-intake-only" "$WORK/hub-intake-only.log" --camel.main.routes-exclude-pattern=file:routes/20-hand-off.camel.yaml
driver intake --base "$BASE" --concurrency 8 --seconds $WARMUP --run "$RUN-ow" --out "$WORK/warmup-only.json" --ids "$WORK/warmup-only.ids"
for C in $ONLY_CONCURRENCIES; do
  driver intake --base "$BASE" --concurrency $C --seconds $SECONDS_ONLY --run "$RUN-o" \
    --out "$WORK/intakeonly-c$C.json" --ids "$WORK/only-c$C.ids" --pid $HUB
done
# growth: the same, 8 clients, every order with exactly N lines
for L in $GROWTH_LINES; do
  driver intake --base "$BASE" --concurrency 8 --seconds $SECONDS_GROWTH --lines $L --run "$RUN-g" \
    --out "$WORK/intakeonly-c8-lines$L.json" --ids "$WORK/only-lines$L.ids" --pid $HUB
done
stop_hub

# Backlog: the orders intake alone just stored (hand-off excluded, so still in the outbox) are the
# templates; the stopped hub's database and KahaDB store are filled to $BACKLOG orders received and
# handed off, waiting in orders.received (see Backlog.java), then the hub is started normally on them.
log "backlog: $BACKLOG orders waiting in orders.received (hub stopped while they are loaded)"
driver backlog $(db_args "$WORK/data-intake-only") --broker-dir "$WORK/data-intake-only/broker" --target $BACKLOG \
  --out "$WORK/backlog-load.json"
start_hub_keep() {  # the same hub, normal routes, on the data loaded above (PostgreSQL: schema kept)
  if [ $PG = 1 ]; then
    SPRING_DATASOURCE_URL="$PG_URL" SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= \
    SPRING_FLYWAY_SCHEMAS=$PG_SCHEMA java -Xmx1g -jar "$JAR" --server.port=$PORT --server.address=127.0.0.1 \
      --orderhub.data-dir="$WORK/data-intake-only" --orderhub.sandbox.shipment-delay=200ms --orderhub.sandbox.smtp.port=$SMTP --orderhub.sandbox.ftp.port=0 \
      > "$WORK/hub-backlog.log" 2>&1 &
  else
    java -Xmx1g -jar "$JAR" --server.port=$PORT --server.address=127.0.0.1 \
      --orderhub.data-dir="$WORK/data-intake-only" --orderhub.sandbox.shipment-delay=200ms --orderhub.sandbox.smtp.port=$SMTP --orderhub.sandbox.ftp.port=0 \
      > "$WORK/hub-backlog.log" 2>&1 &
  fi
  HUB=$!
  for i in $(seq 1 360); do
    curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break
    kill -0 $HUB 2>/dev/null || { log "hub died at start; see $WORK/hub-backlog.log"; tail -30 "$WORK/hub-backlog.log" >&2; exit 1; }
    sleep 0.5
  done
}
start_hub_keep
driver stock --base "$BASE" --csv config/sandbox-stock.csv --on-hand 10000000
log "backlog: ${WARMUP}s warm-up, then ${SECONDS_BACKLOG}s of intake at 8 clients with the backlog waiting"
driver intake --base "$BASE" --concurrency 8 --seconds $WARMUP --run "$RUN-kw" --out "$WORK/backlog-warmup.json" --ids "$WORK/backlog-warmup.ids"
BFROM=$(date +%s%3N); BCPU0=$(awk '{print $14+$15}' /proc/$HUB/stat)
driver intake --base "$BASE" --concurrency 8 --seconds $SECONDS_BACKLOG --run "$RUN-k" \
  --out "$WORK/backlog-intake-c8.json" --ids "$WORK/backlog-c8.ids" --pid $HUB
BTO=$(date +%s%3N); BCPU1=$(awk '{print $14+$15}' /proc/$HUB/stat)
echo "{\"cpuSeconds\": $(( (BCPU1 - BCPU0) / 100 )), \"peakRssMb\": $(awk '/VmHWM/ {print int($2/1024)}' /proc/$HUB/status)}" > "$WORK/backlog-hub.json"
stop_hub
trap - EXIT
driver e2e $(db_args "$WORK/data-intake-only") --phase "backlog:$WORK/backlog-c8.ids:$WORK/backlog-intake-c8.json" \
  --out "$WORK/backlog-e2e.json" --window-from $BFROM --window-to $BTO --stages-out "$WORK/backlog-stages.json"

log "ceiling: broker (${SECONDS_CEILING}s)"
driver broker --dir "$WORK/broker-ceiling" --seconds $SECONDS_CEILING --size 64 --out "$WORK/broker.json"
log "ceiling: database (${SECONDS_CEILING}s)"
if [ $PG = 1 ]; then
  pg_reset orderhub_bench_ceiling
  driver db --dir "$WORK/db-ceiling" --url "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=orderhub_bench_ceiling" \
    --user postgres --seconds $SECONDS_CEILING --threads 4 --out "$WORK/db.json"
else
  driver db --dir "$WORK/db-ceiling" --seconds $SECONDS_CEILING --threads 4 --out "$WORK/db.json"
fi
[ -f "$WORK/hub.jfr" ] && driver jfr --file "$WORK/hub.jfr" --out "$WORK/jfr.json" || true

driver report --dir "$WORK" --out "$RESULTS/$RUN.json"

if ! command -v gnuplot >/dev/null 2>&1; then
  log "installing gnuplot-nox for the plots"
  (apt-get install -y gnuplot-nox >/dev/null 2>&1 || sudo -n apt-get install -y gnuplot-nox >/dev/null 2>&1) || log "no gnuplot: plots skipped"
fi
if command -v gnuplot >/dev/null 2>&1; then
  gnuplot <<GP || log "plotting failed"
set terminal pngcairo size 800,500 noenhanced
set datafile commentschars "#"
set xlabel "client concurrency"; set logscale x 2; set key left top; set grid
set output "$RESULTS/$RUN-throughput.png"
set title "OrderHub $RUN: throughput"; set ylabel "per second"
plot "$WORK/plot.dat" using 1:2 with linespoints title "intake orders/s", "" using 1:5 with linespoints title "orders shipped/s (phase)", "" using 1:4 with linespoints title "GET /actuator/health per s (ceiling a)", "" using 1:7 with linespoints title "GET /actuator/health/liveness per s (ceiling a')"
set output "$RESULTS/$RUN-p99.png"
set title "OrderHub $RUN: intake p99 latency"; set ylabel "ms"
plot "$WORK/plot.dat" using 1:3 with linespoints title "intake p99 (ms)"
set xlabel "lines per order"; set logscale x 10; set xrange [0.7:150]
set output "$RESULTS/$RUN-lines-throughput.png"
set title "OrderHub $RUN: throughput against lines per order"; set ylabel "orders per second"
plot "$WORK/plot-lines.dat" using 1:2 with linespoints title "intake alone, 8 clients", "" using 1:4 with linespoints title "end-to-end (batch, settled/s)"
set output "$RESULTS/$RUN-lines-p99.png"
set title "OrderHub $RUN: p99 against lines per order"; set ylabel "ms"; set logscale y 10
plot "$WORK/plot-lines.dat" using 1:3 with linespoints title "intake alone p99, 8 clients", "" using 1:5 with linespoints title "end-to-end accepted->shipped p99"
GP
fi
cp "$WORK/table.txt" "$RESULTS/$RUN.txt"
# the stores (KahaDB preallocates its journal) take ~1 GB a run: keep only the small files
[ "${BENCH_KEEP_DATA:-0}" = 1 ] || rm -rf "$WORK/data" "$WORK/data-intake-only" "$WORK/broker-ceiling" "$WORK/db-ceiling"
[ $PG = 1 ] && [ "${BENCH_KEEP_DATA:-0}" != 1 ] && { psql -h 127.0.0.1 -U postgres -d test -q -c "drop schema if exists orderhub_bench_ceiling cascade" >/dev/null || true; }
log "result: $RESULTS/$RUN.json (raw files in $WORK, git-ignored)"
