#!/usr/bin/env bash
# Starts a throwaway single-node Elasticsearch (the integ-test zip: the bare server, no modules) on
# 127.0.0.1 for the integration tests and waits until the cluster is at least yellow. The build calls
# it in pre-integration-test; stop.sh stops it. See itests/README.md.
#
# Elasticsearch refuses to run as root: when started by root, it runs as 'nobody' from a copy under
# /tmp (which nobody can read); otherwise as the caller. It needs Java 21+ (ES_JAVA_HOME).
#
# Options:
#   --dist DIR        unpacked integ-test zip (the directory holding bin/elasticsearch)
#   --work DIR        where elasticsearch.home (the run directory's path) and elasticsearch.log go
#   --http-port P     HTTP port on 127.0.0.1
#   --java DIR        JDK 21+ (default, or empty: ES_JAVA_HOME, else the newest JDK 21+ in JAVA_HOME or /usr/lib/jvm)
#   --heap SIZE       -Xms/-Xmx (default 512m)
#   --reuse           start again on the data of the run directory recorded in --work (after stop.sh --keep)
#   --timeout S       how long to wait for the cluster (default 120)
set -euo pipefail

dist=""
work=""
http_port=9200
java_home=""
heap=512m
reuse=false
timeout=120

say() { echo "[elasticsearch] $*"; }
die() { echo "[elasticsearch] ERROR: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --dist) dist=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --http-port) http_port=$2; shift 2 ;;
        --java) java_home=$2; shift 2 ;;
        --heap) heap=$2; shift 2 ;;
        --reuse) reuse=true; shift ;;
        --timeout) timeout=$2; shift 2 ;;
        *) die "unknown option $1" ;;
    esac
done
[[ "$http_port" =~ ^[0-9]+$ ]] || die "not a port: '$http_port'"
[[ "$heap" =~ ^[0-9]+[mg]$ ]] || die "not a heap size: '$heap'"
[ -n "$work" ] || die "--work is required"
java_home=$("$(dirname "$0")/../find-jdk.sh" 21 "${java_home:-${ES_JAVA_HOME:-}}" "--java or ES_JAVA_HOME") \
    || die "Elasticsearch 9 needs Java 21+"
mkdir -p "$work"
work=$(cd "$work" && pwd)
home_file="$work/elasticsearch.home"
log="$work/elasticsearch.log"

if [ "$reuse" = true ]; then
    [ -f "$home_file" ] || die "--reuse: no $home_file"
    run_dir=$(cat "$home_file")
    [ -x "$run_dir/bin/elasticsearch" ] || die "--reuse: $run_dir holds no Elasticsearch"
else
    [ -x "$dist/bin/elasticsearch" ] || die "no Elasticsearch at '$dist' (bin/elasticsearch missing)"
    if [ -f "$home_file" ]; then
        say "stopping the Elasticsearch of an earlier run"
        "$(dirname "$0")/stop.sh" --work "$work" || true
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$http_port") 2>/dev/null; then die "port $http_port on 127.0.0.1 is already in use"; fi
    run_dir=$(mktemp -d /tmp/homeport-es.XXXXXX)
    chmod 755 "$run_dir"
    cp -a "$dist/." "$run_dir/"
    cat > "$run_dir/config/elasticsearch.yml" <<YML
cluster.name: homeport-itests
node.name: homeport-itests-1
network.host: 127.0.0.1
http.port: $http_port
transport.port: 0
discovery.type: single-node
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
path.data: $run_dir/data
path.logs: $run_dir/logs
action.destructive_requires_name: true
YML
    echo "$run_dir" > "$home_file"
fi

run_as=()
if [ "$(id -u)" = 0 ]; then
    chown -R nobody "$run_dir"
    run_as=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
fi
rm -f "$run_dir/es.pid"
say "starting $(basename "$dist" 2>/dev/null) from $run_dir on http://127.0.0.1:$http_port with $java_home"
"${run_as[@]}" env -i PATH=/usr/bin:/bin HOME="$run_dir" ES_JAVA_HOME="$java_home" \
    ES_JAVA_OPTS="-Xms$heap -Xmx$heap" \
    "$run_dir/bin/elasticsearch" -d -p "$run_dir/es.pid" >> "$log" 2>&1 < /dev/null \
    || { tail -n 40 "$log" >&2; die "bin/elasticsearch -d failed"; }

deadline=$(( $(date +%s) + timeout ))
until curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$http_port/_cluster/health?wait_for_status=yellow&timeout=2s" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
        tail -n 60 "$run_dir"/logs/*.log >&2 2>/dev/null || true
        "$(dirname "$0")/stop.sh" --work "$work" --keep >&2 || true
        die "not ready after ${timeout}s"
    fi
    sleep 1
done
say "ready: http://127.0.0.1:$http_port (pid $(cat "$run_dir/es.pid"))"
