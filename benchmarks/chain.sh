#!/usr/bin/env bash
# JMH: the anonymizer suite (pii-redact with hmac and generalize treatments, hmac, generalize) on
# one realistic crash report, next to writing that event as a JSON line (what every kept event
# costs anyway). Events/s per core; MB/s = ops/s x the event's JSON size (printed by the test
# SuiteChainBenchmarkTest's event, about 0.7 KiB). See README.md.
#
# Knobs (environment): FORKS (1), WARMUP_ITERATIONS (2), ITERATIONS (3), TIME (2s), JMH_ARGS (extra).
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
(cd "$BENCH_DIR/.." && mvn -B -q test-compile dependency:build-classpath -pl benchmarks \
  -Dmdep.includeScope=test -Dmdep.outputFile="$BENCH_DIR/target/jmh.classpath")
exec java -cp "$BENCH_DIR/target/test-classes:$BENCH_DIR/target/classes:$(cat "$BENCH_DIR/target/jmh.classpath")" \
  org.openjdk.jmh.Main SuiteChainBenchmark -f "${FORKS:-1}" -wi "${WARMUP_ITERATIONS:-2}" -i "${ITERATIONS:-3}" \
  -w "${TIME:-2s}" -r "${TIME:-2s}" -rf json -rff "$BENCH_DIR/target/chain-results.json" ${JMH_ARGS:-}
