#!/usr/bin/env bash
# Issue 16's syslog speed criterion in one invocation: loggen (syslog-ng's load generator) sends
# 300-byte RFC 5424 messages with octet counting over 4 TCP connections, for the same time, to
#   1. rsyslog (imtcp -> omfile), 2. syslog-ng (syslog() -> file()), both from the shared kit, and
#   3. a fresh distribution whose syslog receiver maps every message to an event of the kit's purpose
#      `diagnostics` (consent gate on, hmac on subject and device, drop-fields), journal on, into the
#      shipped file sink (fsync per group commit).
# Each figure is "stored": messages in the output file over the time from the start of the load until
# the file held them all (the peers' flush included), so a node that acknowledges ahead of its sink
# gains nothing. Prints the three rates and Homeport's ratios to the two peers.
#
# Knobs (environment):
#   BENCH_KIT      the shared kit (default /work/shared/bench; run its setup.sh once: loggen, rsyslog, syslog-ng)
#   SECS           seconds of each load (default 10)
#   WARMUP_SECS    load sent to Homeport first and thrown away, for the JIT (default 60)
#   CONNS, SIZE    loggen's connections and message size (default 4 and 300, the issue's)
#   PEERS=0        skip rsyslog and syslog-ng (Homeport only)
#   EXTRA_ETC      a directory whose *.cfg are copied into the node's etc/ last (compare settings)
#   DISTRIBUTION   a homeport-*.tar.gz (default: the newest karaf-distribution/target/homeport-*.tar.gz)
#   KEEP=1         keep the unpacked distribution
#   START_TIMEOUT  seconds to wait for /health (default 180)
#
# Everything binds 127.0.0.1 on free ports; what this script starts it stops by pid. Fails if the
# file sink ends up with fewer events than loggen sent (a refused or lost message).
# Results: stdout and benchmarks/target/syslog-ratio/<UTC time>/summary.txt.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
KIT="${BENCH_KIT:-/work/shared/bench}"
SECS="${SECS:-10}"
WARMUP_SECS="${WARMUP_SECS:-60}"
CONNS="${CONNS:-4}"
SIZE="${SIZE:-300}"
PEERS="${PEERS:-1}"
KEEP="${KEEP:-0}"
START_TIMEOUT="${START_TIMEOUT:-180}"
OUT="$BENCH_DIR/target/syslog-ratio/$(date -u +%Y%m%dT%H%M%SZ)"

log() { echo "syslog-ratio: $*" >&2; }
die() { log "FAIL: $*"; exit 1; }

for tool in loggen logger python3 curl; do
  command -v "$tool" >/dev/null || die "$tool missing (loggen: run $KIT/setup.sh)"
done
[[ -x "$KIT/syslog/syslog-load.sh" ]] || die "no bench kit at $KIT (BENCH_KIT)"
[[ "$SECS" =~ ^[0-9]+$ && "$WARMUP_SECS" =~ ^[0-9]+$ && "$CONNS" =~ ^[0-9]+$ && "$SIZE" =~ ^[0-9]+$ ]] \
  || die "SECS, WARMUP_SECS, CONNS, SIZE: whole numbers"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.txt"
say() { echo "$*" | tee -a "$SUMMARY"; }

# shellcheck source=node-lib.sh
source "$BENCH_DIR/node-lib.sh"
cleanup() {
  local status=$?
  stop_homeport
  if [[ -n "$UNPACK_DIR" ]]; then
    if [[ "$KEEP" == 1 || $status -ne 0 ]]; then log "left $UNPACK_DIR"; else rm -rf "$UNPACK_DIR"; fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Value of key=... in a RESULT or LOAD line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }
# messages per second stored: written / (load time + time until the output stopped growing)
stored_rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / (float(sys.argv[2]) + float(sys.argv[3])):.1f}')" "$@"; }

say "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); loggen $CONNS connections, $SIZE-byte RFC 5424 messages, octet counting, ${SECS}s per load"

# ---- 1. and 2. the peers ----------------------------------------------------------------------------
RSYSLOG_RATE="-"; SYSLOGNG_RATE="-"
if [[ "$PEERS" == 1 ]]; then
  for peer in rsyslog syslogng; do
    log "$peer"
    result="$("$KIT/syslog/$peer-peer.sh" "$SECS" --conns "$CONNS" --size "$SIZE" 2>>"$OUT/$peer.err" | grep '^RESULT ')" \
      || die "$peer failed: $(tail -5 "$OUT/$peer.err")"
    say "$result"
    rate="$(stored_rate "$(field "$result" written)" "$(field "$result" load_secs)" "$(field "$result" flush_s)")"
    if [[ "$peer" == rsyslog ]]; then RSYSLOG_RATE="$rate"; else SYSLOGNG_RATE="$rate"; fi
  done
fi

# ---- 3. Homeport ------------------------------------------------------------------------------------
TARBALL="${DISTRIBUTION:-$(ls -t "$REPO_ROOT"/karaf-distribution/target/homeport-*.tar.gz 2>/dev/null | head -n 1 || true)}"
[[ -f "$TARBALL" ]] || die "no distribution: mvn -B -q -o verify -pl karaf-distribution -am -DskipTests (or set DISTRIBUTION)"
unpack_homeport "$TARBALL"
SYSLOG_PORT="$(free_port)"
boot_feature homeport-receiver-syslog
cat >"$ETC/org.homeport.eventtype-syslog.message.cfg" <<CFG
purposes = diagnostics
fields = message:string!
CFG
cat >"$ETC/org.homeport.receiver.syslog.cfg" <<CFG
host = 127.0.0.1
tcp.port = $SYSLOG_PORT
udp.port = -1
sources = acme=127.0.0.1
mappings = * -> syslog.message/diagnostics
attributes = message=msg
CFG
start_homeport
for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$SYSLOG_PORT") 2>/dev/null && break; sleep 0.2; done
(exec 3<>"/dev/tcp/127.0.0.1/$SYSLOG_PORT") 2>/dev/null || die "the syslog receiver does not listen on $SYSLOG_PORT"

# One message must be stored before a figure means anything.
logger --tcp --octet-count --rfc5424 -n 127.0.0.1 -P "$SYSLOG_PORT" -t bench 'sanity check'
for _ in $(seq 1 150); do (( $(count_lines) >= 1 )) && break; sleep 0.2; done
(( $(count_lines) >= 1 )) || die "a message sent with logger was not stored: $(grep -i syslog "$HOMEPORT_HOME/data/log/karaf.log" | tail -3)"

# Events the syslog receiver has handed to the intake and had accepted, from /metrics.
accepted_events() {
  curl -fsS --max-time 5 -u "${METRICS_USER:-demo:demo}" "http://127.0.0.1:$MANAGEMENT_PORT/metrics" \
    | awk '/^homeport_receiver_requests_total\{.*receiver="syslog".*status="accepted"/ { n += $NF } END { printf "%d\n", n }'
}

# stored_after ACCEPTED_BEFORE SENT T0: waits until the receiver has had SENT more events accepted
# than ACCEPTED_BEFORE and the journal holds nothing more for the file sink (so the sink has them);
# echoes the seconds since T0. Less one per connection: loggen stops in the middle of each
# connection's last frame and may count it, and the receiver refuses a cut frame (truncated, or
# bad-pri when only part of the octet count came) where the peers write it out. Polls the
# management endpoint, never the sink's files, so the wait costs the node nothing.
stored_after() {
  local before="$1" sent="$2" t0="$3" got
  for _ in $(seq 1 3000); do
    got="$(( $(accepted_events) - before ))"
    (( got >= sent - CONNS )) && [[ "$(backlog_events)" == 0 ]] && break
    sleep 0.1
  done
  (( got >= sent - CONNS )) || die "the intake accepted $got of the $sent messages loggen sent"
  [[ "$(backlog_events)" == 0 ]] || die "the file sink did not catch up within 300 s"
  python3 -c "import sys,time; print(f'{time.time() - float(sys.argv[1]):.3f}')" "$t0"
}

if (( WARMUP_SECS > 0 )); then
  log "warm-up ${WARMUP_SECS}s (thrown away)"
  before="$(accepted_events)"
  WARM="$("$KIT/syslog/syslog-load.sh" 127.0.0.1 "$SYSLOG_PORT" "$WARMUP_SECS" --conns "$CONNS" --size "$SIZE" 2>>"$OUT/homeport.err" | grep '^LOAD ')" \
    || die "warm-up load failed"
  echo "warmup $WARM" >>"$SUMMARY"
  stored_after "$before" "$(field "$WARM" sent)" "$(date +%s.%N)" >/dev/null
fi
await_caught_up

log "Homeport, ${SECS}s"
before="$(accepted_events)"
lines_before="$(count_lines)"
cpu_before="$(cpu_ticks "$HOMEPORT_PID")"
t0="$(date +%s.%N)"
LOAD="$("$KIT/syslog/syslog-load.sh" 127.0.0.1 "$SYSLOG_PORT" "$SECS" --conns "$CONNS" --size "$SIZE" 2>>"$OUT/homeport.err" | grep '^LOAD ')" \
  || die "load failed: $(tail -5 "$OUT/homeport.err")"
SENT="$(field "$LOAD" sent)"
ELAPSED="$(stored_after "$before" "$SENT" "$t0")"
STORED="$(( $(count_lines) - lines_before ))"
(( STORED >= SENT - CONNS )) || die "the file sink holds $STORED of the $SENT messages loggen sent"
cpu_after="$(cpu_ticks "$HOMEPORT_PID")"
say "homeport $LOAD stored_after_s=$ELAPSED"
HOMEPORT_RATE="$(python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):.1f}')" "$STORED" "$ELAPSED")"
CPU_US="$(python3 -c "import sys,os; t=(int(sys.argv[2])-int(sys.argv[1]))/os.sysconf('SC_CLK_TCK'); print(f'{t*1e6/int(sys.argv[3]):.1f}')" "$cpu_before" "$cpu_after" "$SENT")"
refused="$(curl -fsS --max-time 5 -u "${METRICS_USER:-demo:demo}" "http://127.0.0.1:$MANAGEMENT_PORT/metrics" | grep '^homeport_receiver_refused_total{.*receiver="syslog"' || true)"
[[ -z "$refused" ]] || say "refused by the receiver (cut frames at loggen's stop): $(tr '\n' ' ' <<<"$refused")"

ratio() { [[ "$2" == - ]] && echo - || python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.3f}')" "$1" "$2"; }
R_RSYSLOG="$(ratio "$HOMEPORT_RATE" "$RSYSLOG_RATE")"
R_SYSLOGNG="$(ratio "$HOMEPORT_RATE" "$SYSLOGNG_RATE")"
say ""
say "rsyslog      $(printf '%10s' "$RSYSLOG_RATE") messages/s stored"
say "syslog-ng    $(printf '%10s' "$SYSLOGNG_RATE") messages/s stored"
say "homeport     $(printf '%10s' "$HOMEPORT_RATE") messages/s stored ($SENT sent in $(field "$LOAD" secs) s, $STORED in the file sink after $ELAPSED s; $CPU_US µs CPU per message)"
say "ratios       $R_RSYSLOG of rsyslog (0.8 asked), $R_SYSLOGNG of syslog-ng (1.0 asked)"
say "RATIO homeport=$HOMEPORT_RATE rsyslog=$RSYSLOG_RATE syslogng=$SYSLOGNG_RATE ratio_rsyslog=$R_RSYSLOG ratio_syslogng=$R_SYSLOGNG cpu_us_per_message=$CPU_US"
log "results in $OUT"
