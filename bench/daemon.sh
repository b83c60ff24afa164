#!/usr/bin/env bash
# Whole-system benchmark of `netreeve run` with the example policy: new TCP connections per
# second and connect latency against no firewall and against a minimal accept-all consumer,
# interleaved, medians of RUNS runs, the throughput of one established stream, and the daemon's
# RSS after its runs (at the default settings over 100 000 connections go through it).
# Runs bench/interception/run.sh with the daemon as third contender; needs root. Touches only the
# network namespace that script creates.
# Environment: NETREEVE_JAVA_OPTS (extra JVM options, e.g. for JFR), RUNS (3), SECONDS_PER_RUN (10), BULK_MB (1024), HISTORY (true: the connection
# history database on, as by default), plus those of run.sh.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
[[ $EUID -eq 0 ]] || { echo "bench/daemon.sh: needs root" >&2; exit 1; }
(cd "$ROOT" && mvn -q -B -DskipTests install) >&2
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cat >"$WORK/netreeve.yaml" <<YAML
policy: $ROOT/examples/policy
audit-log: $WORK/audit.jsonl
state-dir: $WORK/state
api: 127.0.0.1:8817
network: { detect-change: false }
dns: { enabled: false }
history: { enabled: ${HISTORY:-true} }
YAML
export NETREEVE_CMD="java -XX:+UseParallelGC ${NETREEVE_JAVA_OPTS:-} -jar $ROOT/daemon/target/netreeve.jar run --config $WORK/netreeve.yaml"
export NETREEVE_READY="netreeve running"
export RUNS="${RUNS:-3}" SECONDS_PER_RUN="${SECONDS_PER_RUN:-10}" FLOOD_PACKETS="${FLOOD_PACKETS:-0}"
"$ROOT/bench/interception/run.sh"
echo "audit records written: $(wc -l <"$WORK/audit.jsonl")"
