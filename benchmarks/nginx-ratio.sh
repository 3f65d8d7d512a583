#!/usr/bin/env bash
# Issue 12's speed figure in ONE invocation: the nginx ceiling of the shared bench kit, then a fresh
# Homeport distribution configured with the kit's homeport-etc/ (four purposes, each `hmac` on
# subject and source.device plus `drop-fields` on attributes.trace_id, every purpose into the file
# sink through the shipped default pipeline), loaded with the same wrk, the same batch and the same
# connections; then the same node at half the rate it reached, open loop, for p50/p99 at that load.
#
#   benchmarks/nginx-ratio.sh
#   SECS=20 PROFILE=1 benchmarks/nginx-ratio.sh      # longer runs, JFR profile of the max-rate run
#
# Knobs (environment):
#   BENCH_KIT      the shared kit (default /work/shared/bench; run its setup.sh once for wrk/nginx)
#   SECS           measured seconds of each load (default 10)
#   WARMUP_SECS    wrk run against Homeport that is thrown away, for the JIT (default 60: after 10 s
#                  the compiler threads still took a quarter of the node's CPU in the measured run, after
#                  30 s a fifth; `jstat -compiler` showed compiling levelling off about 50 s into the load)
#   CONNS          connections, for nginx, Homeport and the half-rate run (default 16, the kit's)
#   BATCH_TIME     now (default): the kit's batch with its event times moved to a minute ago;
#                  fixed: make-batch.py's own 2026-11-23 times, refused (time-too-old) from
#                  2026-12-23 on by the 30d retention of homeport-etc's purposes
#   EXTRA_ETC      a directory whose *.cfg are copied into the node's etc/ last, e.g. a journal
#                  configuration with other settings, to compare them on the same build
#   DISTRIBUTION   a homeport-*.tar.gz to unpack (default: the newest karaf-distribution/target/homeport-*.tar.gz)
#   PROFILE=1      record JFR during the measured max-rate run and print the hottest methods
#   PROFILE=async  profile the measured max-rate run with async-profiler instead (CPU, itimer; far
#                  less overhead than JFR's profile settings): tools.profiler:async-profiler from
#                  Maven Central, fetched into ~/.m2 on first use; writes cpu.collapsed, cpu.html
#                  and the flat top of self time to hot-methods.txt
#   CONTROL=0      skip the control: the half-rate load against BareServer (reads and discards),
#                  which shows what p50/p99 the machine itself allows at that rate
#   KEEP=1         keep the unpacked distribution and the work directory
#   START_TIMEOUT  seconds to wait for /health (default 180)
#   API_KEY        the device key sent (default: the distribution's demo key)
#
# Everything binds 127.0.0.1 on free ports; what this script starts it stops by pid. Exit code is
# non-zero if any load saw a non-2xx answer or socket error, or if the file sink holds fewer events
# than the 2xx answers acknowledged (a 4xx run, or events dropped/rejected inside 200s, fails it).
# Results: stdout and benchmarks/target/nginx-ratio/<UTC time>/ (summary.txt, the batch, half.json,
# the JFR recording and hot-methods.txt; wrk's own logs stay in /tmp/bench-http/).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
KIT="${BENCH_KIT:-/work/shared/bench}"
SECS="${SECS:-10}"
WARMUP_SECS="${WARMUP_SECS:-60}"
CONNS="${CONNS:-16}"
BATCH_TIME="${BATCH_TIME:-now}"
PROFILE="${PROFILE:-0}"
CONTROL="${CONTROL:-1}"
KEEP="${KEEP:-0}"
START_TIMEOUT="${START_TIMEOUT:-180}"
API_KEY="${API_KEY:-hp_demo_7Qm2xV9cLr4tWz8KpN3s}"
JAR="$BENCH_DIR/target/homeport-benchmarks.jar"
OUT="$BENCH_DIR/target/nginx-ratio/$(date -u +%Y%m%dT%H%M%SZ)"

log() { echo "nginx-ratio: $*" >&2; }
die() { log "FAIL: $*"; exit 1; }

for tool in wrk nginx python3 java jcmd curl; do
  command -v "$tool" >/dev/null || die "$tool missing (wrk/nginx: run $KIT/setup.sh)"
done
[[ -x "$KIT/http/http-ceiling.sh" && -x "$KIT/http/http-load.sh" ]] || die "no bench kit at $KIT (BENCH_KIT)"
[[ "$SECS" =~ ^[0-9]+$ && "$WARMUP_SECS" =~ ^[0-9]+$ && "$CONNS" =~ ^[0-9]+$ ]] || die "SECS, WARMUP_SECS, CONNS: whole numbers"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.txt"
say() { echo "$*" | tee -a "$SUMMARY"; }

# shellcheck source=node-lib.sh
source "$BENCH_DIR/node-lib.sh"
BARE_PID=""
cleanup() {
  local status=$?
  if [[ -n "$BARE_PID" ]]; then kill -TERM "$BARE_PID" 2>/dev/null || true; wait "$BARE_PID" 2>/dev/null || true; fi
  stop_homeport
  if [[ -n "$UNPACK_DIR" ]]; then
    if [[ "$KEEP" == 1 || $status -ne 0 ]]; then log "left $UNPACK_DIR"; else rm -rf "$UNPACK_DIR"; fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Value of key=... in the kit's RESULT line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

# Fails the run unless every answer of a wrk load was 2xx; echoes the number of 2xx answers.
check_wrk() {
  local name="$1" result="$2" non2xx errors statuses ok=0 part
  non2xx="$(field "$result" non2xx)"; errors="$(field "$result" errors)"; statuses="$(field "$result" statuses)"
  [[ "$non2xx" == 0 && "$errors" == 0 ]] || die "$name: non2xx=$non2xx errors=$errors statuses=$statuses"
  for part in ${statuses//,/ }; do
    [[ "$part" == 2??:* ]] && ok=$((ok + ${part#*:}))
  done
  (( ok > 0 )) || die "$name: no 2xx answer (statuses=$statuses)"
  echo "$ok"
}

# ---- the batch --------------------------------------------------------------------------------
BATCH="$OUT/batch-100-array.json"
python3 "$KIT/http/make-batch.py" --events 100 --array -o "$OUT/batch-fixed.json" 2>/dev/null
case "$BATCH_TIME" in
  fixed) cp "$OUT/batch-fixed.json" "$BATCH" ;;
  now)
    # The same events, bytes and spacing; only every "time" moves by one offset so that the first
    # is a minute ago (whole milliseconds, same ISO-8601 form, so the body keeps its size).
    python3 - "$OUT/batch-fixed.json" "$BATCH" <<'PY'
import datetime, json, sys
events = json.load(open(sys.argv[1]))
parse = lambda t: datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
shift = (now - datetime.timedelta(minutes=1)) - parse(events[0]["time"])
for e in events:
    e["time"] = (parse(e["time"]) + shift).isoformat(timespec="milliseconds").replace("+00:00", "Z")
out = json.dumps(events, separators=(",", ":"))
assert len(out) == len(open(sys.argv[1]).read()), "size changed"
open(sys.argv[2], "w").write(out)
PY
    ;;
  *) die "BATCH_TIME must be now or fixed" ;;
esac
EVENTS_PER_BATCH="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$BATCH")"
say "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); batch $BATCH ($(stat -c %s "$BATCH") B, $EVENTS_PER_BATCH events, BATCH_TIME=$BATCH_TIME); $CONNS connections, ${SECS}s per load"

# ---- 1. the nginx ceiling -----------------------------------------------------------------------
log "nginx ceiling (buffer mode)"
NGINX="$("$KIT/http/http-ceiling.sh" --mode buffer "$BATCH" --conns "$CONNS" --secs "$SECS" 2>>"$OUT/nginx.err" | grep '^RESULT ')" \
  || die "nginx ceiling failed: $(tail -5 "$OUT/nginx.err")"
say "$NGINX"
check_wrk nginx "$NGINX" >/dev/null
NGINX_EPS="$(field "$NGINX" eps)"

# ---- 2. Homeport at its max rate ----------------------------------------------------------------
if [[ ! -f "$JAR" ]]; then
  log "building $JAR"
  (cd "$REPO_ROOT" && mvn -B -q -o package -f benchmarks/pom.xml -DskipTests) || die "building the benchmarks module failed"
fi
TARBALL="${DISTRIBUTION:-$(ls -t "$REPO_ROOT"/karaf-distribution/target/homeport-*.tar.gz 2>/dev/null | head -n 1 || true)}"
[[ -f "$TARBALL" ]] || die "no distribution: mvn -B -q -o verify -pl karaf-distribution -am -DskipTests (or set DISTRIBUTION)"
unpack_homeport "$TARBALL"
URL="http://127.0.0.1:$RECEIVER_PORT/v1/events"
start_homeport


# Every event of the batch must be accepted before a figure means anything: one POST, read the counts.
SANITY="$(curl -sS --max-time 30 -o - -w ' HTTP%{http_code}' -H 'Content-Type: application/json' \
  -H "X-Api-Key: $API_KEY" --data-binary @"$BATCH" "$URL")"
[[ "$SANITY" == *'"accepted":'"$EVENTS_PER_BATCH"','* && "$SANITY" == *' HTTP200' ]] \
  || die "one batch was not fully accepted: ${SANITY:0:400}"
acked=$EVENTS_PER_BATCH

log "warm-up ${WARMUP_SECS}s (thrown away)"
if (( WARMUP_SECS > 0 )); then
  WARM="$("$KIT/http/http-load.sh" "$URL" "$BATCH" --header "X-Api-Key: $API_KEY" --conns "$CONNS" --secs "$WARMUP_SECS" 2>>"$OUT/homeport.err")" \
    || die "warm-up load failed"
  echo "warmup $WARM" >>"$SUMMARY"
  acked=$((acked + EVENTS_PER_BATCH * $(check_wrk homeport-warmup "$WARM")))
fi
# Nothing may be left for the file sink from the warm-up when the max-rate run starts: its clock
# runs until the sink has everything that run acknowledged.
await_caught_up
if [[ "$PROFILE" == 1 ]]; then
  jcmd "$HOMEPORT_PID" JFR.start name=ratio settings=profile >/dev/null || die "JFR.start failed"
elif [[ "$PROFILE" == async ]]; then
  ASYNC_PROFILER_VERSION="${ASYNC_PROFILER_VERSION:-4.1}"
  ap_jar="$HOME/.m2/repository/tools/profiler/async-profiler/$ASYNC_PROFILER_VERSION/async-profiler-$ASYNC_PROFILER_VERSION-linux-x64.jar"
  [[ -f "$ap_jar" ]] || mvn -B -q dependency:get -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION:jar:linux-x64" >&2 \
    || die "could not fetch async-profiler $ASYNC_PROFILER_VERSION"
  (cd "$OUT" && unzip -o -q "$ap_jar" 'linux-x64/libasyncProfiler.so') || die "no libasyncProfiler.so in $ap_jar"
  AP_LIB="$OUT/linux-x64/libasyncProfiler.so"
  # jcmd splits its arguments at '=', so the agent's options go in double quotes of their own
  async_profiler() { jcmd "$HOMEPORT_PID" JVMTI.agent_load "$AP_LIB" "\"$1\"" | grep -q 'return code: 0'; }
  async_profiler "start,event=itimer,interval=1ms" || die "async-profiler start failed"
fi
log "Homeport at max rate, ${SECS}s"
cpu_before="$(cpu_ticks "$HOMEPORT_PID")"
max_started="$(date +%s.%N)"
MAX="$("$KIT/http/http-load.sh" "$URL" "$BATCH" --header "X-Api-Key: $API_KEY" --conns "$CONNS" --secs "$SECS" 2>>"$OUT/homeport.err")" \
  || die "max-rate load failed"
say "RESULT target=homeport ${MAX#RESULT }"
await_caught_up
max_stored="$(date +%s.%N)"
cpu_after="$(cpu_ticks "$HOMEPORT_PID")"
if [[ "$PROFILE" == 1 ]]; then
  # stopping with a filename writes the recording completely before jcmd returns
  jcmd "$HOMEPORT_PID" JFR.stop name=ratio filename="$OUT/homeport-max.jfr" >/dev/null || die "JFR.stop failed"
elif [[ "$PROFILE" == async ]]; then
  async_profiler "stop,collapsed,threads,file=$OUT/cpu.collapsed" || die "async-profiler stop failed"
  async_profiler "summary,flat=40,traces=0,file=$OUT/hot-methods.txt" || true
  async_profiler "flamegraph,file=$OUT/cpu.html" || true
fi
max_ok="$(check_wrk homeport "$MAX")"
acked=$((acked + EVENTS_PER_BATCH * max_ok))
ANSWERED_EPS="$(field "$MAX" eps)"
# The rate the node sustains: events acknowledged in the max-rate run over the time from its start
# until the file sink held them all. Answering alone runs ahead of delivery (the journal takes the
# difference until its quota is full), so the answered rate is not one the node can keep up.
HOMEPORT_EPS="$(python3 -c "import sys; print(f'{int(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2])):.1f}')" \
  "$((EVENTS_PER_BATCH * max_ok))" "$max_started" "$max_stored")"
# node CPU from the start of the max-rate run until the sink caught up, per event acknowledged in it
CPU_MS_PER_1000="$(python3 -c "import sys,os; t=(int(sys.argv[2])-int(sys.argv[1]))/os.sysconf('SC_CLK_TCK'); print(f'{t*1e6/int(sys.argv[3]):.1f}')" "$cpu_before" "$cpu_after" "$((EVENTS_PER_BATCH * max_ok))")"

# Every 2xx answer so far acknowledged events durable in the journal; the journal then feeds the file
# sink. Once it has caught up the files must hold at least that many lines (a 200 can still drop or
# reject events inside). Waiting for it is not part of any measured window.
await_stored() { # minimum lines; waits up to 120 s for the journal to deliver them
  local want="$1" have
  for _ in $(seq 1 600); do have="$(count_lines)"; (( have >= want )) && break; sleep 0.2; done
  count_lines
}
stored_max="$(await_stored "$acked")"
(( stored_max >= acked )) || die "the file sink holds $stored_max events, fewer than the $acked acknowledged by wrk's 2xx answers"

# ---- 3. the same node at half that rate, open loop -----------------------------------------------
HALF_RPS="$(python3 -c "import sys; print(max(1, round(float(sys.argv[1]) / 2 / int(sys.argv[2]))))" "$HOMEPORT_EPS" "$EVENTS_PER_BATCH")"
log "Homeport at half rate: $HALF_RPS requests/s, open loop, 5s warm-up + ${SECS}s"
java -jar "$JAR" --url "$URL" --api-key "$API_KEY" --body-file "$BATCH" --rate "$HALF_RPS" \
  --concurrency "$CONNS" --warmup 5 --duration "$SECS" --json >"$OUT/half.json" 2>>"$OUT/half.err" \
  || die "half-rate load failed: $(tail -5 "$OUT/half.err")"
HALF="$(cat "$OUT/half.json")"
echo "half $HALF" >>"$SUMMARY"
read -r HALF_OK HALF_REQ HALF_ERR HALF_NON2XX HALF_EPS HALF_P50 HALF_P99 HALF_ACC HALF_NOTACC <<<"$(python3 - "$OUT/half.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
non2xx = sum(r["non2xx"].values())
print(r["ok"], r["requests"], r["errors"], non2xx, r["eventsPerSecond"], r["latencyMs"]["p50"], r["latencyMs"]["p99"],
      r.get("acceptedEvents"), r.get("notAcceptedEvents"))
PY
)"
[[ "$HALF_ERR" == 0 && "$HALF_NON2XX" == 0 && "$HALF_OK" -gt 0 ]] || die "half-rate run: errors=$HALF_ERR non2xx=$HALF_NON2XX ok=$HALF_OK"
[[ "$HALF_ACC" =~ ^[0-9]+$ && "$HALF_NOTACC" == 0 ]] || die "half-rate run: accepted $HALF_ACC, not accepted $HALF_NOTACC events inside 2xx answers"

# Control: the same open-loop load against BareServer (a Vert.x server that only reads the body),
# so the half-rate percentiles can be told apart from what the machine's scheduling alone costs.
CONTROL_P50="-"; CONTROL_P99="-"
if [[ "$CONTROL" == 1 ]]; then
  BARE_PORT="$(free_port)"
  java -cp "$JAR" org.homeport.benchmarks.BareServer --port "$BARE_PORT" >"$OUT/bare.out" 2>"$OUT/bare.err" &
  BARE_PID=$!
  for _ in $(seq 1 150); do grep -q "^READY $BARE_PORT\$" "$OUT/bare.out" 2>/dev/null && break; sleep 0.2; done
  grep -q "^READY $BARE_PORT\$" "$OUT/bare.out" || die "BareServer did not start: $(tail -3 "$OUT/bare.err")"
  log "control: BareServer at $HALF_RPS requests/s, open loop, 5s warm-up + ${SECS}s"
  java -jar "$JAR" --url "http://127.0.0.1:$BARE_PORT/v1/events" --body-file "$BATCH" --rate "$HALF_RPS" \
    --concurrency "$CONNS" --warmup 5 --duration "$SECS" --json >"$OUT/control.json" 2>>"$OUT/control.err" \
    || die "control load failed: $(tail -5 "$OUT/control.err")"
  kill -TERM "$BARE_PID" 2>/dev/null || true; wait "$BARE_PID" 2>/dev/null || true; BARE_PID=""
  read -r CONTROL_P50 CONTROL_P99 <<<"$(python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))["latencyMs"]; print(l["p50"], l["p99"])' "$OUT/control.json")"
fi

# The half-rate run counts the answers of its measured window only (its warm-up is not counted),
# so the sink must have grown by at least the events those answers accepted.
stored="$(await_stored "$((stored_max + HALF_ACC))")"
(( stored - stored_max >= HALF_ACC )) || die "the file sink grew by $((stored - stored_max)) events during the half-rate run, fewer than the $HALF_ACC its answers accepted"

RATIO="$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.4f}')" "$HOMEPORT_EPS" "$NGINX_EPS")"
ANSWERED_RATIO="$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.4f}')" "$ANSWERED_EPS" "$NGINX_EPS")"
say ""
say "nginx-buffer   $(printf '%12.0f' "$NGINX_EPS") events/s   (p50 $(field "$NGINX" p50_ms) ms, p99 $(field "$NGINX" p99_ms) ms, closed loop)"
say "homeport max   $(printf '%12.0f' "$HOMEPORT_EPS") events/s   stored: acknowledged in the max-rate run / time until the file sink held them all"
say "  answered     $(printf '%12.0f' "$ANSWERED_EPS") events/s   (p50 $(field "$MAX" p50_ms) ms, p99 $(field "$MAX" p99_ms) ms, closed loop, $CONNS conns; ratio $ANSWERED_RATIO)"
say "ratio          $RATIO  (homeport stored / nginx-buffer, same invocation)"
say "homeport cpu   $CPU_MS_PER_1000 ms CPU per 1000 events at max rate, until stored (user + system of the node's JVM)"
say "homeport half  $(printf '%12.0f' "$HALF_EPS") events/s   open loop at $HALF_RPS requests/s: p50 $HALF_P50 ms, p99 $HALF_P99 ms"
[[ "$CONTROL" == 1 ]] && say "control        BareServer (reads and discards) at the same $HALF_RPS requests/s, open loop: p50 $CONTROL_P50 ms, p99 $CONTROL_P99 ms"
say "accepted       sink held $stored_max events >= $acked acknowledged by wrk's 2xx; the half-rate answers accepted $HALF_ACC (not accepted: $HALF_NOTACC), the sink grew by $((stored - stored_max))"
say "RATIO ratio=$RATIO nginx_eps=$NGINX_EPS homeport_eps=$HOMEPORT_EPS answered_eps=$ANSWERED_EPS answered_ratio=$ANSWERED_RATIO half_rps=$HALF_RPS half_p50_ms=$HALF_P50 half_p99_ms=$HALF_P99 control_p50_ms=$CONTROL_P50 control_p99_ms=$CONTROL_P99 cpu_ms_per_1000_events=$CPU_MS_PER_1000"

if [[ "$PROFILE" == 1 ]]; then
  [[ -s "$OUT/homeport-max.jfr" ]] || die "JFR wrote no $OUT/homeport-max.jfr"
  log "JFR: $OUT/homeport-max.jfr"
  "$BENCH_DIR/jfr-hot.sh" "$OUT/homeport-max.jfr" | tee "$OUT/hot-methods.txt"
elif [[ "$PROFILE" == async ]]; then
  log "async-profiler: $OUT/cpu.collapsed, $OUT/cpu.html"
  cat "$OUT/hot-methods.txt" 2>/dev/null || true
fi
log "results in $OUT"
