#!/usr/bin/env bash
# Checks the JSON API against its contract: starts a throwaway demo server, validates the
# OpenAPI document it serves (openapi-spec-validator), then lets Schemathesis, a fuzzer driven by
# that document, send generated requests to every operation, as the demo administrator (a
# bearer token from POST /api/v1/auth/token) and then without credentials. A run fails on any
# 5xx, on a status the document does not list for the operation, on a body that does not match
# the documented schema, and on an undocumented content type.
#
# The server and its data live in a temporary folder and are thrown away, so the run may change
# records. Left out are only the operations that would end the fuzzer's own access: revoking
# tokens (DELETE /api/v1/tokens/{id}), and changing or disabling users (PATCH /api/v1/users/{id},
# PUT /api/v1/users/{id}/password), which would lock out the administrator it runs as.
#
# Bounded: a few examples per operation and a time budget per pass (about three minutes in all
# on two cores).
#
# Environment:
#   BD_BIN              the server binary (default: target/debug/binhdang)
#   BD_FUZZ_EXAMPLES    examples per operation (default 6)
#   BD_FUZZ_SECONDS     time budget of the authenticated pass (default 110; the other has 40)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

BD_BIN="${BD_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/debug/binhdang}"
[[ -x "$BD_BIN" ]] || bd_die "$BD_BIN was not built (cargo build -p binhdang)"
examples="${BD_FUZZ_EXAMPLES:-6}"
seconds="${BD_FUZZ_SECONDS:-110}"

bd_ensure_schemathesis
st="$BD_FUZZ_VENV/bin/st"

work="$(mktemp -d)"
bd_on_exit "rm -rf '$work'"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"

bd_section "Demo server on $base"
"$BD_BIN" demo --port "$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
server=$!
bd_on_exit "kill $server 2>/dev/null; wait $server 2>/dev/null"
for _ in $(seq 1 240); do
    curl -fsS "$base/readyz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { tail -n 40 "$work/server.log"; bd_die "the demo server stopped"; }
    sleep 0.5
done
curl -fsS "$base/readyz" >/dev/null || { tail -n 40 "$work/server.log"; bd_die "the demo server is not ready"; }

bd_section "The OpenAPI document validates (openapi-spec-validator)"
curl -fsS "$base/api/v1/openapi.json" -o "$work/openapi.json"
# The validator prints the whole document with an error: keep the start of it.
if ! "$BD_FUZZ_VENV/bin/openapi-spec-validator" "$work/openapi.json" >"$work/validation.txt" 2>&1; then
    head -c 1500 "$work/validation.txt"
    echo
    bd_die "the OpenAPI document is not valid"
fi
cat "$work/validation.txt"

token="$(curl -fsS -X POST "$base/api/v1/auth/token" -H 'content-type: application/json' \
    -d '{"username":"admin","password":"binhdang-demo","name":"fuzz"}' \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"

# The pass without credentials stays without: Schemathesis would otherwise sign up through
# POST /api/v1/users and log in by itself.
printf '[auth]\nauto-signup = false\n' >"$work/schemathesis.toml"

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
common=(
    --url "$base"
    --checks "$checks"
    --phases examples,coverage,fuzzing
    --workers 1
    --seed 8
    --request-timeout 30
    --exclude-path-regex '^/api/v1/(users|tokens)/\{id\}'
    --suppress-health-check all
    --generation-database none
)

bd_section "Fuzzing the API as the demo administrator ($examples examples per operation, at most $seconds s)"
# From the temporary folder, where Schemathesis keeps its cache.
(cd "$work" && "$st" --no-color --config-file schemathesis.toml run openapi.json "${common[@]}" \
    --max-examples "$examples" --max-time "$seconds" -H "Authorization: Bearer $token")

bd_section "Fuzzing the API without credentials (2 examples per operation)"
(cd "$work" && "$st" --no-color --config-file schemathesis.toml run openapi.json "${common[@]}" \
    --max-examples 2 --max-time 40)
