#!/usr/bin/env bash
# Interception benchmark: sequential new TCP connections per second, connect latency p50/p99 and
# the throughput of one established stream, over loopback inside a throw-away network namespace,
# for several contenders run interleaved (run 1 of each, then run 2 of each, ...), reporting
# medians and ratios to "none".
#
# Contenders:
#   none       no rules, no consumer (the kernel alone, without conntrack)
#   acceptall  the product's chains installed and org.netreeve.interception.bench.AcceptAll (interception/src/jmh) bound
#              to the four queues, accepting every first packet with mark 1710
#   netreeve   the daemon; enabled by setting NETREEVE_CMD (see start_netreeve below)
#
# Queue ceiling: FLOOD_PACKETS (100000, 0 to skip) UDP datagrams, each a new flow, sent out of a
# veth whose peer drops them, with AcceptAll using single and then batched verdicts; reports how
# many new flows per second the consumer answered and how many the kernel had to drop.
#
# Environment: RUNS (3), SECONDS_PER_RUN (3), WARMUP_SECONDS (5, before each measured run),
#              BULK_MB (1024), BULK_RUNS (3), PORT (9000),
#              FLOOD_PACKETS (100000; stay below nf_conntrack_max, 131072 here: conntrack drops
#              new flows past it), FLOOD_SENDERS (2, parallel sender processes),
#              CONTENDERS (default "none acceptall", plus "netreeve" when NETREEVE_CMD is set).
# Needs root, iproute2, iptables, python3, java and maven. Touches only the namespace it creates.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RUNS="${RUNS:-3}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-3}"
BULK_MB="${BULK_MB:-1024}"
BULK_RUNS="${BULK_RUNS:-3}"
FLOOD_PACKETS="${FLOOD_PACKETS:-100000}"
FLOOD_SENDERS="${FLOOD_SENDERS:-2}"
PORT="${PORT:-9000}"
BULK_PORT=$((PORT + 1))
DEFAULT_CONTENDERS="none acceptall"
if [[ -n "${NETREEVE_CMD:-}" ]]; then DEFAULT_CONTENDERS="$DEFAULT_CONTENDERS netreeve"; fi
CONTENDERS="${CONTENDERS:-$DEFAULT_CONTENDERS}"

[[ $EUID -eq 0 ]] || { echo "run.sh: needs root (it creates a network namespace)" >&2; exit 1; }
for tool in ip iptables python3 java mvn; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool not found" >&2; exit 1; }
done

echo "building the interception module..." >&2
(cd "$ROOT" && { mvn -q -o -pl interception -am install -DskipTests || mvn -q -pl interception -am install -DskipTests; }) >&2
CPFILE="$(mktemp)"
(cd "$ROOT" && mvn -q -o dependency:build-classpath -pl interception -Dmdep.includeScope=compile \
    -Dmdep.outputFile="$CPFILE") >&2
CLASSPATH_ACCEPTALL="$ROOT/interception/target/test-classes:$ROOT/interception/target/classes:$(cat "$CPFILE")"
rm -f "$CPFILE"

NS="nr-bench-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
WORK="$(mktemp -d)"
CONSUMER_PID=""

cleanup() {
    set +e
    stop_current 2>/dev/null
    for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
    ip netns del "$NS" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs a command in the namespace. Background jobs use "ip netns exec" directly instead, so that
# $! is the program itself (ip execs it) and a signal sent to $! reaches it.
in_ns() { ip netns exec "$NS" "$@"; }

# Waits until FILE has a line matching PATTERN, for at most 60 s.
wait_for() {
    local file="$1" pattern="$2" i
    for i in $(seq 1 600); do
        grep -q "$pattern" "$file" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "run.sh: gave up waiting for '$pattern' in $file:" >&2
    cat "$file" >&2
    return 1
}

ip netns add "$NS"
in_ns ip link set lo up
in_ns sysctl -q -w net.ipv4.ip_local_port_range="1024 65000"

ip netns exec "$NS" python3 "$HERE/connrate.py" serve 127.0.0.1 "$PORT" >"$WORK/server.log" 2>&1 &
ip netns exec "$NS" python3 "$HERE/bulk.py" serve 127.0.0.1 "$BULK_PORT" >"$WORK/bulk-server.log" 2>&1 &
wait_for "$WORK/server.log" LISTENING
wait_for "$WORK/bulk-server.log" LISTENING

# --- contenders: start_X brings X up inside $NS and returns once it is ready; stop_X removes it ---

start_none() { :; }
stop_none() { :; }

start_acceptall() {
    ip netns exec "$NS" java -cp "$CLASSPATH_ACCEPTALL" org.netreeve.interception.bench.AcceptAll --install-rules \
        >"$WORK/acceptall.log" 2>&1 &
    CONSUMER_PID=$!
    wait_for "$WORK/acceptall.log" '^READY'
}

stop_acceptall() {
    [[ -n "$CONSUMER_PID" ]] || return 0
    ACCEPTALL_RSS_KB="$(ps -o rss= -p "$CONSUMER_PID" | tr -d ' ')"
    kill -TERM "$CONSUMER_PID"
    wait "$CONSUMER_PID" || true
    CONSUMER_PID=""
    if in_ns iptables-save | grep -q C17; then
        echo "run.sh: AcceptAll left its rules behind; its log:" >&2
        cat "$WORK/acceptall.log" >&2
        exit 1
    fi
}

# Hook for the daemon: set NETREEVE_CMD to the command that runs it in the foreground, e.g.
#   NETREEVE_CMD="$ROOT/netreeve run --config $ROOT/examples/bench.yaml"
# and NETREEVE_READY to a regular expression its log prints once its queues are bound.
# The command runs inside the namespace; the example policy must allow python3 to connect to
# 127.0.0.1:$PORT and $BULK_PORT.
start_netreeve() {
    [[ -n "${NETREEVE_CMD:-}" ]] || { echo "run.sh: set NETREEVE_CMD to benchmark the daemon" >&2; return 1; }
    # shellcheck disable=SC2086
    ip netns exec "$NS" $NETREEVE_CMD >"$WORK/netreeve.log" 2>&1 &
    CONSUMER_PID=$!
    wait_for "$WORK/netreeve.log" "${NETREEVE_READY:-READY}"
}

stop_netreeve() {
    [[ -n "$CONSUMER_PID" ]] || return 0
    NETREEVE_RSS_KB="$(ps -o rss= -p "$CONSUMER_PID" | tr -d ' ')"
    kill -TERM "$CONSUMER_PID"
    wait "$CONSUMER_PID" || true
    CONSUMER_PID=""
}

CURRENT=""
stop_current() { [[ -n "$CURRENT" ]] && "stop_$CURRENT"; CURRENT=""; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }

echo "namespace $NS, contenders: $CONTENDERS, $RUNS runs of ${SECONDS_PER_RUN}s, bulk ${BULK_MB} MiB x $BULK_RUNS" >&2
for run in $(seq 1 "$RUNS"); do
    for c in $CONTENDERS; do
        "start_$c"; CURRENT="$c"
        # Warm-up, the same for every contender: a JVM consumer measured cold would show its JIT compiler.
        in_ns python3 "$HERE/connrate.py" measure 127.0.0.1 "$PORT" "${WARMUP_SECONDS:-5}" >/dev/null
        line="$(in_ns python3 "$HERE/connrate.py" measure 127.0.0.1 "$PORT" "$SECONDS_PER_RUN")"
        echo "run $run $c: $line" >&2
        echo "$line" >>"$WORK/conn-$c"
        if [[ $run -le $BULK_RUNS ]]; then
            bulk="$(in_ns python3 "$HERE/bulk.py" send 127.0.0.1 "$BULK_PORT" "$BULK_MB")"
            echo "run $run $c: $bulk" >&2
            echo "$bulk" >>"$WORK/bulk-$c"
        fi
        stop_current
    done
done

base_rate="$(field rate <"$WORK/conn-none" | median)"
base_p50="$(field p50_us <"$WORK/conn-none" | median)"
base_p99="$(field p99_us <"$WORK/conn-none" | median)"
base_bulk="$(field mbps <"$WORK/bulk-none" | median)"
echo
printf '%-10s %10s %7s %9s %9s %11s %11s %10s %7s\n' contender "conn/s" ratio "p50_us" "p99_us" "+p50_us" "+p99_us" "bulk_MB/s" ratio
for c in $CONTENDERS; do
    rate="$(field rate <"$WORK/conn-$c" | median)"
    p50="$(field p50_us <"$WORK/conn-$c" | median)"
    p99="$(field p99_us <"$WORK/conn-$c" | median)"
    bulk="$(field mbps <"$WORK/bulk-$c" | median)"
    awk -v c="$c" -v r="$rate" -v br="$base_rate" -v p50="$p50" -v bp50="$base_p50" -v p99="$p99" \
        -v bp99="$base_p99" -v b="$bulk" -v bb="$base_bulk" 'BEGIN {
        printf "%-10s %10.0f %7.3f %9.1f %9.1f %11.1f %11.1f %10.0f %7.3f\n", c, r, r / br, p50, p99, p50 - bp50,
            p99 - bp99, b, b / bb }'
done
[[ -n "${ACCEPTALL_RSS_KB:-}" ]] && echo "acceptall RSS at stop: ${ACCEPTALL_RSS_KB} KiB"
[[ -n "${NETREEVE_RSS_KB:-}" ]] && echo "netreeve RSS at stop: ${NETREEVE_RSS_KB} KiB"

if [[ "$FLOOD_PACKETS" -gt 0 ]]; then
    # 10.99.0.0/16 lies behind a veth whose peer has no address and drops everything; a static
    # neighbour entry spares the ARP round.
    in_ns ip link add vflood type veth peer name vsink
    in_ns ip addr add 10.98.0.1/24 dev vflood
    in_ns ip link set vflood up
    in_ns ip link set vsink up
    in_ns ip neigh add 10.98.0.2 lladdr 02:00:00:00:00:02 dev vflood
    in_ns ip route add 10.99.0.0/16 via 10.98.0.2
    in_ns sysctl -q -w net.netfilter.nf_conntrack_max=1048576 2>/dev/null || true
    # The C sender outpaces the consumer; python3 is the fallback where gcc is missing.
    FLOOD_CMD=(python3 "$HERE/flood.py" 10.99)
    if command -v gcc >/dev/null && gcc -O2 -o "$WORK/flood" "$HERE/flood.c"; then FLOOD_CMD=("$WORK/flood" 10 99); fi
    echo
    printf '%-18s %10s %10s %14s %9s %8s\n' consumer "sent/s" answered "answered/s" "eperm" enobufs
    for mode in single batch; do
        args=(--install-rules)
        [[ "$mode" == batch ]] && args+=(--batch)
        ip netns exec "$NS" java -cp "$CLASSPATH_ACCEPTALL" org.netreeve.interception.bench.AcceptAll "${args[@]}" \
            >"$WORK/flood-$mode.log" 2>&1 &
        CONSUMER_PID=$!
        wait_for "$WORK/flood-$mode.log" '^READY'
        in_ns conntrack -F >/dev/null 2>&1 || true
        per_sender=$((FLOOD_PACKETS / FLOOD_SENDERS))
        pids=()
        for k in $(seq 0 $((FLOOD_SENDERS - 1))); do
            ip netns exec "$NS" "${FLOOD_CMD[@]}" "$per_sender" $((k * (per_sender + 8))) \
                >"$WORK/flood-$mode-$k.out" &
            pids+=($!)
        done
        wait "${pids[@]}"
        line="$(cat "$WORK"/flood-"$mode"-*.out | awk '{ split($0, f, /[ =]/); s += f[2]; e += f[4];
            if (f[6] > t) t = f[6] } END { printf "sent=%d eperm=%d seconds=%.3f rate=%.0f", s, e, t, (s + e) / t }')"
        sleep 1   # let the consumer answer what is still queued
        kill -TERM "$CONSUMER_PID"; wait "$CONSUMER_PID" || true; CONSUMER_PID=""
        stats="$(grep '^STATS 17040' "$WORK/flood-$mode.log")"
        answered="$(sed -n 's/.*accepted=\([0-9]*\).*/\1/p' <<<"$stats")"
        consumer_rate="$(sed -n 's/^RATE queue=17040 .* rate=\([0-9]*\)$/\1/p' "$WORK/flood-$mode.log")"
        enobufs="$(sed -n 's/.*enobufs=\([0-9]*\).*/\1/p' <<<"$stats")"
        awk -v m="acceptall-$mode" -v line="$line" -v a="$answered" -v e="$enobufs" -v cr="${consumer_rate:-0}" 'BEGIN {
            split(line, f, /[ =]/); eperm = f[4]; rate = f[8]
            printf "%-18s %10.0f %10d %14.0f %9d %8d\n", m, rate, a, cr, eperm, e }'
    done
fi
exit 0
