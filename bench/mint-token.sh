#!/usr/bin/env bash
# Prints an internal RS256 token, signed with the local stack's key, for benchmarking a service directly.
#   bench/mint-token.sh <audience> <role: service|api_key> [org_id]   (valid 5 minutes, the services' maximum)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEY="${OP_JWT_PRIVATE_KEY:-$ROOT/.dev/keys/internal-jwt.pem}"
aud="$1"; role="$2"; org="${3:-}"
b64() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header='{"alg":"RS256","typ":"JWT"}'
claims="{\"iss\":\"outreachpilot-gateway\",\"aud\":[\"$aud\"],\"sub\":\"bench\",\"role\":\"$role\",\"scopes\":[\"*\"],\"iat\":$now,\"exp\":$((now + 300))${org:+,\"org_id\":\"$org\",\"plan\":\"pro\"}}"
unsigned="$(printf '%s' "$header" | b64).$(printf '%s' "$claims" | b64)"
signature="$(printf '%s' "$unsigned" | openssl dgst -sha256 -sign "$KEY" | b64)"
echo "$unsigned.$signature"
