#!/usr/bin/env bash
# Key resolution (billing-service's indexed lookup the gateway makes on a cache miss): throughput and latency.
# Needs a running stack (./dev/up --detach) and wrk (apt-get install wrk).
#   bench/key-resolution.sh [seconds] [connections]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-20}"; connections="${2:-50}"
# shellcheck disable=SC1091
. "$ROOT/.dev/env"
token="$("$ROOT/bench/mint-token.sh" billing-service service)"
hash="$(printf '%s' "$DEMO_API_KEY" | sha256sum | cut -d' ' -f1)"
url="http://127.0.0.1:8084/internal/v1/api-keys/$hash"
curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$url"
echo "# wrk -t2 -c$connections -d${seconds}s --latency GET /internal/v1/api-keys/<hash> (billing-service, direct)"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$url"
