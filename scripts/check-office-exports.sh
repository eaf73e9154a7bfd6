#!/usr/bin/env bash
# Checks that the office exports open in LibreOffice: writes a sample Kế hoạch
# (.docx) and a plan workbook (.xlsx) with the `sample_exports` example of
# binhdang-office, converts both to PDF with headless LibreOffice, and checks
# that each PDF exists and is not empty; when pdftotext is available, also
# that the text of each PDF has what the sample put in it.
#
# A developer check, not part of scripts/test.sh. When LibreOffice is missing
# it installs it with apt-get (Writer and Calc without GUI, about 300 MB), as
# root or through sudo, with the Liberation 2 fonts (metric-compatible with
# Times New Roman and covering Vietnamese).
#
# Usage: scripts/check-office-exports.sh [OUTDIR]
#   OUTDIR  where the .docx, .xlsx and .pdf files are kept (default: a
#           temporary directory, removed at the end)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

start=$SECONDS

if [[ $# -gt 1 ]]; then
    bd_die "usage: $0 [OUTDIR]"
fi
if [[ $# -eq 1 ]]; then
    out=$1
    mkdir -p "$out"
    out=$(cd "$out" && pwd)
else
    out=$(mktemp -d)
    bd_on_exit "rm -rf '$out'"
fi
# A throwaway LibreOffice profile: no clash with a running instance or the user's settings.
profile=$(mktemp -d)
bd_on_exit "rm -rf '$profile'"

bd_section "LibreOffice"
if command -v libreoffice >/dev/null 2>&1; then
    soffice=libreoffice
elif command -v soffice >/dev/null 2>&1; then
    soffice=soffice
else
    install_start=$SECONDS
    bd_apt_install libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2
    bd_info "installed in $((SECONDS - install_start)) s"
    soffice=libreoffice
fi
bd_info "using $("$soffice" --version 2>/dev/null | head -n 1)"

bd_section "Sample exports (cargo run --example sample_exports)"
bd_ensure_cargo
cargo run --quiet -p binhdang-office --example sample_exports -- "$out"

bd_section "Conversion to PDF"
# Expected text in each PDF: the type name of the document, a column header of the workbook.
declare -A expect=([ke-hoach.docx]="KẾ HOẠCH" [nhiem-vu.xlsx]="Đơn vị chủ trì")
failed=0
for file in ke-hoach.docx nhiem-vu.xlsx; do
    [[ -s "$out/$file" ]] || bd_die "$file was not written"
    pdf="$out/${file%.*}.pdf"
    rm -f "$pdf"
    convert_start=$SECONDS
    timeout 180 "$soffice" "-env:UserInstallation=file://$profile" --headless \
        --convert-to pdf --outdir "$out" "$out/$file" >"$out/$file.log" 2>&1 || true
    if [[ ! -s "$pdf" ]]; then
        bd_info "FAIL $file: no PDF (LibreOffice said: $(tr '\n' ' ' <"$out/$file.log"))"
        failed=1
        continue
    fi
    bd_info "ok   $file -> $(basename "$pdf") ($(stat -c %s "$pdf") bytes, $((SECONDS - convert_start)) s)"
    if command -v pdftotext >/dev/null 2>&1; then
        if pdftotext -enc UTF-8 "$pdf" - | grep -qF "${expect[$file]}"; then
            bd_info "ok   $(basename "$pdf") has \"${expect[$file]}\""
        else
            bd_info "FAIL $(basename "$pdf") lacks \"${expect[$file]}\""
            failed=1
        fi
    fi
done
if ! command -v pdftotext >/dev/null 2>&1; then
    bd_info "pdftotext not found (package poppler-utils): the text of the PDFs was not checked"
fi

if [[ $failed -ne 0 ]]; then
    bd_die "some exports did not convert (files in $out)"
fi
bd_section "All exports open in LibreOffice ($((SECONDS - start)) s)"
