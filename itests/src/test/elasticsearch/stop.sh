#!/usr/bin/env bash
# Stops the Elasticsearch start.sh started (TERM to the pid in its es.pid, KILL after 30 s) and removes its
# run directory, after copying its log to <work>/elasticsearch-server.log. With --keep, the run directory
# (data included) stays, for start.sh --reuse. Never fails: nothing to stop is fine.
#   --work DIR   where elasticsearch.home is
set -uo pipefail

work=""
keep=false
while [ $# -gt 0 ]; do
    case "$1" in
        --work) work=$2; shift 2 ;;
        --keep) keep=true; shift ;;
        *) echo "[elasticsearch] stop.sh: ignoring unknown option $1"; shift ;;
    esac
done
say() { echo "[elasticsearch] $*"; }
home_file="$work/elasticsearch.home"
if [ ! -f "$home_file" ]; then
    say "no $home_file: nothing to stop"
    exit 0
fi
run_dir=$(cat "$home_file")
case "$run_dir" in
    /tmp/homeport-es.*) ;;
    *) say "unexpected run directory '$run_dir': not touching it"; exit 0 ;;
esac
pid=$(tr -dc '0-9' < "$run_dir/es.pid" 2>/dev/null)
# Only our Elasticsearch: the pid's command line names the run directory.
if [ -n "$pid" ] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$run_dir"; then
    say "stopping Elasticsearch (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "still running after 30 s: KILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
else
    say "Elasticsearch is not running"
fi
cp "$run_dir"/logs/homeport-itests.log "$work/elasticsearch-server.log" 2>/dev/null || true
if [ "$keep" = true ]; then
    say "kept $run_dir for a restart"
    exit 0
fi
rm -rf "$run_dir"
rm -f "$home_file"
say "stopped, removed $run_dir"
exit 0
