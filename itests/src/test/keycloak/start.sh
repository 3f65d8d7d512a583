#!/usr/bin/env bash
# Starts a throwaway Keycloak (in-memory database, realm imported from homeport-realm.json) for the
# integration tests, detached in its own process group, and waits until it is ready.
# The build calls it in pre-integration-test; stop.sh stops it. See itests/README.md.
#
# Options (all optional; the defaults suit a start by hand from the itests directory):
#   --dist DIR             unpacked keycloak-quarkus-dist (default ~/.cache/homeport/keycloak-VERSION/keycloak-VERSION)
#   --work DIR             where keycloak/, keycloak.log and keycloak.pid go (default itests/target)
#   --http-port P          default 8180
#   --management-port M    default 9180 (health: http://127.0.0.1:M/health/ready)
#   --realm-file FILE      default homeport-realm.json next to this script
#   --owner-pid PID        Keycloak stops by itself once PID is gone (default: the caller, i.e. Maven);
#                          0 = never (for a start by hand that should outlive the shell)
#   --timeout S            how long to wait for readiness (default 180)
# Environment: KEYCLOAK_JAVA_HOME = JDK 21+ to run Keycloak with (otherwise the newest JDK >= 21 found
# in JAVA_HOME or /usr/lib/jvm is used).
set -euo pipefail

KC_VERSION=26.7.3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dist="${HOME}/.cache/homeport/keycloak-${KC_VERSION}/keycloak-${KC_VERSION}"
work="$here/../../../target"
http_port=8180
management_port=9180
realm_file="$here/homeport-realm.json"
owner_pid=$PPID
timeout=180

say() { echo "[keycloak] $*"; }
die() { echo "[keycloak] ERROR: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --dist) dist=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --http-port) http_port=$2; shift 2 ;;
        --management-port) management_port=$2; shift 2 ;;
        --realm-file) realm_file=$2; shift 2 ;;
        --owner-pid) owner_pid=$2; shift 2 ;;
        --timeout) timeout=$2; shift 2 ;;
        *) die "unknown option $1" ;;
    esac
done

for n in "$http_port" "$management_port" "$owner_pid" "$timeout"; do
    [[ "$n" =~ ^[0-9]+$ ]] || die "not a number: '$n'"
done
[ -f "$dist/bin/kc.sh" ] || die "no Keycloak distribution at $dist (bin/kc.sh missing). The build unpacks org.keycloak:keycloak-quarkus-dist:${KC_VERSION}:zip there in pre-integration-test; delete $(dirname "$dist") to force a fresh unpack"
[ -f "$realm_file" ] || die "realm file $realm_file not found"
mkdir -p "$work"
work=$(cd "$work" && pwd)
run_dir="$work/keycloak"
log="$work/keycloak.log"
pid_file="$work/keycloak.pid"
# The Quarkus re-augmentation that start-dev does (~20-35 s) is kept here, next to the cached
# distribution, so that later runs (also after mvn clean) start warm. Only lib/quarkus changes.
built_dir="$(dirname "$dist")/lib-quarkus-built"

# --- a JDK >= 21 --------------------------------------------------------------------------------
find_java() {
    "$(dirname "$0")/../find-jdk.sh" 21 "${KEYCLOAK_JAVA_HOME:-}" KEYCLOAK_JAVA_HOME || die "Keycloak ${KC_VERSION} needs Java 21+"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

http_ok() { # 0 when GET $1 answers 200
    if command -v curl >/dev/null 2>&1; then
        curl -fsS -o /dev/null --max-time 3 "$1" 2>/dev/null
    else
        local rest=${1#http://} hostport path status
        hostport=${rest%%/*}
        path=/${rest#*/}
        status=$(exec 3<>"/dev/tcp/${hostport%:*}/${hostport#*:}" &&
            printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3 &&
            timeout 3 head -n1 <&3) 2>/dev/null || return 1
        [[ "$status" == *" 200"* ]]
    fi
}

java_home=$(find_java)

# --- leftovers of an earlier run (e.g. Maven killed before post-integration-test) -----------------
if [ -f "$pid_file" ]; then
    say "stopping the Keycloak of an earlier run (pid $(cat "$pid_file"))"
    "$here/stop.sh" --work "$work" || true
fi
for p in "$http_port" "$management_port"; do
    if port_busy "$p"; then die "port $p on 127.0.0.1 is already in use"; fi
done

# --- one private copy of the distribution for this run ----------------------------------------------
t0=$(date +%s)
rm -rf "$run_dir"
cp -a "$dist" "$run_dir"
warm=false
if [ -f "$built_dir/quarkus-application.dat" ]; then
    rm -rf "$run_dir/lib/quarkus"
    cp -a "$built_dir" "$run_dir/lib/quarkus"
    warm=true
fi
mkdir -p "$run_dir/data/import"
cp "$realm_file" "$run_dir/data/import/"

# --- start, detached, in its own process group --------------------------------------------------
# The group leader is a small bash that runs kc.sh (which may re-exec java after the Quarkus rebuild)
# and, with --owner-pid, stops Keycloak when the owner (Maven) dies without running stop.sh.
# stop.sh signals the whole group (pid in keycloak.pid == process group id).
launcher='
owner=$1; shift
"$@" &
kc=$!
if [ "$owner" -gt 0 ]; then
    while kill -0 "$kc" 2>/dev/null && kill -0 "$owner" 2>/dev/null; do sleep 2; done
    if kill -0 "$kc" 2>/dev/null; then
        echo "[homeport] process $owner that started Keycloak is gone: stopping Keycloak"
        kill -TERM "$kc"
        for i in $(seq 30); do kill -0 "$kc" 2>/dev/null || exit 0; sleep 1; done
        kill -KILL 0
    fi
else
    wait "$kc"
fi
'
: > "$log"
say "starting Keycloak ${KC_VERSION} with $java_home on http://127.0.0.1:$http_port (management $management_port), log $log"
env -u JAVA_OPTS -u JAVA_OPTS_APPEND \
    JAVA_HOME="$java_home" \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin \
    KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" \
    setsid bash -c "$launcher" homeport-keycloak-launcher "$owner_pid" \
    sh "$run_dir/bin/kc.sh" start-dev \
        --db=dev-mem \
        --http-host=127.0.0.1 \
        --http-port="$http_port" \
        --http-management-port="$management_port" \
        --health-enabled=true \
        --hostname="http://127.0.0.1:$http_port" \
        --import-realm \
    >> "$log" 2>&1 < /dev/null &
pid=$!
echo "$pid" > "$pid_file"

fail() {
    echo "[keycloak] ERROR: $*" >&2
    echo "[keycloak] ---- last 60 lines of $log ----" >&2
    tail -n 60 "$log" >&2 || true
    echo "[keycloak] ----" >&2
    "$here/stop.sh" --work "$work" >&2 || true
    exit 1
}
trap 'fail "interrupted"' INT TERM

# --- wait until ready -------------------------------------------------------------------------------
ready_url="http://127.0.0.1:$management_port/health/ready"
deadline=$(( $(date +%s) + timeout ))
until http_ok "$ready_url"; do
    kill -0 "$pid" 2>/dev/null || fail "Keycloak exited before it was ready"
    [ "$(date +%s)" -lt "$deadline" ] || fail "Keycloak not ready after ${timeout}s ($ready_url)"
    sleep 1
done
trap - INT TERM
elapsed=$(( $(date +%s) - t0 ))
say "ready after ${elapsed}s ($([ "$warm" = true ] && echo "warm start" || echo "first start, with Quarkus rebuild")): http://127.0.0.1:$http_port/realms/homeport (pid $pid)"

# Keep the rebuild for the next run (atomically: copy aside, then rename).
if ! cmp -s "$run_dir/lib/quarkus/quarkus-application.dat" "$built_dir/quarkus-application.dat" 2>/dev/null; then
    tmp="$built_dir.tmp.$$"
    rm -rf "$tmp"
    if cp -a "$run_dir/lib/quarkus" "$tmp"; then
        rm -rf "$built_dir.old.$$"
        if [ -d "$built_dir" ]; then mv "$built_dir" "$built_dir.old.$$"; fi
        mv "$tmp" "$built_dir"
        rm -rf "$built_dir.old.$$"
        say "kept the Quarkus rebuild in $built_dir for later starts"
    fi
fi
