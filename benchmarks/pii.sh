#!/usr/bin/env bash
# JMH: each PII detector of plugins/anonymizer-pii, and the whole redactor, on the same ~1 KiB
# error report, next to a bare scan that reads every character once. Compare the ratios to
# bareScan; MB/s = ops/s x 1 KiB. See README.md.
#
# Knobs (environment): FORKS (1), WARMUP_ITERATIONS (2), ITERATIONS (3), TIME (2s), JMH_ARGS (extra).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE="$(cd "$BENCH_DIR/../plugins/anonymizer-pii" && pwd)"

(cd "$BENCH_DIR/.." && mvn -B -q test-compile dependency:build-classpath -pl plugins/anonymizer-pii \
  -Dmdep.includeScope=test -Dmdep.outputFile="$MODULE/target/jmh.classpath")
mkdir -p "$BENCH_DIR/target"
exec java -cp "$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/target/jmh.classpath")" \
  org.openjdk.jmh.Main DetectorBenchmark -f "${FORKS:-1}" -wi "${WARMUP_ITERATIONS:-2}" -i "${ITERATIONS:-3}" \
  -w "${TIME:-2s}" -r "${TIME:-2s}" -rf json -rff "$BENCH_DIR/target/pii-results.json" ${JMH_ARGS:-}
