#!/usr/bin/env bash
# Records a release of Homeport's exported packages: builds every module that is baselined (its pom
# sets homeport.baseline.phase) from a clean tree and copies its bundle to releases/<version>/, with
# the commit it was built from. Commit the directory, then point homeport.baseline.version in the
# parent pom at it: from then on `mvn verify` compares every exported package with this release.
#
#   releases/record.sh 0.2.0
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:?usage: releases/record.sh <version>, e.g. 0.2.0}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "record.sh: a release version is MAJOR.MINOR.MICRO, not $version" >&2; exit 2; }
[[ -z "$(git status --porcelain)" ]] || { echo "record.sh: commit or stash your changes first; a release is built from a commit" >&2; exit 1; }
dir="releases/$version"
[[ ! -e "$dir" ]] || { echo "record.sh: $dir exists; a recorded release is never replaced" >&2; exit 1; }

modules=()
for pom in bundles/*/pom.xml plugins/*/pom.xml; do
  grep -q '<homeport.baseline.phase>validate</homeport.baseline.phase>' "$pom" && modules+=("$(dirname "$pom")")
done
(( ${#modules[@]} > 0 )) || { echo "record.sh: no module sets homeport.baseline.phase" >&2; exit 1; }
list="$(IFS=,; echo "${modules[*]}")"
echo "record.sh: building $list at $(git rev-parse --short HEAD)"
mvn -B -q package -pl "$list" -am -DskipTests -Dhomeport.baseline.phase=none

mkdir -p "$dir"
for module in "${modules[@]}"; do
  jar="$(ls "$module"/target/homeport-*.jar | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$')"
  [[ "$(wc -l <<<"$jar")" == 1 ]] || { echo "record.sh: not one bundle in $module/target: $jar" >&2; exit 1; }
  artifact="$(basename "$jar" | sed -E 's/-[0-9][^-]*(-SNAPSHOT)?\.jar$//')"
  cp "$jar" "$dir/$artifact-$version.jar"
  echo "record.sh: $dir/$artifact-$version.jar"
done
{
  echo "commit=$(git rev-parse HEAD)"
  echo "recorded=$(date -u +%FT%TZ)"
  echo "modules=$list"
} >"$dir/RECORDED"
echo "record.sh: now set <homeport.baseline.version>$version</homeport.baseline.version> in pom.xml and commit $dir"
