#!/usr/bin/env bash
# A/B of two hub builds under the same machine load: both hubs run at the same time, each gets the same
# batches (exactly N orders at 4 clients, waited for until settled) at the same time, and we compare hub
# CPU per order and JVM threads started per order (HotSpot's java.threads.started counter).
# usage: bench/ab.sh A.jar A-connectors-dir B.jar B-connectors-dir [rounds] [orders]
set -euo pipefail
cd "$(dirname "$0")/.."
A_JAR=$1; A_CONN=$2; B_JAR=$3; B_CONN=$4; ROUNDS=${5:-3}; N=${6:-30}
RUN=$(date -u +%Y%m%dT%H%M%SZ)-ab; WORK="$(pwd)/bench/work/$RUN"; mkdir -p "$WORK"
CP="bench/target/classes:bench/target/lib/*"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill $p 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
start() { # name jar connectors -> port in PORT_<name>, pid in PID_<name>
  local port; port=$(free_port)
  java -Xmx1g -jar "$2" --server.port=$port --server.address=127.0.0.1 --orderhub.data-dir="$WORK/data-$1" \
    --orderhub.connectors-dir="$3" --orderhub.sandbox.shipment-delay=200ms --orderhub.sandbox.smtp.port=$(free_port) --orderhub.sandbox.ftp.port=0 \
    > "$WORK/hub-$1.log" 2>&1 &
  PIDS+=($!); eval "PID_$1=$!; PORT_$1=$port"
}
start A "$A_JAR" "$A_CONN"; start B "$B_JAR" "$B_CONN"
for h in A B; do
  port=$(eval echo \$PORT_$h)
  pid=$(eval echo \$PID_$h)
  for i in $(seq 1 360); do curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break; kill -0 $pid || { echo "hub $h died; see $WORK/hub-$h.log"; exit 1; }; sleep 0.5; done
  java -cp "$CP" io.orderhub.bench.Bench stock --base "http://127.0.0.1:$port" --csv config/sandbox-stock.csv --on-hand 10000000
done
threads() { jcmd $1 PerfCounter.print 2>/dev/null | awk -F= '/java.threads.started/ {print $2}'; }
batch() { # hub round
  local port pid; port=$(eval echo \$PORT_$1); pid=$(eval echo \$PID_$1)
  local t0; t0=$(threads $pid)
  java -cp "$CP" io.orderhub.bench.Bench batch --base "http://127.0.0.1:$port" --orders $N --concurrency 4 --run "$RUN-$1$2" \
    --out "$WORK/$1-$2.json" --ids "$WORK/$1-$2.ids" --pid $pid --timeout 180 2>>"$WORK/driver.log"
  echo "{\"threadsStarted\": $(( $(threads $pid) - t0 ))}" > "$WORK/$1-$2-threads.json"
}
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$WORK/summary.txt"
for r in warm $(seq 1 $ROUNDS); do batch A $r & a=$!; batch B $r & b=$!; wait $a $b; done
for r in $(seq 1 $ROUNDS); do for h in A B; do
  python3 - "$WORK" $h $r $N <<'PY' | tee -a "$WORK/summary.txt"
import json,sys
w,h,r,n=sys.argv[1:]
b=json.load(open(f"{w}/{h}-{r}.json")); t=json.load(open(f"{w}/{h}-{r}-threads.json"))
print(f"round {r} hub {h}: {b['ok']} orders, {b['unsettledAtEnd']} unsettled, {b['seconds']} s, hub CPU {b.get('hubCpuMsPerOrder')} ms/order, threads started {t['threadsStarted']} ({t['threadsStarted']/max(1,b['ok']):.1f}/order)")
PY
done; done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$WORK/summary.txt"
echo "raw: $WORK"
