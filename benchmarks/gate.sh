#!/usr/bin/env bash
# Consent gate decisions per second with millions of subjects in the embedded H2 store: the store
# alone (baseline), the gate's cached lookup with uniform subjects, and with a hot set. The store
# is seeded on the first run (10 million subjects take several minutes) and kept in
# benchmarks/target/gate-store/ for later runs. See README.md.
#
# Knobs (environment): SUBJECTS (10000000), DURATION (20), WARMUP (5), THREADS (cores), CACHE (200000).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
JAR="$BENCH_DIR/target/homeport-benchmarks.jar"

if [[ ! -f "$JAR" ]]; then
  (cd "$REPO_ROOT" && mvn -B -q install -DskipTests -pl benchmarks -am)
fi
exec java -Xmx1g -cp "$JAR" org.homeport.benchmarks.GateBenchmark \
  --subjects "${SUBJECTS:-10000000}" --seconds "${DURATION:-20}" --warmup "${WARMUP:-5}" \
  --threads "${THREADS:-$(nproc)}" --cache "${CACHE:-200000}" \
  --db "$BENCH_DIR/target/gate-store/consent" --out "$BENCH_DIR/target/gate-results.json"
