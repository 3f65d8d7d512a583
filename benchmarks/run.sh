#!/usr/bin/env bash
# Measures Homeport's HTTP ingest against a bare Vert.x server that only reads and discards, with
# the same load, in ONE invocation on the same machine. On a shared, noisy 2-core box absolute
# numbers drift from run to run; the homeport/bare ratio measured minutes apart is what to compare.
#
# Knobs (environment): BATCH, CONCURRENCY, DURATION, WARMUP (seconds), HOMEPORT_HOME;
# less common: TARGETS ("bare homeport" by default; bare, homeport, or <name> for a fresh
# distribution with benchmarks/<name>-etc/*.cfg copied over its etc/: 'plain' has no anonymizers
# on the load's purposes, 'suite' the whole anonymizer suite and an aggregate-only purpose),
# BARE_PORT, HOMEPORT_URL, HEALTH_URL,
# API_KEY, GZIP=1, START_TIMEOUT, KEEP_HOMEPORT_HOME=1, DISTRIBUTION (a tar.gz to unpack instead of
# the newest one built), RSS_INTERVAL. See README.md.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
JAR="$BENCH_DIR/target/homeport-benchmarks.jar"
OUT_DIR="$BENCH_DIR/target"

BATCH="${BATCH:-100}"
CONCURRENCY="${CONCURRENCY:-8}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-5}"
GZIP="${GZIP:-0}"
TARGETS="${TARGETS:-bare homeport}"
BARE_PORT="${BARE_PORT:-8490}"
HOMEPORT_URL="${HOMEPORT_URL:-http://127.0.0.1:8480/v1/events}"
HEALTH_URL="${HEALTH_URL:-http://127.0.0.1:8481/health}"
API_KEY="${API_KEY:-hp_demo_7Qm2xV9cLr4tWz8KpN3s}"
START_TIMEOUT="${START_TIMEOUT:-120}"
STOP_TIMEOUT="${STOP_TIMEOUT:-60}"
KEEP_HOMEPORT_HOME="${KEEP_HOMEPORT_HOME:-0}"
DISTRIBUTION="${DISTRIBUTION:-}"
RSS_INTERVAL="${RSS_INTERVAL:-5}"

# What this script started, so the exit trap stops exactly that and nothing else.
BARE_PID=""
HOMEPORT_STARTED=0
HOMEPORT_PID=""
UNPACK_DIR=""

log() { echo "run.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

require_number() {
  local name="$1" value="$2" min="$3"
  [[ "$value" =~ ^[0-9]+$ ]] && (( value >= min )) || die "$name must be a whole number >= $min, got '$value'"
}

# True if something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Stops one process we started: SIGTERM, a bounded wait, then SIGKILL.
stop_pid() {
  local pid="$1" name="$2" waited=0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && (( waited < STOP_TIMEOUT )); do
    sleep 1; waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) ignored SIGTERM for ${STOP_TIMEOUT}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

ensure_jar() {
  if [[ ! -f "$JAR" ]]; then
    log "building $JAR"
    (cd "$REPO_ROOT" && mvn -B -q package -f benchmarks/pom.xml) || die "building the benchmarks module failed"
  fi
  mkdir -p "$OUT_DIR"
}

# ---- (a) the bare baseline -------------------------------------------------------------------

start_bare() {
  port_in_use "$BARE_PORT" && die "something already listens on 127.0.0.1:$BARE_PORT; stop it or set BARE_PORT"
  java -cp "$JAR" org.homeport.benchmarks.BareServer --port "$BARE_PORT" \
    >"$OUT_DIR/bare-server.out" 2>"$OUT_DIR/bare-server.err" &
  BARE_PID=$!
  local waited=0
  until grep -q "^READY $BARE_PORT\$" "$OUT_DIR/bare-server.out" 2>/dev/null; do
    kill -0 "$BARE_PID" 2>/dev/null || die "BareServer exited before it was ready: $(tail -5 "$OUT_DIR/bare-server.err")"
    (( waited < 300 )) || die "BareServer not ready after 30 s"
    sleep 0.1; waited=$((waited + 1))
  done
  log "BareServer ready on port $BARE_PORT (pid $BARE_PID)"
}

stop_bare() {
  if [[ -n "$BARE_PID" ]]; then
    stop_pid "$BARE_PID" BareServer
    BARE_PID=""
  fi
}

# ---- (b) the Homeport distribution -----------------------------------------------------------

# Sets HOMEPORT_HOME. Without one given, unpacks the newest built distribution into a fresh
# temporary directory so sink files of earlier runs do not count.
resolve_homeport_home() {
  if [[ -n "${HOMEPORT_HOME:-}" ]]; then
    [[ -x "$HOMEPORT_HOME/bin/start" ]] || die "HOMEPORT_HOME=$HOMEPORT_HOME has no executable bin/start"
    log "using HOMEPORT_HOME=$HOMEPORT_HOME as it is (data from earlier runs stays in it)"
    return
  fi
  local tarball="$DISTRIBUTION"
  if [[ -n "$tarball" ]]; then
    [[ -f "$tarball" ]] || die "DISTRIBUTION=$tarball is not a file"
  else
    tarball="$(ls -t "$REPO_ROOT"/karaf-distribution/target/homeport-*.tar.gz 2>/dev/null | head -n 1 || true)"
  fi
  [[ -n "$tarball" ]] || die "no distribution found at karaf-distribution/target/homeport-*.tar.gz; build it (cd $REPO_ROOT && mvn -B package) or set HOMEPORT_HOME"
  UNPACK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/homeport-bench.XXXXXX")"
  tar -xzf "$tarball" -C "$UNPACK_DIR" || die "cannot unpack $tarball"
  if [[ -x "$UNPACK_DIR/bin/start" ]]; then
    HOMEPORT_HOME="$UNPACK_DIR"
  else
    local starts=("$UNPACK_DIR"/*/bin/start)
    [[ ${#starts[@]} -eq 1 && -x "${starts[0]}" ]] || die "$tarball does not hold exactly one distribution with bin/start"
    HOMEPORT_HOME="$(dirname "$(dirname "${starts[0]}")")"
  fi
  log "unpacked $(basename "$tarball") into $HOMEPORT_HOME"
}

start_homeport() {
  if curl -fsS -o /dev/null --max-time 2 "$HEALTH_URL" 2>/dev/null; then
    die "$HEALTH_URL already answers: another Homeport is running; stop it first so the numbers are this run's"
  fi
  log "starting $HOMEPORT_HOME/bin/start"
  HOMEPORT_STARTED=1
  "$HOMEPORT_HOME/bin/start" || die "bin/start failed"
  local started=$SECONDS last=""
  until last="$(curl -fsS --max-time 5 "$HEALTH_URL" 2>&1)"; do
    if (( SECONDS - started >= START_TIMEOUT )); then
      homeport_log_tail
      die "Homeport was not healthy within ${START_TIMEOUT}s (START_TIMEOUT); last answer from $HEALTH_URL: $last"
    fi
    sleep 2
  done
  find_homeport_pid
  log "Homeport healthy after $((SECONDS - started)) s (pid ${HOMEPORT_PID:-unknown}): $last"
}

# Karaf writes its pid to karaf.pid (karaf.pid.file in etc/config.properties). If a
# distribution moved it, look for the JVM of exactly this home directory.
find_homeport_pid() {
  if [[ -s "$HOMEPORT_HOME/karaf.pid" ]]; then
    HOMEPORT_PID="$(tr -dc '0-9' <"$HOMEPORT_HOME/karaf.pid")"
  else
    HOMEPORT_PID="$(pgrep -f -- "-Dkaraf.home=$HOMEPORT_HOME( |$)" | head -n 1 || true)"
  fi
}

stop_homeport() {
  [[ "$HOMEPORT_STARTED" == 1 ]] || return 0
  HOMEPORT_STARTED=0
  [[ -n "$HOMEPORT_PID" ]] || find_homeport_pid
  log "stopping Homeport (pid ${HOMEPORT_PID:-unknown})"
  "$HOMEPORT_HOME/bin/stop" >/dev/null 2>&1 || log "bin/stop failed; falling back to signals"
  if [[ -n "$HOMEPORT_PID" ]]; then
    local waited=0
    while kill -0 "$HOMEPORT_PID" 2>/dev/null && (( waited < STOP_TIMEOUT )); do
      sleep 1; waited=$((waited + 1))
    done
    # Not our child (bin/start detaches it), so stop_pid's `wait` would not work; same escalation by hand.
    if kill -0 "$HOMEPORT_PID" 2>/dev/null; then
      log "Homeport still running ${STOP_TIMEOUT}s after bin/stop"
      kill -TERM "$HOMEPORT_PID" 2>/dev/null || true
      sleep 10
      kill -KILL "$HOMEPORT_PID" 2>/dev/null || true
    fi
  fi
}

homeport_log_tail() {
  local logfile="$HOMEPORT_HOME/data/log/karaf.log"
  if [[ -f "$logfile" ]]; then
    log "last lines of $logfile:"
    tail -n 30 "$logfile" >&2 || true
  fi
}

cleanup() {
  local status=$?
  stop_rss_sampler
  stop_bare
  stop_homeport
  if [[ -n "$UNPACK_DIR" ]]; then
    if [[ "$KEEP_HOMEPORT_HOME" == 1 || $status -ne 0 ]]; then
      log "left $UNPACK_DIR for inspection"
    else
      rm -rf "$UNPACK_DIR"
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- the load, the same for every target -------------------------------------------------------

# Resident memory of a process in KiB, from /proc (Linux): VmRSS now, or VmHWM, the highest VmRSS
# since the process started. Empty if the process is gone or /proc has no such field.
rss_kib() {
  local pid="$1" field="${2:-VmRSS}"
  awk -v field="$field:" '$1 == field { print $2 }' "/proc/$pid/status" 2>/dev/null || true
}

# CPU time (user + system) a process has used so far, in clock ticks (getconf CLK_TCK per second).
cpu_ticks() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
  # Fields after the command name, which is in parentheses and may hold spaces: utime and stime
  # are the 12th and 13th of them.
  awk '{ print $12 + $13 }' <<<"${stat##*) }"
}

# Samples the server's VmRSS every RSS_INTERVAL seconds into $OUT_DIR/<name>-rss.tsv (seconds
# since the load started, MiB) until stopped, so a run shows whether memory levels off or keeps growing.
RSS_SAMPLER_PID=""
start_rss_sampler() {
  local name="$1" pid="$2"
  (
    started=$SECONDS
    printf 'seconds\trssMiB\n'
    while kill -0 "$pid" 2>/dev/null; do
      kib="$(rss_kib "$pid")"
      [[ -n "$kib" ]] && printf '%d\t%d\n' "$((SECONDS - started))" "$((kib / 1024))"
      sleep "$RSS_INTERVAL"
    done
  ) >"$OUT_DIR/$name-rss.tsv" &
  RSS_SAMPLER_PID=$!
}

stop_rss_sampler() {
  if [[ -n "$RSS_SAMPLER_PID" ]]; then
    kill "$RSS_SAMPLER_PID" 2>/dev/null || true
    wait "$RSS_SAMPLER_PID" 2>/dev/null || true
    RSS_SAMPLER_PID=""
  fi
}

run_load() {
  local name="$1" url="$2" server_pid="${3:-}"
  local args=(--url "$url" --api-key "$API_KEY" --batch "$BATCH" --concurrency "$CONCURRENCY"
              --duration "$DURATION" --warmup "$WARMUP" --json)
  if [[ "$GZIP" == 1 ]]; then
    args+=(--gzip)
  fi
  local idle="" cpu_file="$OUT_DIR/$name-cpu.start" cpu_reader=""
  rm -f "$cpu_file"
  if [[ -n "$server_pid" ]]; then
    idle="$(rss_kib "$server_pid")"
    start_rss_sampler "$name" "$server_pid"
    # The server's CPU time when the measured window starts, after the warm-up.
    (sleep "$WARMUP"; cpu_ticks "$server_pid" >"$cpu_file") &
    cpu_reader=$!
  fi
  log "load against $name${idle:+ (RSS before the load: $((idle / 1024)) MiB)}"
  # Exit code 1: not one 2xx answer; the summary on stderr says what came back instead.
  local status=0
  java -jar "$JAR" "${args[@]}" >"$OUT_DIR/$name.json" || status=$?
  if [[ -n "$server_pid" ]]; then
    local cpu_end
    cpu_end="$(cpu_ticks "$server_pid")"
    stop_rss_sampler
    wait "$cpu_reader" 2>/dev/null || true
    add_rss "$OUT_DIR/$name.json" "$idle" "$(rss_kib "$server_pid" VmHWM)" "$(rss_kib "$server_pid")"
    add_cpu "$OUT_DIR/$name.json" "$(cat "$cpu_file" 2>/dev/null)" "$cpu_end"
  fi
  return "$status"
}

# Adds the server's CPU time in the measured window, and per 1000 events counted in it, to the
# result: on a shared machine this moves far less with the neighbours' load than events/s does.
add_cpu() {
  local file="$1" start="$2" end="$3"
  [[ -n "$start" && -n "$end" && -s "$file" ]] || return 0
  local events hz
  events="$(grep -o '"events":[0-9]*' "$file" | head -n 1 | cut -d: -f2)"
  hz="$(getconf CLK_TCK)"
  [[ -n "$events" ]] || return 0
  local cpu
  cpu="$(awk -v t="$((end - start))" -v hz="$hz" -v n="$events" \
    'BEGIN { s = t / hz; printf "\"cpuSeconds\":%.2f,\"cpuMsPer1000Events\":%s", s, (n > 0 ? sprintf("%.3f", s * 1000000 / n) : "null") }')"
  sed -i -E "\$ s/\}[[:space:]]*\$/,$cpu}/" "$file"
}

# Adds the server's resident memory to the load generator's one-line JSON result:
# "rssMiB": {"idle": before the load, "peak": highest since the process started, "end": after it}.
add_rss() {
  local file="$1" idle="$2" peak="$3" end="$4"
  [[ -n "$idle" && -n "$peak" && -n "$end" && -s "$file" ]] || return 0
  local rss
  rss="$(printf '"rssMiB":{"idle":%d,"peak":%d,"end":%d}' "$((idle / 1024))" "$((peak / 1024))" "$((end / 1024))")"
  sed -i -E "\$ s/\}[[:space:]]*\$/,$rss}/" "$file"
}

# ---- main ----------------------------------------------------------------------------------------

require_number BATCH "$BATCH" 1
require_number CONCURRENCY "$CONCURRENCY" 1
require_number DURATION "$DURATION" 1
require_number WARMUP "$WARMUP" 0
for target in $TARGETS; do
  [[ "$target" == bare || "$target" == homeport || -d "$BENCH_DIR/$target-etc" ]] \
    || die "TARGETS may hold 'bare', 'homeport' and the name of a directory benchmarks/<name>-etc, got '$target'"
done

ensure_jar
# Find the distribution before spending minutes on the baseline.
if [[ " $TARGETS " != " bare " ]]; then
  resolve_homeport_home
fi

report_args=()
if [[ " $TARGETS " == *" bare "* ]]; then
  start_bare
  run_load bare "http://127.0.0.1:$BARE_PORT/v1/events" "$BARE_PID" || die "the load against BareServer got no 2xx answer"
  stop_bare
  report_args+=("bare=$OUT_DIR/bare.json")
fi
if [[ " $TARGETS " == *" homeport "* ]]; then
  start_homeport
  if ! run_load homeport "$HOMEPORT_URL" "$HOMEPORT_PID"; then
    homeport_log_tail
    die "the load against Homeport got no 2xx answer (wrong API_KEY or HOMEPORT_URL?)"
  fi
  stop_homeport
  report_args+=("homeport=$OUT_DIR/homeport.json")
fi
for target in $TARGETS; do
  [[ "$target" == bare || "$target" == homeport ]] && continue
  if [[ -n "$UNPACK_DIR" ]]; then
    # A fresh copy, so the stores of earlier targets do not count and etc/ starts as shipped.
    rm -rf "$UNPACK_DIR"
    UNPACK_DIR=""
    unset HOMEPORT_HOME
    resolve_homeport_home
  fi
  cp "$BENCH_DIR/$target-etc"/*.cfg "$HOMEPORT_HOME/etc/"
  log "$target: copied $(ls "$BENCH_DIR/$target-etc"/*.cfg | wc -l) configurations from benchmarks/$target-etc into $HOMEPORT_HOME/etc"
  start_homeport
  if ! run_load "$target" "$HOMEPORT_URL" "$HOMEPORT_PID"; then
    homeport_log_tail
    die "the load against Homeport with benchmarks/$target-etc got no 2xx answer"
  fi
  stop_homeport
  report_args+=("$target=$OUT_DIR/$target.json")
done

echo
echo "batch $BATCH, concurrency $CONCURRENCY, warm-up ${WARMUP}s, measured ${DURATION}s$([[ "$GZIP" == 1 ]] && echo ", gzip")"
java -cp "$JAR" org.homeport.benchmarks.BenchmarkReport --out "$OUT_DIR/results.json" "${report_args[@]}"
log "wrote $OUT_DIR/results.json"
