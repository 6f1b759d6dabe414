#!/usr/bin/env bash
# Two gateway builds side by side, alternating, against the same trivial upstream (nginx) and the same running
# stack (billing-service resolves the key): a paired comparison whose ratio holds even when the machine is busy.
# Needs ./dev/up --detach, wrk and nginx. A and B are quarkus-run.jar paths (e.g. an older checkout's build).
#   bench/gateway-ab.sh A.jar B.jar [rounds] [seconds] [connections]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar_a="$1"; jar_b="$2"; rounds="${3:-3}"; seconds="${4:-10}"; connections="${5:-50}"
# shellcheck disable=SC1091
. "$ROOT/.dev/env"

nginx -c "$ROOT/bench/nginx.conf" &
nginx_pid=$!
start_gateway() { # port, jar
  HTTP_PORT="$1" MANAGEMENT_PORT="$(($1 + 1000))" CONTACTS_URL=http://127.0.0.1:18091 BILLING_URL=http://127.0.0.1:8084 \
    KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:19092 OP_JWT_PRIVATE_KEY="$ROOT/.dev/keys/internal-jwt.pem" \
    OP_JWT_PUBLIC_KEY="$ROOT/.dev/keys/internal-jwt.pub.pem" OP_ADMIN_TOKEN="$OP_ADMIN_TOKEN" \
    RATE_LIMIT_PRO_PER_SECOND=10000000 RATE_LIMIT_PRO_BURST=10000000 OP_GATEWAY_MAX_IN_FLIGHT_PER_KEY=100000 \
    java ${JAVA_OPTS:--Xms256m -Xmx512m -XX:NewRatio=1 -XX:+UseSerialGC} -jar "$2" > "/tmp/op-bench-gateway-$1.log" 2>&1 &
  echo $!
}
pid_a=$(start_gateway 18080 "$jar_a")
pid_b=$(start_gateway 18081 "$jar_b")
trap 'kill $nginx_pid $pid_a $pid_b 2>/dev/null || true' EXIT
for port in 18080 18081; do
  until curl -fsS -o /dev/null "http://127.0.0.1:$((port + 1000))/q/health/ready" 2>/dev/null; do sleep 0.5; done
done
until curl -fsS -o /dev/null http://127.0.0.1:18091/ 2>/dev/null; do sleep 0.2; done

run() { # label, port
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $DEMO_API_KEY" \
    "http://127.0.0.1:$2/api/v1/contacts" | awk -v label="$1" '
      /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Requests\/sec/ {rps=$2}
      END {printf "| %s | %s | %s | %s |\n", label, rps, p50, p99}'
}
for port in 18080 18081; do   # warm-up, untimed
  wrk -t2 -c"$connections" -d"${WARMUP:-20}s" -H "Authorization: Bearer $DEMO_API_KEY" \
    "http://127.0.0.1:$port/api/v1/contacts" > /dev/null
done
echo "# bench/gateway-ab.sh, wrk -t2 -c$connections -d${seconds}s, $rounds rounds, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# A = $jar_a"
echo "# B = $jar_b"
echo "| build | req/s | p50 | p99 |"
echo "|---|---|---|---|"
for ((i = 1; i <= rounds; i++)); do
  run "A (round $i)" 18080
  run "B (round $i)" 18081
done
