#!/usr/bin/env bash
# The gateway's cost, three ways side by side at the same concurrency against the same trivial upstream
# (nginx returning a small JSON): called directly, through an nginx reverse proxy (keep-alive upstream), and
# through our gateway with a real API key (authentication, scope check, rate limit, internal token, proxy).
# Needs a running stack (./dev/up --detach) for billing-service and Kafka, plus wrk and nginx
# (apt-get install wrk nginx-light; hey for the fixed-rate part). Latency below saturation is measured twice:
# hey at a fixed rate, and wrk with randomly paced connections (bench/paced.lua).
# BENCH_SUMMARY=<file> also appends each result as a line "metric<TAB>value<TAB>command<TAB>UTC time" to that
# file (for bench/all; BENCH_COMMAND names the command, default this script and its arguments).
#   bench/gateway.sh [seconds] [connections]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-20}"; connections="${2:-50}"
command_line="${BENCH_COMMAND:-bench/gateway.sh $*}"
summary() { # metric, value: one line for BENCH_SUMMARY, if set
  [ -z "${BENCH_SUMMARY:-}" ] || printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$command_line" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$BENCH_SUMMARY"
}
wrk_ms() { # a wrk latency (920.00us, 1.29ms, 1.02s) → milliseconds
  awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
         else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; printf "%.2f", v }'
}
wrk_summary() { # metric, wrk output: req/s and p50/p99 (plus non-2xx and socket errors when there are any)
  local rps p50 p99 errors
  rps="$(awk '/Requests\/sec/ {print $2}' <<< "$2")"
  p50="$(awk '$1 == "50%" {print $2}' <<< "$2" | wrk_ms)"
  p99="$(awk '$1 == "99%" {print $2}' <<< "$2" | wrk_ms)"
  errors="$(grep -E "Non-2xx|Socket errors" <<< "$2" | sed 's/^ *//' | paste -sd ';' -)" || true
  summary "$1" "$rps req/s, p50 $p50 ms, p99 $p99 ms${errors:+ ($errors)}"
}
declare -A saturated=()
# shellcheck disable=SC1091
. "$ROOT/.dev/env"

nginx -c "$ROOT/bench/nginx.conf" &
nginx_pid=$!
# a second gateway whose contacts route points at the trivial upstream; limits raised so we measure the path
HTTP_PORT=18080 MANAGEMENT_PORT=19080 CONTACTS_URL=http://127.0.0.1:18091 BILLING_URL=http://127.0.0.1:8084 \
  KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:19092 OP_JWT_PRIVATE_KEY="$ROOT/.dev/keys/internal-jwt.pem" \
  OP_JWT_PUBLIC_KEY="$ROOT/.dev/keys/internal-jwt.pub.pem" OP_ADMIN_TOKEN="$OP_ADMIN_TOKEN" \
  RATE_LIMIT_PRO_PER_SECOND=10000000 RATE_LIMIT_PRO_BURST=10000000 \
  java ${JAVA_OPTS:--Xms256m -Xmx512m -XX:NewRatio=1 -XX:+UseSerialGC} -jar "$ROOT/gateway/target/quarkus-app/quarkus-run.jar" \
  > /tmp/op-bench-gateway.log 2>&1 &
gateway_pid=$!
trap 'kill $nginx_pid $gateway_pid 2>/dev/null || true' EXIT
until curl -fsS -o /dev/null http://127.0.0.1:19080/q/health/ready 2>/dev/null; do sleep 0.5; done
until curl -fsS -o /dev/null http://127.0.0.1:18091/ 2>/dev/null; do sleep 0.2; done

run() { # name, url, extra wrk args…
  local name="$1" url="$2"; shift 2
  wrk -t2 -c"$connections" -d"${WARMUP:-15}s" "$@" "$url" > /dev/null   # warm-up (JIT, connection pools, caches)
  echo "## $name"
  local out
  out="$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" "$url")"
  grep -E "Latency  |50%|90%|99%|Requests/sec|Non-2xx|Socket errors" <<< "$out"
  saturated["${name%% (*}"]="$(awk '/Requests\/sec/ {print $2}' <<< "$out")"
  wrk_summary "gateway bench: ${name%% (*}, saturated (wrk -t2 -c$connections -d${seconds}s)" "$out"
}
echo "# wrk -t2 -c$connections -d${seconds}s --latency, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
run "nginx direct" http://127.0.0.1:18091/api/v1/contacts
run "nginx reverse proxy" http://127.0.0.1:18092/api/v1/contacts
run "gateway (API key, scope, rate limit, internal JWT, proxy)" http://127.0.0.1:18080/api/v1/contacts \
  -H "Authorization: Bearer $DEMO_API_KEY"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f×", a / b; else print "n/a" }'; }
summary "gateway bench: saturated throughput, gateway / nginx reverse proxy (same run)" \
  "$(ratio "${saturated[gateway]}" "${saturated[nginx reverse proxy]}")"
summary "gateway bench: saturated throughput, gateway / nginx direct (same run)" \
  "$(ratio "${saturated[gateway]}" "${saturated[nginx direct]}")"

# Latency below saturation: the same three paths at a fixed request rate (hey: 20 workers × RATE/20 req/s).
if command -v hey > /dev/null; then
  rate="${RATE:-2000}"
  fixed() { # name, url, extra hey args…
    local name="$1" url="$2"; shift 2
    echo "## $name at $rate req/s"
    local out
    out="$(hey -z "${seconds}s" -c 20 -q $((rate / 20)) "$@" "$url")"
    grep -E "Requests/sec|  (50|90|99)%|Status code|\[[0-9]+\]" <<< "$out"
    summary "gateway bench: $name at a fixed $rate req/s (hey -z ${seconds}s -c 20 -q $((rate / 20)))" "$(awk '
      /Requests\/sec/ {rps = $2} $1 == "50%" {p50 = $3 * 1000} $1 == "99%" {p99 = $3 * 1000}
      /^ *\[[0-9]+\][ \t]+[0-9]+ responses/ {gsub(/[][]/, "", $1); codes = codes (codes ? ", " : "") $2 "×" $1}
      END {printf "p50 %.2f ms, p99 %.2f ms (%.0f req/s; %s)", p50, p99, rps, codes}' <<< "$out")"
  }
  echo "# hey -z ${seconds}s -c 20 -q $((rate / 20)) (fixed rate $rate req/s)"
  fixed "nginx direct" http://127.0.0.1:18091/api/v1/contacts
  fixed "nginx reverse proxy" http://127.0.0.1:18092/api/v1/contacts
  fixed "gateway" http://127.0.0.1:18080/api/v1/contacts -H "Authorization: Bearer $DEMO_API_KEY"
fi

# The same below-saturation comparison with arrivals spread out (bench/paced.lua: each of 20 connections waits
# a random 0-2×PACE_MS ms between requests, ~2,000 req/s at the default 10 ms), as independent clients
# arrive; hey's synchronized workers above send bursts of 20 whose queue sets the median.
pace="${PACE_MS:-10}"
paced() { # name, url, extra wrk args…
  local name="$1" url="$2"; shift 2
  echo "## $name, paced (mean gap ${pace} ms per connection)"
  local out
  out="$(PACE_MS="$pace" wrk -t2 -c20 -d"${seconds}s" --latency -s "$ROOT/bench/paced.lua" "$@" "$url")"
  grep -E "^ +(50|90|99)%|Requests/sec" <<< "$out"
  wrk_summary "gateway bench: $name, paced (wrk -c20 -s bench/paced.lua, PACE_MS=$pace)" "$out"
}
echo "# wrk -t2 -c20 -d${seconds}s --latency -s bench/paced.lua (PACE_MS=$pace)"
paced "nginx direct" http://127.0.0.1:18091/api/v1/contacts
paced "nginx reverse proxy" http://127.0.0.1:18092/api/v1/contacts
paced "gateway" http://127.0.0.1:18080/api/v1/contacts -H "Authorization: Bearer $DEMO_API_KEY"
