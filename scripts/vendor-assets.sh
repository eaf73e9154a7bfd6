#!/usr/bin/env bash
# Refreshes or checks the front-end files that the binary embeds, vendored under
# crates/web/assets/vendor/ and listed with their package, version and checksum in its VERSIONS.
#
#   scripts/vendor-assets.sh                    fetch each package at the version in VERSIONS
#                                               (npm pack), copy its files, rewrite the checksums
#   scripts/vendor-assets.sh --check            fail unless each vendored file, and the same file
#                                               fetched from npm, has the checksum in VERSIONS
#   scripts/vendor-assets.sh --check --offline  only the vendored files, without npm (the test
#                                               script runs this)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

VENDOR=crates/web/assets/vendor
VERSIONS="$VENDOR/VERSIONS"

check=0
offline=0
for arg in "$@"; do
    case "$arg" in
    --check) check=1 ;;
    --offline) offline=1 ;;
    *) bd_die "unknown argument: $arg (see the top of $0)" ;;
    esac
done
[[ $offline -eq 0 || $check -eq 1 ]] || bd_die "--offline only goes with --check"
[[ -f "$VERSIONS" ]] || bd_die "$VERSIONS is missing"

# The records of VERSIONS: every line that is neither blank nor a comment.
records() {
    grep -v -e '^#' -e '^[[:space:]]*$' "$VERSIONS"
}

sha256() {
    sha256sum "$1" | cut -d' ' -f1
}

# The tarball's path on the npm registry (scoped packages keep their scope in front).
tarball() {
    printf '%s/-/%s-%s.tgz' "$1" "${1##*/}" "$2"
}

failed=0

if [[ $check -eq 1 ]]; then
    bd_section "Vendored files against $VERSIONS"
    while read -r file _package _version _path _licence _source sum; do
        if [[ ! -f "$VENDOR/$file" ]]; then
            bd_info "MISSING  $file"
            failed=1
        elif [[ "$(sha256 "$VENDOR/$file")" != "$sum" ]]; then
            bd_info "CHANGED  $file (sha256 $(sha256 "$VENDOR/$file"), recorded $sum)"
            failed=1
        else
            bd_info "ok       $file"
        fi
    done < <(records)
    if [[ $offline -eq 1 ]]; then
        [[ $failed -eq 0 ]] || bd_die "vendored files differ from $VERSIONS"
        exit 0
    fi
fi

bd_section "Fetching the packages from npm"
bd_ensure_node
work="$(mktemp -d)"
bd_on_exit "rm -rf '$work'"
while read -r spec; do
    bd_info "npm pack $spec"
    mkdir -p "$work/$spec"
    (cd "$work/$spec" && npm pack --silent "$spec" >/dev/null && tar -xzf ./*.tgz)
done < <(records | awk '{ print $2 "@" $3 }' | sort -u)

fetched() {
    printf '%s/%s@%s/package/%s' "$work" "$1" "$2" "$3"
}

if [[ $check -eq 1 ]]; then
    bd_section "Files on npm against $VERSIONS"
    while read -r file package version path _licence _source sum; do
        from="$(fetched "$package" "$version" "$path")"
        if [[ ! -f "$from" ]]; then
            bd_info "MISSING  $package@$version has no $path"
            failed=1
        elif [[ "$(sha256 "$from")" != "$sum" ]]; then
            bd_info "CHANGED  $package@$version $path (sha256 $(sha256 "$from"), recorded $sum)"
            failed=1
        else
            bd_info "ok       $package@$version $path"
        fi
    done < <(records)
    [[ $failed -eq 0 ]] || bd_die "vendored files differ from $VERSIONS or from npm"
    exit 0
fi

bd_section "Copying into $VENDOR and recording the checksums"
updated="$work/VERSIONS"
while IFS= read -r line; do
    if [[ "$line" =~ ^# || ! "$line" =~ [^[:space:]] ]]; then
        printf '%s\n' "$line"
        continue
    fi
    read -r file package version path licence _source _sum <<<"$line"
    from="$(fetched "$package" "$version" "$path")"
    [[ -f "$from" ]] || bd_die "$package@$version has no $path"
    mkdir -p "$(dirname "$VENDOR/$file")"
    cp "$from" "$VENDOR/$file"
    bd_info "$file  <-  $package@$version $path" >&2
    printf '%-31s %-9s %-8s %-21s %-13s %-31s %s\n' \
        "$file" "$package" "$version" "$path" "$licence" "$(tarball "$package" "$version")" "$(sha256 "$VENDOR/$file")"
done <"$VERSIONS" >"$updated"
cp "$updated" "$VERSIONS"
bd_info "updated $VERSIONS"
