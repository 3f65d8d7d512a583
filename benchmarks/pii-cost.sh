#!/usr/bin/env bash
# Per-event cost of pii-redact at two commits, in thread CPU time, on the 778-character report of
# DetectorBenchmark. Compiles the module's main classes of BEFORE and of AFTER, then runs ROUNDS
# fresh JVMs of RedactCpuCostComparison (plugins/anonymizer-pii test sources), which loads both builds
# side by side and measures `redact` of each in turns, repetition by repetition, so that a load spike
# on the shared machine slows both sides of a pair alike. Prints per round the fastest repetition of
# each side and the median of the paired ratios AFTER/BEFORE (the load order alternates by round), then per detector the µs of the last
# round. Thread CPU time does not count descheduled time; JMH's wall-clock throughput swings fourfold
# on a shared 2-core machine. See README.md ("PII detectors").
#
#   benchmarks/pii-cost.sh                       # 3c97f25 (before issue 15) against the working tree
#   BEFORE=0ab8017 AFTER=HEAD ROUNDS=5 benchmarks/pii-cost.sh
#
# Knobs (environment): BEFORE (3c97f25), AFTER (worktree: the module's sources as they are, or a
# commit), ROUNDS (4), CALLS per repetition (10000), REPETITIONS per round (15), JAVA_OPTS
# (-Xms256m -Xmx256m). Maven runs with MAVEN_OPTS as set.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
MODULE_PATH=plugins/anonymizer-pii
MODULE="$ROOT/$MODULE_PATH"
OUT="$MODULE/target/pii-cost"
BEFORE="${BEFORE:-3c97f25}"
AFTER="${AFTER:-worktree}"
ROUNDS="${ROUNDS:-4}"
CALLS="${CALLS:-10000}"
REPETITIONS="${REPETITIONS:-15}"
JAVA_OPTS="${JAVA_OPTS:--Xms256m -Xmx256m}"
PACKAGE_DIR=org/homeport/anonymizer/pii/internal

# The harness and the module's compile classpath (homeport-api, OSGi annotations) from the working tree.
(cd "$ROOT" && mvn -B -q test-compile dependency:build-classpath -pl "$MODULE_PATH" \
  -Dmdep.includeScope=compile -Dmdep.outputFile="$MODULE/target/pii-cost.classpath")
COMPILE_CP="$(cat "$MODULE/target/pii-cost.classpath")"
rm -rf "$OUT" && mkdir -p "$OUT/harness/$PACKAGE_DIR" "$OUT/driver/$PACKAGE_DIR"
# apart: the driver's class path must not show the harness, or both sides would share one copy
cp "$MODULE"/target/test-classes/$PACKAGE_DIR/RedactCpuCost.class "$OUT/harness/$PACKAGE_DIR/"
cp "$MODULE"/target/test-classes/$PACKAGE_DIR/RedactCpuCostComparison*.class "$OUT/driver/$PACKAGE_DIR/"

# compile_main <name> <commit|worktree>: the module's main classes at that commit into $OUT/<name>/classes
compile_main() {
  local name="$1" rev="$2" src
  mkdir -p "$OUT/$name/classes"
  if [[ "$rev" == worktree ]]; then
    src="$MODULE/src/main/java"
    echo "worktree ($(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- "$MODULE_PATH/src/main" || echo ' + changes'))" \
      >"$OUT/$name/describe"
  else
    mkdir -p "$OUT/$name/src"
    git -C "$ROOT" archive "$rev" "$MODULE_PATH/src/main/java" | tar -x -C "$OUT/$name/src"
    src="$OUT/$name/src/$MODULE_PATH/src/main/java"
    git -C "$ROOT" rev-parse --short "$rev" >"$OUT/$name/describe"
  fi
  find "$src" -name '*.java' >"$OUT/$name/sources"
  javac -proc:none -nowarn --release 17 -cp "$COMPILE_CP" -d "$OUT/$name/classes" @"$OUT/$name/sources"
}
compile_main before "$BEFORE"
compile_main after "$AFTER"
echo "before: $(cat "$OUT/before/describe")   after: $(cat "$OUT/after/describe")"
echo "$ROUNDS rounds of $REPETITIONS paired repetitions of $CALLS calls; $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"

value() { awk -v key="$2" '$1 == key { print $2 }' "$OUT/$1"; }
printf '%-6s %-13s %12s %12s %22s\n' round loaded "before µs" "after µs" "median paired ratio"
for round in $(seq 1 "$ROUNDS"); do
  order=$( (( round % 2 )) && echo before-first || echo after-first )   # neither build always loads first
  # shellcheck disable=SC2086
  java $JAVA_OPTS -cp "$OUT/driver:$COMPILE_CP" org.homeport.anonymizer.pii.internal.RedactCpuCostComparison \
    "$OUT/harness" "$OUT/before/classes" "$OUT/after/classes" "$CALLS" "$REPETITIONS" "$order" >"$OUT/round.$round"
  printf '%-6s %-13s %12s %12s %22s\n' "$round" "$order" "$(value "round.$round" redact.before)" \
    "$(value "round.$round" redact.after)" "$(value "round.$round" redact.ratio)"
  echo "$(value "round.$round" redact.ratio)" >>"$OUT/ratios"
done
sort -n "$OUT/ratios" | awk '{ r[NR] = $1; logs += log($1) } END {
  printf "ratio after/before: median of %d rounds %.3f, geometric mean %.3f (range %.3f-%.3f)\n",
    NR, (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2), exp(logs / NR), r[1], r[NR] }'
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "per detector, µs per find, fastest of round $ROUNDS:"
printf '  %-16s %8s %8s\n' detector before after
awk '$1 ~ /^detector\..*\.after$/ { split($1, p, "."); print p[2] }' "$OUT/round.$ROUNDS" | while read -r id; do
  b="$(value "round.$ROUNDS" "detector.$id.before")"
  printf '  %-16s %8s %8s\n' "$id" "${b:--}" "$(value "round.$ROUNDS" "detector.$id.after")"
done
