#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Hongyi needs outside Python, or says how.
#   fonts-noto-cjk       Chinese glyphs in PDFs (without it certificates print empty boxes)
#   libharfbuzz-subset0  WeasyPrint's fast font subsetting (a certificate takes ~7 s without it, well under 0.1 s with)
#   libpango-1.0-0, libpangoft2-1.0-0  WeasyPrint's text layout
#   gettext              compiles the zh-hans/en translations
#   wrk                  the check-in benchmark's load generator (make bench)
#   chromium             the browser tests (Playwright drives it; it never downloads a browser)
set -euo pipefail

packages=(fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 gettext chromium wrk)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
python3 -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Hongyi needs these system packages: ${missing[*]}" >&2
  echo "Run as root, then run make again:" >&2
  echo "  sudo sh -c '$command'" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
