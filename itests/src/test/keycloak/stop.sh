#!/usr/bin/env bash
# Stops the Keycloak that start.sh started: TERM to its process group (pid in keycloak.pid), KILL after
# 30 s. Never fails: nothing to stop is fine. The build calls it in post-integration-test.
#   --work DIR   where keycloak.pid is (default itests/target)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work="$here/../../../target"
while [ $# -gt 0 ]; do
    case "$1" in
        --work) work=$2; shift 2 ;;
        *) echo "[keycloak] stop.sh: ignoring unknown option $1"; shift ;;
    esac
done
pid_file="$work/keycloak.pid"
say() { echo "[keycloak] $*"; }

if [ ! -f "$pid_file" ]; then
    say "no $pid_file: nothing to stop"
    exit 0
fi
pid=$(tr -dc '0-9' < "$pid_file")
rm -f "$pid_file"
if [ -z "$pid" ] || [ "$pid" -le 1 ]; then
    say "no usable pid in $pid_file: nothing to stop"
    exit 0
fi

# Only touch the group if it is still ours (the pid may have been reused since): the launcher's
# command line carries 'homeport-keycloak-launcher', the java one '-Dkc.home.dir='.
ours() {
    ps -eo pgid=,args= 2>/dev/null | awk -v g="$pid" '$1 == g && (/homeport-keycloak-launcher/ || /-Dkc\.home\.dir=/) { found = 1 } END { exit !found }'
}
if ! ours; then
    say "Keycloak (process group $pid) is already gone"
    exit 0
fi

say "stopping Keycloak (process group $pid)"
kill -TERM -- "-$pid" 2>/dev/null || true
for _ in $(seq 1 30); do
    if ! kill -0 -- "-$pid" 2>/dev/null; then
        say "stopped"
        exit 0
    fi
    sleep 1
done
say "still running after 30 s: KILL"
kill -KILL -- "-$pid" 2>/dev/null || true
sleep 1
exit 0
