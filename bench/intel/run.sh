#!/usr/bin/env bash
# Runs the intel JMH benchmarks (filter-list load time, heap per domain, lookups/s with
# 1 000 000 generated domains). Usage: bench/intel/run.sh [JMH options, e.g. -f 1 -wi 2 -i 3]
# Prints JMH's tables; results also land in bench/intel/results.txt.
# On a shared machine, NICE=-10 bench/intel/run.sh (as root) gives the benchmark a larger CPU share,
# and JMH_JAVA_OPTS=-Djmh.ignoreLock=true runs it even while another JMH run holds /tmp/jmh.lock.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -o -pl intel -am install -DskipTests
mvn -q -o -pl intel test-compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -o -pl intel dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
classpath="intel/target/test-classes:intel/target/classes:$(cat "$cp_file")"
# shellcheck disable=SC2086
nice -n "${NICE:-0}" java ${JMH_JAVA_OPTS:-} -cp "$classpath" org.openjdk.jmh.Main 'org.netreeve.intel.bench.*' "$@" 2>&1 | tee bench/intel/results.txt
