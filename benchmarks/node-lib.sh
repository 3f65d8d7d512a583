# Sourced by the benchmark scripts that run a distribution (nginx-ratio.sh, syslog-ratio.sh): unpack,
# free ports, start, wait for /health, stop by pid, and what the file sink and the journal hold.
# The caller defines log() and die() and sets KIT (the shared bench kit) and START_TIMEOUT.
# Sets HOMEPORT_HOME, HOMEPORT_PID, UNPACK_DIR, RECEIVER_PORT, MANAGEMENT_PORT, HEALTH, EVENTS_DIR.

HOMEPORT_PID=""
HOMEPORT_HOME=""
UNPACK_DIR=""

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

stop_homeport() {
  [[ -n "$HOMEPORT_PID" ]] || return 0
  local pid="$HOMEPORT_PID" waited=0
  HOMEPORT_PID=""
  log "stopping Homeport (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && (( waited < 60 )); do sleep 1; waited=$((waited + 1)); done
  if kill -0 "$pid" 2>/dev/null; then log "pid $pid ignored TERM for 60s; KILL"; kill -KILL "$pid" 2>/dev/null || true; fi
}

# unpack_homeport TARBALL: unpacks it with the kit's purposes and event types, every port free.
unpack_homeport() {
  local tarball="$1" starts shipped ssh_port
  UNPACK_DIR="$(mktemp -d /tmp/homeport-bench.XXXXXX)"
  tar -xzf "$tarball" -C "$UNPACK_DIR"
  starts=("$UNPACK_DIR"/*/bin/start)
  [[ ${#starts[@]} -eq 1 && -x "${starts[0]}" ]] || die "$tarball holds no single bin/start"
  HOMEPORT_HOME="$(dirname "$(dirname "${starts[0]}")")"
  ETC="$HOMEPORT_HOME/etc"
  EVENTS_DIR="$HOMEPORT_HOME/data/homeport/events"
  RECEIVER_PORT="$(free_port)"; MANAGEMENT_PORT="$(free_port)"; ssh_port="$(free_port)"
  cp "$KIT"/homeport-etc/*.cfg "$ETC/"
  # The receiver's shipped configuration, on a free port (the feature keeps an existing file).
  shipped="$(ls "$HOMEPORT_HOME"/system/org/homeport/homeport-receiver-http/*/homeport-receiver-http-*-default.cfg | head -n 1)"
  sed -E "s/^#? *port *=.*/port = $RECEIVER_PORT/" "$shipped" >"$ETC/org.homeport.receiver.http.cfg"
  grep -q "^port = $RECEIVER_PORT\$" "$ETC/org.homeport.receiver.http.cfg" || echo "port = $RECEIVER_PORT" >>"$ETC/org.homeport.receiver.http.cfg"
  echo "port = $MANAGEMENT_PORT" >"$ETC/org.homeport.management.cfg"
  echo "port = $(free_port)" >"$ETC/org.homeport.admin.cfg"
  sed -i -E "s/^sshPort *=.*/sshPort = $ssh_port/" "$ETC/org.apache.karaf.shell.cfg"
  HEALTH="http://127.0.0.1:$MANAGEMENT_PORT/health"
  # EXTRA_ETC: a directory of *.cfg copied in last, to compare settings on the same build.
  if [[ -n "${EXTRA_ETC:-}" ]]; then
    compgen -G "$EXTRA_ETC/*.cfg" >/dev/null || die "EXTRA_ETC=$EXTRA_ETC holds no *.cfg"
    cp "$EXTRA_ETC"/*.cfg "$ETC/"
  fi
}

# boot_feature NAME: installs a feature of system/ at start (featuresBoot, after homeport-core: the
# features before it, wrap among them, must come first).
boot_feature() {
  local cfg="$ETC/org.apache.karaf.features.cfg"
  awk -v feature="$1" '{ print } /^ *homeport-core\/.*, *\\$/ { print "    " feature ", \\" }' "$cfg" >"$cfg.new" && mv "$cfg.new" "$cfg"
  grep -q "^    $1, " "$cfg" || die "could not add $1 to featuresBoot"
}

# start_homeport: bin/start, then waits until /health answers; sets HOMEPORT_PID.
start_homeport() {
  local started
  log "starting $(basename "$HOMEPORT_HOME") in $HOMEPORT_HOME (receiver $RECEIVER_PORT, management $MANAGEMENT_PORT)"
  "$HOMEPORT_HOME/bin/start" >/dev/null
  started=$SECONDS
  until curl -fsS -o /dev/null --max-time 5 "$HEALTH" 2>/dev/null; do
    # known as soon as Karaf writes it, so a node that never gets healthy is stopped too
    [[ -n "$HOMEPORT_PID" ]] || HOMEPORT_PID="$(tr -dc '0-9' 2>/dev/null <"$HOMEPORT_HOME/karaf.pid" || true)"
    (( SECONDS - started < START_TIMEOUT )) || { tail -20 "$HOMEPORT_HOME/data/log/karaf.log" >&2 || true; die "not healthy after ${START_TIMEOUT}s"; }
    sleep 1
  done
  [[ -n "$HOMEPORT_PID" ]] || HOMEPORT_PID="$(tr -dc '0-9' 2>/dev/null <"$HOMEPORT_HOME/karaf.pid" || true)"
  [[ -n "$HOMEPORT_PID" ]] && kill -0 "$HOMEPORT_PID" 2>/dev/null || die "no karaf.pid in $HOMEPORT_HOME"
  log "healthy after $((SECONDS - started))s, pid $HOMEPORT_PID"
}

backlog_events() { # events the journal holds for all sinks together, from /health
  curl -fsS --max-time 5 "$HEALTH" | python3 -c 'import json,sys; print(sum(b["events"] for b in json.load(sys.stdin).get("journal",{}).get("backlog",[])))'
}

await_caught_up() { # waits up to 300 s until the journal's backlog is 0
  local n
  for _ in $(seq 1 3000); do n="$(backlog_events)" && [[ "$n" == 0 ]] && return 0; sleep 0.1; done
  die "the file sink did not catch up within 300 s (backlog $n events)"
}

count_lines() { find "$EVENTS_DIR" -name '*.jsonl' -type f -exec cat {} + 2>/dev/null | wc -l; }

# CPU time (user + system, clock ticks) the node used: per event it moves far less with the
# neighbours' load on a shared machine than events/s does.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
