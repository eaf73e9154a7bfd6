# Shared helpers for scripts/test.sh and scripts/demo.sh.
#
# Source it from a bash script running with `set -euo pipefail`, after
# changing to the repository root. Functions are prefixed `bd_`.
#
# The install helpers use apt-get (Debian/Ubuntu) and expect to run as root;
# when not root they fall back to sudo if it is available.

# ---------------------------------------------------------------- output

# Bold and red only on a terminal.
if [[ -t 1 ]]; then BD_BOLD=$'\033[1m' BD_RED=$'\033[31m' BD_RESET=$'\033[0m'; else BD_BOLD='' BD_RED='' BD_RESET=''; fi

# Prints a section header.
bd_section() {
    printf '\n%s==> %s%s\n' "$BD_BOLD" "$*" "$BD_RESET"
}

# Prints an informational line.
bd_info() {
    printf '    %s\n' "$*"
}

# Prints an error and exits.
bd_die() {
    printf '%serror:%s %s\n' "$BD_RED" "$BD_RESET" "$*" >&2
    exit 1
}

# ---------------------------------------------------------------- cleanup

# Commands to run (in reverse order) when the script exits, for any reason.
BD_CLEANUP=()

bd_run_cleanup() {
    local i
    for ((i = ${#BD_CLEANUP[@]} - 1; i >= 0; i--)); do
        eval "${BD_CLEANUP[i]}" || true
    done
    BD_CLEANUP=()
}

# Registers a command to run at exit; installs the traps on first use.
bd_on_exit() {
    if [[ -z "${BD_TRAPS_SET:-}" ]]; then
        BD_TRAPS_SET=1
        trap bd_run_cleanup EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
    fi
    BD_CLEANUP+=("$1")
}

# ---------------------------------------------------------------- apt

bd_root_cmd() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        bd_die "need root (or sudo) to run: $*"
    fi
}

BD_APT_UPDATED=""

# Installs Debian packages with apt-get; `apt-get update` runs at most once.
bd_apt_install() {
    command -v apt-get >/dev/null 2>&1 ||
        bd_die "apt-get not found; install these packages manually: $*"
    if [[ -z "$BD_APT_UPDATED" ]]; then
        bd_info "apt-get update"
        bd_root_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        BD_APT_UPDATED=1
    fi
    bd_info "apt-get install -y $*"
    bd_root_cmd env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "$@"
}

# ---------------------------------------------------------------- node / npm

# Makes sure node and npm exist.
bd_ensure_node() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        bd_info "node/npm not found, installing from apt"
        bd_apt_install nodejs npm
    fi
}

# Runs `npm ci` in web/ (the browser tests' driver; the assets the binary embeds are vendored)
# when node_modules is missing or older than the lockfile.
bd_ensure_web_deps() {
    bd_ensure_node
    local marker=web/node_modules/.package-lock.json
    if [[ ! -f "$marker" ]] ||
        [[ web/package-lock.json -nt "$marker" ]] ||
        [[ web/package.json -nt "$marker" ]]; then
        bd_info "npm ci (web/)"
        (cd web && npm ci --no-audit --no-fund)
    else
        bd_info "web/node_modules is up to date"
    fi
}

# Prints a free TCP port on 127.0.0.1.
bd_free_port() {
    node -e '
        const s = require("net").createServer();
        s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });
    '
}

# ---------------------------------------------------------------- rust

bd_ensure_cargo() {
    if ! command -v cargo >/dev/null 2>&1 && [[ -x "$HOME/.cargo/bin/cargo" ]]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    command -v cargo >/dev/null 2>&1 ||
        bd_die "cargo not found: install the Rust toolchain (https://rustup.rs)"
}

# Makes sure rustfmt and clippy are there (rustup adds them when it manages the toolchain).
bd_ensure_rust_components() {
    if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
        command -v rustup >/dev/null 2>&1 ||
            bd_die "cargo fmt or cargo clippy is missing: install rustfmt and clippy"
        bd_info "rustup component add rustfmt clippy"
        rustup component add rustfmt clippy
    fi
}

# Installs cargo-machete (unused dependencies) from crates.io when it is missing.
bd_ensure_cargo_machete() {
    if ! cargo machete --version >/dev/null 2>&1; then
        bd_info "cargo install cargo-machete --locked"
        cargo install cargo-machete --locked
    fi
    bd_info "using cargo-machete $(cargo machete --version 2>/dev/null)"
}

# ---------------------------------------------------------------- chromium

# Installs Debian's chromium (and a font covering Vietnamese) when $CHROMIUM
# (default /usr/bin/chromium) is missing.
bd_ensure_chromium() {
    CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
    if [[ ! -x "$CHROMIUM" ]]; then
        bd_info "$CHROMIUM not found, installing chromium from apt"
        bd_apt_install chromium fonts-liberation
        [[ -x "$CHROMIUM" ]] || bd_die "chromium installed but $CHROMIUM does not exist"
    fi
    export CHROMIUM
    bd_info "using $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
}

# Makes LibreOffice available for the export checks (the plan's .docx and .xlsx must open in it).
bd_ensure_libreoffice() {
    if ! command -v libreoffice >/dev/null 2>&1; then
        bd_info "libreoffice not found, installing it from apt"
        bd_apt_install libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2
    fi
    export BD_TEST_REQUIRE_LIBREOFFICE=1
    bd_info "using $(libreoffice --version 2>/dev/null | head -n 1)"
}

# Makes OCR available: Tesseract with its Vietnamese model reads scanned letters and photos, and
# pdftoppm (poppler-utils) rasterises the pages of a scanned PDF. The scan tests render their
# scans with LibreOffice (bd_ensure_libreoffice).
bd_ensure_ocr() {
    if ! command -v tesseract >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 ||
        ! tesseract --list-langs 2>/dev/null | grep -qx vie; then
        bd_info "tesseract, its Vietnamese model or pdftoppm not found, installing them from apt"
        bd_apt_install tesseract-ocr tesseract-ocr-vie poppler-utils
    fi
    export BD_TEST_REQUIRE_OCR=1
    bd_info "using $(tesseract --version 2>/dev/null | head -n 1) and $(pdftoppm -v 2>&1 | head -n 1)"
}

# ---------------------------------------------------------------- dhis2 client

# Client libraries that others wrote (dhis2.py and sdmx1 from PyPI, pinned) in a virtual
# environment in the build folder: the integration tests drive binhdang's DHIS2 Web API with the
# first and read its SDMX structure and data with the second.
bd_ensure_dhis2_client() {
    local venv="${CARGO_TARGET_DIR:-$PWD/target}/py-dhis2"
    if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
        bd_info "python3 with venv not found, installing it from apt"
        bd_apt_install python3 python3-venv
    fi
    if ! "$venv/bin/python" -c 'import dhis2, sdmx' >/dev/null 2>&1; then
        bd_info "installing dhis2.py 2.3.0 and sdmx1 2.28.0 into $venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check 'dhis2.py==2.3.0' 'sdmx1==2.28.0'
    fi
    export BD_TEST_PYTHON="$venv/bin/python"
    export BD_TEST_REQUIRE_DHIS2_CLIENT=1
    bd_info "using dhis2.py $("$venv/bin/pip" show dhis2.py 2>/dev/null | sed -n 's/^Version: //p')"
}

# The API fuzzer (Schemathesis) and an OpenAPI validator, pinned, in a Python virtual
# environment; sets BD_FUZZ_VENV.
bd_ensure_schemathesis() {
    local venv="${CARGO_TARGET_DIR:-$PWD/target}/py-schemathesis"
    if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
        bd_info "python3 with venv not found, installing it from apt"
        bd_apt_install python3 python3-venv
    fi
    if ! "$venv/bin/python" -c 'import schemathesis, openapi_spec_validator' >/dev/null 2>&1 \
        || [[ "$("$venv/bin/pip" show schemathesis 2>/dev/null | sed -n 's/^Version: //p')" != 4.32.5 ]]; then
        bd_info "installing schemathesis 4.32.5 and openapi-spec-validator 0.7.2 into $venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check \
            'schemathesis==4.32.5' 'openapi-spec-validator==0.7.2'
    fi
    export BD_FUZZ_VENV="$venv"
    bd_info "using schemathesis $("$venv/bin/pip" show schemathesis 2>/dev/null | sed -n 's/^Version: //p')"
}

# ---------------------------------------------------------------- postgresql

# Sets BD_PG_BIN to a directory holding initdb and pg_ctl, or returns 1.
bd_find_pg_bin() {
    local initdb dir
    if initdb="$(command -v initdb 2>/dev/null)" && command -v pg_ctl >/dev/null 2>&1; then
        BD_PG_BIN="$(dirname "$(readlink -f "$initdb")")"
        [[ -x "$BD_PG_BIN/pg_ctl" ]] || BD_PG_BIN="$(dirname "$initdb")"
        return 0
    fi
    # Debian keeps the server binaries off PATH; take the newest major version.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -rn); do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            BD_PG_BIN="$dir"
            return 0
        fi
    done
    return 1
}

# Makes sure the PostgreSQL server binaries are installed; sets BD_PG_BIN.
bd_ensure_postgres_installed() {
    if ! bd_find_pg_bin; then
        bd_info "PostgreSQL server not found, installing from apt"
        bd_apt_install postgresql
        bd_find_pg_bin || bd_die "postgresql installed but initdb/pg_ctl not found"
    fi
    bd_info "using $("$BD_PG_BIN/pg_ctl" --version)"
}

# Runs a command as the user owning the throwaway cluster (postgres when root:
# initdb refuses to run as root), from inside the cluster directory.
bd_pg_as_owner() {
    if [[ $EUID -ne 0 ]]; then
        (cd "$BD_PG_DIR" && "$@")
    elif command -v runuser >/dev/null 2>&1; then
        (cd "$BD_PG_DIR" && runuser -u postgres -- "$@")
    else
        (cd "$BD_PG_DIR" && su postgres -s /bin/sh -c "$(printf '%q ' "$@")")
    fi
}

# Starts a throwaway PostgreSQL server on a free 127.0.0.1 port with trust
# auth and fsync off, registers its shutdown and removal at exit, and exports
# BD_TEST_POSTGRES_URL and BD_TEST_REQUIRE_POSTGRES=1.
bd_pg_start() {
    [[ -n "${BD_PG_BIN:-}" ]] || bd_ensure_postgres_installed

    if [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        bd_info "creating system user postgres"
        useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi

    # Under /tmp (not $TMPDIR) so that the postgres user can reach it.
    BD_PG_DIR="$(mktemp -d /tmp/binhdang-pg.XXXXXX)"
    bd_on_exit bd_pg_stop
    [[ $EUID -ne 0 ]] || chown postgres: "$BD_PG_DIR"

    local locale=C
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        locale=C.UTF-8
    fi
    bd_info "initdb in $BD_PG_DIR"
    bd_pg_as_owner "$BD_PG_BIN/initdb" -D "$BD_PG_DIR/data" -U postgres \
        --auth=trust -E UTF8 --locale="$locale" --no-sync >"$BD_PG_DIR/initdb.log" 2>&1 || {
        cat "$BD_PG_DIR/initdb.log" >&2
        bd_die "initdb failed"
    }

    local attempt port
    for attempt in 1 2 3; do
        port="$(bd_free_port)"
        if bd_pg_as_owner "$BD_PG_BIN/pg_ctl" -D "$BD_PG_DIR/data" -l "$BD_PG_DIR/server.log" \
            -w -t 60 -s start -o "-c listen_addresses=127.0.0.1 -p $port -k $BD_PG_DIR \
                -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
                -c max_connections=300"; then
            BD_PG_PORT="$port"
            break
        fi
        bd_info "PostgreSQL did not start on port $port (attempt $attempt)"
        tail -n 20 "$BD_PG_DIR/server.log" >&2 || true
    done
    [[ -n "${BD_PG_PORT:-}" ]] || bd_die "could not start PostgreSQL"

    export BD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$BD_PG_PORT/postgres"
    export BD_TEST_REQUIRE_POSTGRES=1
    bd_info "PostgreSQL running: BD_TEST_POSTGRES_URL=$BD_TEST_POSTGRES_URL"
}

# Stops the throwaway server and removes its directory (idempotent).
bd_pg_stop() {
    [[ -n "${BD_PG_DIR:-}" && -d "$BD_PG_DIR" ]] || return 0
    if [[ -f "$BD_PG_DIR/data/postmaster.pid" ]]; then
        bd_pg_as_owner "$BD_PG_BIN/pg_ctl" -D "$BD_PG_DIR/data" -m fast -w -t 30 -s stop ||
            bd_pg_as_owner "$BD_PG_BIN/pg_ctl" -D "$BD_PG_DIR/data" -m immediate -w -t 30 -s stop ||
            true
    fi
    rm -rf "$BD_PG_DIR"
    BD_PG_DIR=""
    BD_PG_PORT=""
}
