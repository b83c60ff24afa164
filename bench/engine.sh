#!/usr/bin/env bash
# Engine benchmarks (JMH): decisions/s with 10, 1 000 and 10 000 profiles, with and without the
# decision cache, on 1 and 2 threads; and cold start to the first decision.
# Usage: bench/engine.sh [extra JMH options, e.g. -p profiles=10]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install -pl rules -am >/dev/null
mvn -q -B test-compile dependency:build-classpath -pl rules -Dmdep.outputFile=target/bench.cp >/dev/null
cp="rules/target/test-classes:rules/target/classes:$(cat rules/target/bench.cp)"
for t in 1 2; do
  echo "== decisions/s, $t thread(s)"
  java -cp "$cp" org.openjdk.jmh.Main 'EngineBenchmark' -t "$t" -rf text -rff "rules/target/engine-t$t.txt" "$@"
done
echo "== cold start to the first decision"
java -cp "$cp" org.openjdk.jmh.Main 'ColdStartBenchmark' "$@"
