#!/usr/bin/env bash
# Per-event cost of pii-redact at two commits, in thread CPU time, on the 778-character report of
# DetectorBenchmark: RedactCpuCost (plugins/anonymizer-pii test sources) runs on the main classes of
# BEFORE and of AFTER, alternated for ROUNDS rounds in one invocation (B A, A B, B A, ...), each run in
# a fresh JVM, and prints per round the fastest repetition of each, the ratio AFTER/BEFORE, and per
# detector the µs of the last round. JMH's wall-clock throughput swings fourfold on a shared 2-core
# machine; thread CPU time does not count descheduled time. See README.md ("PII detectors").
#
#   benchmarks/pii-cost.sh                       # 3c97f25 (before issue 15) against the working tree
#   BEFORE=0ab8017 AFTER=HEAD ROUNDS=5 benchmarks/pii-cost.sh
#
# Knobs (environment): BEFORE (3c97f25), AFTER (worktree: the module's sources as they are, or a
# commit), ROUNDS (3), CALLS per repetition (20000), REPETITIONS (7), JAVA_OPTS (-Xms256m -Xmx256m).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
MODULE_PATH=plugins/anonymizer-pii
MODULE="$ROOT/$MODULE_PATH"
OUT="$MODULE/target/pii-cost"
BEFORE="${BEFORE:-3c97f25}"
AFTER="${AFTER:-worktree}"
ROUNDS="${ROUNDS:-3}"
CALLS="${CALLS:-20000}"
REPETITIONS="${REPETITIONS:-7}"
JAVA_OPTS="${JAVA_OPTS:--Xms256m -Xmx256m}"

# The harness and the module's compile classpath (homeport-api, OSGi annotations) from the working tree.
(cd "$ROOT" && mvn -B -q test-compile dependency:build-classpath -pl "$MODULE_PATH" \
  -Dmdep.includeScope=compile -Dmdep.outputFile="$MODULE/target/pii-cost.classpath")
COMPILE_CP="$(cat "$MODULE/target/pii-cost.classpath")"
rm -rf "$OUT" && mkdir -p "$OUT/harness/org/homeport/anonymizer/pii/internal"
cp "$MODULE"/target/test-classes/org/homeport/anonymizer/pii/internal/RedactCpuCost*.class \
  "$OUT/harness/org/homeport/anonymizer/pii/internal/"

# compile_main <name> <rev|worktree>: the module's main classes at that revision into $OUT/<name>/classes
compile_main() {
  local name="$1" rev="$2" src
  mkdir -p "$OUT/$name/classes"
  if [[ "$rev" == worktree ]]; then
    src="$MODULE/src/main/java"
  else
    mkdir -p "$OUT/$name/src"
    git -C "$ROOT" archive "$rev" "$MODULE_PATH/src/main/java" | tar -x -C "$OUT/$name/src"
    src="$OUT/$name/src/$MODULE_PATH/src/main/java"
    git -C "$ROOT" rev-parse --short "$rev" >"$OUT/$name/commit"
  fi
  find "$src" -name '*.java' >"$OUT/$name/sources"
  javac -proc:none -nowarn --release 17 -cp "$COMPILE_CP" -d "$OUT/$name/classes" @"$OUT/$name/sources"
}
compile_main before "$BEFORE"
compile_main after "$AFTER"
describe() { [[ -f "$OUT/$1/commit" ]] && cat "$OUT/$1/commit" || echo "worktree ($(git -C "$ROOT" rev-parse --short HEAD)+changes)"; }
echo "before: $(describe before)   after: $(describe after)   $ROUNDS rounds, $REPETITIONS x $CALLS calls each, $(date -u +%FT%TZ)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

run() {   # run <name>: the harness on that build, its output to $OUT/<name>.<round>
  # shellcheck disable=SC2086
  java $JAVA_OPTS -cp "$OUT/harness:$OUT/$1/classes:$COMPILE_CP" org.homeport.anonymizer.pii.internal.RedactCpuCost \
    "$CALLS" "$REPETITIONS" >"$OUT/$1.$round"
}
value() { awk -v key="$2" '$1 == key { print $2 }' "$OUT/$1"; }

printf '%-6s %14s %14s %8s %18s\n' round "before µs" "after µs" ratio "medians b / a"
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then run before; run after; else run after; run before; fi
  b="$(value "before.$round" redact)"; a="$(value "after.$round" redact)"
  printf '%-6s %14s %14s %8s %18s\n' "$round" "$b" "$a" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')" \
    "$(value "before.$round" redact.median) / $(value "after.$round" redact.median)"
  echo "$b $a" >>"$OUT/redact.tsv"
done
# the ratio of each round, sorted, then the median and the fastest run of each side over all rounds
awk '{ printf "%.4f %s %s\n", $2 / $1, $1, $2 }' "$OUT/redact.tsv" | sort -n | awk '
  { r[NR] = $1; if (NR == 1 || $2 < minb) minb = $2; if (NR == 1 || $3 < mina) mina = $3 }
  END { printf "ratio after/before: median of %d rounds %.3f (range %.3f-%.3f); fastest run of each %s / %s = %.3f\n",
    NR, (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2), r[1], r[NR], minb, mina, mina / minb }'

echo "per detector, µs per find (round $ROUNDS):"
printf '  %-16s %10s %10s\n' detector before after
awk '$1 ~ /^detector\./ { sub("detector.", "", $1); print $1 }' "$OUT/after.$ROUNDS" | while read -r id; do
  b="$(value "before.$ROUNDS" "detector.$id")"; a="$(value "after.$ROUNDS" "detector.$id")"
  printf '  %-16s %10s %10s\n' "$id" "${b:--}" "${a:--}"
done
