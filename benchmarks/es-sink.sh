#!/usr/bin/env bash
# The Elasticsearch sink's steady throughput against a plain bulk loader: same events, same bulk size
# (one batch = one bulk request, as the journal feeds a sink), same single-node Elasticsearch, same
# invocation (SinkThroughputBenchmark alternates the two, round after round). Prints both rates and the
# ratio sink/plain, and keeps the output in benchmarks/target/es-sink.txt. See README.md.
#
# Build first:  mvn -B install -DskipTests -pl plugins/sink-elasticsearch,benchmarks
# Knobs (environment): DOCS (per round, 200000), BATCH (2000), ROUNDS (3), WARMUP_DOCS (40000),
# ES_PORT (9277), ES_HEAP (1g), ES_JAVA (a JDK 21+; empty: ES_JAVA_HOME, else the newest under /usr/lib/jvm),
# ES_DIST (an unpacked integ-test zip; by default the one the integration tests unpack, or unpacked here).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
JAR="$BENCH_DIR/target/homeport-benchmarks.jar"
ES_VERSION=9.5.2
ES_DIST="${ES_DIST:-$HOME/.cache/homeport/elasticsearch-$ES_VERSION/elasticsearch-$ES_VERSION}"
ES_JAVA="${ES_JAVA:-}"
ES_HEAP="${ES_HEAP:-1g}"
ES_PORT="${ES_PORT:-9277}"
DOCS="${DOCS:-200000}"
BATCH="${BATCH:-2000}"
ROUNDS="${ROUNDS:-3}"
WARMUP_DOCS="${WARMUP_DOCS:-40000}"
WORK="$BENCH_DIR/target/es-sink"
SCRIPTS="$REPO_ROOT/itests/src/test/elasticsearch"

[ -f "$JAR" ] || { echo "no $JAR: mvn -B install -DskipTests -pl plugins/sink-elasticsearch,benchmarks" >&2; exit 1; }
if [ ! -x "$ES_DIST/bin/elasticsearch" ]; then
    echo "unpacking Elasticsearch $ES_VERSION into $(dirname "$ES_DIST")"
    mvn -B -q dependency:unpack -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
        -DoutputDirectory="$(dirname "$ES_DIST")"
fi
mkdir -p "$WORK"
trap '"$SCRIPTS/stop.sh" --work "$WORK"' EXIT
"$SCRIPTS/start.sh" --dist "$ES_DIST" --work "$WORK" --http-port "$ES_PORT" ${ES_JAVA:+--java "$ES_JAVA"} --heap "$ES_HEAP"
java -Xmx512m -cp "$JAR" org.homeport.sink.elasticsearch.internal.SinkThroughputBenchmark \
    --url="http://127.0.0.1:$ES_PORT" --docs="$DOCS" --batch="$BATCH" --rounds="$ROUNDS" --warmup-docs="$WARMUP_DOCS" \
    | tee "$BENCH_DIR/target/es-sink.txt"
