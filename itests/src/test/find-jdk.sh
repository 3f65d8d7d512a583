#!/usr/bin/env bash
# Prints the home of a JDK of at least the given feature version, for the servers the tests start
# (Keycloak 26 and Elasticsearch 9 need Java 21+, while the project itself builds with Java 17).
#
#   find-jdk.sh MIN [DIR [NAME]]
#
# With DIR (an override such as KEYCLOAK_JAVA_HOME or ES_JAVA_HOME, named NAME in messages), that JDK
# is checked and printed. Without it, the newest JDK of at least MIN among JAVA_HOME and
# /usr/lib/jvm/* is printed. Exits 1 with a message saying what to install or set otherwise.
set -euo pipefail

min=${1:?usage: find-jdk.sh MIN [DIR [NAME]]}
override=${2:-}
name=${3:-the JDK given}

java_major() { # prints the feature version of the JDK/JRE at $1, or nothing
    local v=""
    if [ -f "$1/release" ]; then
        v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")
    fi
    if [ -z "$v" ] && [ -x "$1/bin/java" ]; then
        v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
    fi
    v=${v#1.}
    v=${v%%[.+-]*}
    [[ "$v" =~ ^[0-9]+$ ]] && echo "$v"
    return 0
}

if [ -n "$override" ]; then
    [ -x "$override/bin/java" ] || { echo "$name=$override has no bin/java" >&2; exit 1; }
    v=$(java_major "$override")
    [ -n "$v" ] && [ "$v" -ge "$min" ] || { echo "$name=$override is Java ${v:-?}; Java $min or newer is needed" >&2; exit 1; }
    echo "$override"
    exit 0
fi

best="" best_v=0
for d in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/*; do
    [ -x "$d/bin/java" ] || continue
    v=$(java_major "$d")
    [ -n "$v" ] || continue
    if [ "$v" -ge "$min" ] && [ "$v" -gt "$best_v" ]; then
        best=$d
        best_v=$v
    fi
done
[ -n "$best" ] || { echo "no JDK $min or newer found (looked at JAVA_HOME and /usr/lib/jvm/*): install one (e.g. a Temurin 21/25 package) or point $name at it" >&2; exit 1; }
echo "$best"
