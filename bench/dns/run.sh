#!/usr/bin/env bash
# DNS throughput and latency: dnsperf against Netreeve's nameserver (alone, with the DNS module's default
# policy), against the whole daemon (`netreeve run`: every query attributed to its process, decided at
# before-intel and after-intel by the rule base, and written to the audit log) and against dnsmasq, all
# forwarding to the same local unbound, in one run, inside a network namespace this script creates and deletes
# (loopback only).
#
# Query sets: "cached" (100 names asked over and over: answered from each server's cache) and "uncached"
# (unique names, each asked once: every query goes to unbound).
#
# Usage: bench/dns/run.sh [seconds-per-run]   (root; needs unbound dnsperf dnsmasq-base iproute2, and Maven)
set -euo pipefail

DURATION="${1:-10}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
for tool in ip unbound dnsperf dnsmasq mvn java; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool (Debian: unbound dnsperf dnsmasq-base iproute2 maven)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces)" >&2; exit 1; }

WORK="$(mktemp -d /tmp/nr-dns-bench.XXXXXX)"
NS="nr-bench-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
PIDS=()
cleanup() {
    exec 3>&- 2>/dev/null || true
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "building..." >&2
(cd "$ROOT" && mvn -q -o install -DskipTests && mvn -q -o -pl dns test-compile \
    && mvn -q -o -pl dns dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt") >&2
CP="$ROOT/dns/target/classes:$ROOT/dns/target/test-classes:$(cat "$WORK/cp.txt")"

ip netns add "$NS"
ip netns exec "$NS" ip link set lo up
nsx() { ip netns exec "$NS" "$@"; }

# The upstream: unbound on 127.0.0.2 answering every name under bench.test.
cat > "$WORK/unbound.conf" <<CONF
server:
  interface: 127.0.0.2
  port: 53
  do-daemonize: no
  chroot: ""
  username: ""
  directory: "$WORK"
  pidfile: "$WORK/unbound.pid"
  use-syslog: no
  logfile: "$WORK/unbound.log"
  verbosity: 0
  do-ip6: no
  num-threads: 1
  access-control: 127.0.0.0/8 allow
  module-config: "iterator"
  local-zone: "." static
  local-zone: "bench.test." redirect
  local-data: "bench.test. 300 IN A 93.184.216.34"
CONF
# Started directly (not through a shell function) so that $! is the server itself: ip netns exec execs it.
ip netns exec "$NS" unbound -d -c "$WORK/unbound.conf" >"$WORK/unbound.out" 2>&1 & PIDS+=($!)

# Netreeve on 127.0.0.1, default policy (rebinding protection on), large enough cache for the unique names.
cat > "$WORK/netreeve.properties" <<CONF
listen=127.0.0.1:53
upstreams=dns://127.0.0.2
local-upstreams=
cache.max-entries=500000
memory.max-entries=1000000
server.udp-threads=2
CONF
# NameserverMain runs until its standard input closes: a FIFO held open by this script.
mkfifo "$WORK/stdin"
ip netns exec "$NS" java -Xms512m -Xmx1g -XX:+UseParallelGC -cp "$CP" org.netreeve.dns.e2e.NameserverMain \
    "$WORK/netreeve.properties" <"$WORK/stdin" >"$WORK/netreeve.out" 2>&1 & PIDS+=($!)
exec 3>"$WORK/stdin"

# dnsmasq on 127.0.0.3, same upstream, its largest cache.
nsx ip addr add 127.0.0.3/32 dev lo 2>/dev/null || true
ip netns exec "$NS" dnsmasq -k --conf-file=/dev/null --listen-address=127.0.0.3 --bind-interfaces --port=53 --no-resolv --no-hosts \
    --server=127.0.0.2 --cache-size=10000 --user=root --pid-file="$WORK/dnsmasq.pid" >"$WORK/dnsmasq.out" 2>&1 & PIDS+=($!)

# The whole daemon on 127.0.0.4 (interception off: this measures DNS), with a policy for dnsperf.
mkdir -p "$WORK/policy/profiles"
cat > "$WORK/policy/profiles/dnsperf.yaml" <<YAML
name: dnsperf
paths: [$(readlink -f "$(command -v dnsperf)")]
flags: [Internet, LocalNet]
YAML
cat > "$WORK/daemon.yaml" <<YAML
policy: $WORK/policy
audit-log: $WORK/audit.jsonl
state-dir: $WORK/state
api: 127.0.0.1:8817
interception: { enabled: false }
network: { detect-change: false }
dns:
  listen: [127.0.0.4:53]
  upstreams: [dns://127.0.0.2]
  local-upstreams: []
  cache: { max-entries: 500000 }
  memory: { max-entries: 1000000 }
YAML
nsx ip addr add 127.0.0.4/32 dev lo 2>/dev/null || true
ip netns exec "$NS" java -Xms512m -Xmx1g -jar "$ROOT/daemon/target/netreeve.jar" run --config "$WORK/daemon.yaml" \
    >"$WORK/daemon.out" 2>&1 & PIDS+=($!)

for i in $(seq 1 300); do
    grep -q "netreeve running" "$WORK/daemon.out" 2>/dev/null && break
    sleep 0.2
done
grep -q "netreeve running" "$WORK/daemon.out" || { echo "the daemon did not start:" >&2; cat "$WORK/daemon.out" >&2; exit 1; }

for i in $(seq 1 100); do
    grep -q READY "$WORK/netreeve.out" 2>/dev/null && break
    sleep 0.2
done
grep -q READY "$WORK/netreeve.out" || { echo "Netreeve did not start:" >&2; cat "$WORK/netreeve.out" >&2; exit 1; }
sleep 1

for i in $(seq 0 99); do echo "c$i.bench.test A"; done > "$WORK/cached.txt"
make_unique() { for i in $(seq 1 "$2"); do echo "u$1-$i.bench.test A"; done > "$WORK/unique-$1.txt"; }
make_unique netreeve 300000
make_unique daemon 300000
make_unique dnsmasq 300000

# dnsperf: 1 thread, 8 clients, up to 200 queries outstanding; -n 1 reads the unique list once at most.
perf() { nsx dnsperf -s "$1" -d "$2" -l "$3" -c 8 -q 200 -T 1 ${4:-} 2>&1; }
summary() {
    awk '/Queries per second/ {qps=$4} /Average Latency/ {lat=$4*1000; min=$6*1000; gsub(/,/,"",min); max=$8*1000}
         /Latency StdDev/ {sd=$4*1000} /Queries lost/ {lost=$3}
         END {printf "%10.0f q/s   avg %7.3f ms   max %7.3f ms   stddev %7.3f ms   lost %s\n", qps, lat, max, sd, lost}'
}

echo "warming up (JIT and caches)..." >&2
perf 127.0.0.1 "$WORK/cached.txt" 5 >/dev/null
perf 127.0.0.4 "$WORK/cached.txt" 5 >/dev/null
perf 127.0.0.3 "$WORK/cached.txt" 2 >/dev/null

ROUNDS="${ROUNDS:-3}"
echo
echo "dnsperf, ${DURATION}s per run, ${ROUNDS} alternating rounds, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
for r in $(seq 1 "$ROUNDS"); do
    printf '%-28s' "netreeve  cached   #$r:"; perf 127.0.0.1 "$WORK/cached.txt" "$DURATION" | summary
    printf '%-28s' "daemon    cached   #$r:"; perf 127.0.0.4 "$WORK/cached.txt" "$DURATION" | summary
    printf '%-28s' "dnsmasq   cached   #$r:"; perf 127.0.0.3 "$WORK/cached.txt" "$DURATION" | summary
done
printf '%-28s' "netreeve  uncached:"; perf 127.0.0.1 "$WORK/unique-netreeve.txt" "$DURATION" "-n 1" | summary
printf '%-28s' "daemon    uncached:"; perf 127.0.0.4 "$WORK/unique-daemon.txt" "$DURATION" "-n 1" | summary
printf '%-28s' "dnsmasq   uncached:"; perf 127.0.0.3 "$WORK/unique-dnsmasq.txt" "$DURATION" "-n 1" | summary
echo "daemon audit records written: $(wc -l <"$WORK/audit.jsonl" 2>/dev/null || echo 0)"
