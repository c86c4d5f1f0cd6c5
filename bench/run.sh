#!/usr/bin/env bash
# OrderHub benchmark (issue 7): bench/run.sh [--quick] [--no-build]
# Builds the hub once, starts it as a separate process on the durable embedded defaults (KahaDB + H2
# file DB, sandbox partners, shipment delay 200 ms) on a free loopback port with its own data dir,
# warms up, measures intake and end-to-end at several concurrencies, stops it, measures the ceilings
# of its parts (same HTTP stack's trivial route, KahaDB persistent send+receive, H2 order writes),
# prints a table and writes bench/results/<run>.json (+ PNG plots when gnuplot is available).
# Never part of `mvn verify`: bench/pom.xml is a separate project.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

QUICK=0; BUILD=1
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    --no-build) BUILD=0 ;;
    *) echo "usage: bench/run.sh [--quick] [--no-build]" >&2; exit 2 ;;
  esac
done

if [ $QUICK = 1 ]; then
  CONCURRENCIES="1 8 32"; WARMUP=5; SECONDS_INTAKE=8; SECONDS_HEALTH=3; DRAIN=8; SECONDS_CEILING=5; MODE=quick
  ONLY_CONCURRENCIES="8"; SECONDS_ONLY=5; GROWTH_LINES="100"; SECONDS_GROWTH=4
else
  CONCURRENCIES="1 8 32"; WARMUP=20; SECONDS_INTAKE=30; SECONDS_HEALTH=10; DRAIN=60; SECONDS_CEILING=15; MODE=full
  ONLY_CONCURRENCIES="1 8 32"; SECONDS_ONLY=15; GROWTH_LINES="1 10 100"; SECONDS_GROWTH=10
fi

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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PORT=$(free_port); SMTP=$(free_port)
BASE="http://127.0.0.1:$PORT"

cat > "$WORK/meta.json" <<JSON
{"run": "$RUN", "mode": "$MODE", "date": "$(date -u +%FT%TZ)", "commit": "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src routes connectors mappings config pom.xml || echo '-dirty')",
 "nproc": $(nproc), "memTotalMb": $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo),
 "cpu": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')",
 "java": "$(java -version 2>&1 | head -1 | sed 's/"//g')", "loadAvgAtStart": "$(cut -d' ' -f1-3 /proc/loadavg)",
 "hubArgs": "--orderhub.sandbox.shipment-delay=200ms, embedded KahaDB + H2 file DB, sandbox profile",
 "concurrencies": "$CONCURRENCIES", "intakeSeconds": $SECONDS_INTAKE, "warmupSeconds": $WARMUP}
JSON

log "starting the hub on $BASE (data in $WORK/data)"
java -Xmx1g -jar "$JAR" --server.port=$PORT --server.address=127.0.0.1 \
  --orderhub.data-dir="$WORK/data" --orderhub.sandbox.shipment-delay=200ms \
  --orderhub.sandbox.smtp.port=$SMTP > "$WORK/hub.log" 2>&1 &
HUB=$!
stop_hub() {
  if kill -0 $HUB 2>/dev/null; then
    kill -TERM $HUB 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 $HUB 2>/dev/null || break; sleep 0.5; done
    kill -0 $HUB 2>/dev/null && { log "hub did not stop in 30 s: SIGKILL"; kill -KILL $HUB 2>/dev/null || true; }
    wait $HUB 2>/dev/null || true
  fi
}
trap stop_hub EXIT

for i in $(seq 1 240); do
  curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break
  kill -0 $HUB 2>/dev/null || { log "hub died at start; see $WORK/hub.log"; tail -30 "$WORK/hub.log" >&2; exit 1; }
  sleep 0.5
done
curl -fs "$BASE/actuator/health" >/dev/null || { log "hub not healthy after 120 s"; exit 1; }
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

log "end-to-end from the hub's own records (order_history in its H2 database)"
driver e2e --db "jdbc:h2:file:$WORK/data/db/orderhub" "${PHASES[@]}" --out "$WORK/e2e.json" \
  --window-from $FROM_MS --window-to $TO_MS --stages-out "$WORK/stages.json"

# Intake alone: the same hub with the hand-off route excluded (as OrderIntakeCrashIT does), so orders
# stay in the outbox and no pipeline work competes with intake for the CPU.
log "intake alone: hub restarted with the hand-off route excluded"
java -Xmx1g -jar "$JAR" --server.port=$PORT --server.address=127.0.0.1 \
  --orderhub.data-dir="$WORK/data-intake-only" --orderhub.sandbox.shipment-delay=200ms \
  --orderhub.sandbox.smtp.port=$SMTP --camel.main.routes-exclude-pattern=file:routes/20-hand-off.camel.yaml \
  > "$WORK/hub-intake-only.log" 2>&1 &
HUB=$!
trap stop_hub EXIT
for i in $(seq 1 240); do
  curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break
  kill -0 $HUB 2>/dev/null || { log "hub died at start; see $WORK/hub-intake-only.log"; exit 1; }
  sleep 0.5
done
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
trap - EXIT
log "ceiling: broker (${SECONDS_CEILING}s)"
driver broker --dir "$WORK/broker-ceiling" --seconds $SECONDS_CEILING --size 64 --out "$WORK/broker.json"
log "ceiling: database (${SECONDS_CEILING}s)"
driver db --dir "$WORK/db-ceiling" --seconds $SECONDS_CEILING --threads 4 --out "$WORK/db.json"
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
GP
fi
cp "$WORK/table.txt" "$RESULTS/$RUN.txt"
# the stores (KahaDB preallocates its journal) take ~1 GB a run: keep only the small files
[ "${BENCH_KEEP_DATA:-0}" = 1 ] || rm -rf "$WORK/data" "$WORK/data-intake-only" "$WORK/broker-ceiling" "$WORK/db-ceiling"
log "result: $RESULTS/$RUN.json (raw files in $WORK, git-ignored)"
