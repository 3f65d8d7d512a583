#!/usr/bin/env bash
# Do two commits of plugins/anonymizer-pii find exactly the same things? For changes meant to make the
# detectors cheaper without changing any decision (see pii-cost.sh for what they cost). Compiles the
# module's main classes of BEFORE and AFTER and runs SameFindings (test sources) on both: the texts of
# the module's corpora, with and without their keys, and RANDOM strings built from the pieces the
# detectors look for. Exits 1 and prints the first differences if there are any.
#
#   BEFORE=0cf53f2 benchmarks/pii-same-findings.sh          # against the working tree
#
# Knobs (environment): BEFORE (required: a commit with PiiRedactor.findings(CharSequence, String), i.e.
# from issue 15 on), AFTER (worktree, or a commit), RANDOM_TEXTS (300000). Maven runs with MAVEN_OPTS.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
MODULE_PATH=plugins/anonymizer-pii
MODULE="$ROOT/$MODULE_PATH"
OUT="$MODULE/target/pii-same-findings"
BEFORE="${BEFORE:?set BEFORE to a commit}"
AFTER="${AFTER:-worktree}"
PACKAGE_DIR=org/homeport/anonymizer/pii/internal

(cd "$ROOT" && mvn -B -q test-compile dependency:build-classpath -pl "$MODULE_PATH" \
  -Dmdep.includeScope=compile -Dmdep.outputFile="$MODULE/target/pii-cost.classpath")
COMPILE_CP="$(cat "$MODULE/target/pii-cost.classpath")"
rm -rf "$OUT" && mkdir -p "$OUT/driver/$PACKAGE_DIR"
# apart: the driver's class path must not show the module's classes, or both builds would share them
cp "$MODULE"/target/test-classes/$PACKAGE_DIR/SameFindings*.class "$OUT/driver/$PACKAGE_DIR/"

compile_main() {   # compile_main <name> <commit|worktree>: the module's main classes into $OUT/<name>/classes
  local name="$1" rev="$2" src
  mkdir -p "$OUT/$name/classes"
  if [[ "$rev" == worktree ]]; then
    src="$MODULE/src/main/java"
  else
    mkdir -p "$OUT/$name/src"
    git -C "$ROOT" archive "$rev" "$MODULE_PATH/src/main/java" | tar -x -C "$OUT/$name/src"
    src="$OUT/$name/src/$MODULE_PATH/src/main/java"
  fi
  find "$src" -name '*.java' >"$OUT/$name/sources"
  javac -proc:none -nowarn --release 17 -cp "$COMPILE_CP" -d "$OUT/$name/classes" @"$OUT/$name/sources"
}
compile_main before "$BEFORE"
compile_main after "$AFTER"
echo "before: $BEFORE   after: $AFTER"
java -cp "$OUT/driver:$COMPILE_CP" org.homeport.anonymizer.pii.internal.SameFindings \
  "$OUT/before/classes" "$OUT/after/classes" "${RANDOM_TEXTS:-300000}" "$MODULE"/src/test/resources/corpus/*.jsonl
