#!/usr/bin/env bash
# Install the Debian packages kimdocs needs, if they are missing.
#   tools/system-packages.sh run    fonts and libraries to render documents
#   tools/system-packages.sh test   additionally LibreOffice, poppler-utils, qpdf, Chromium (for the
#                                   preview's browser tests) and npm (for axe-core) for the tests
set -euo pipefail

# fonts-noto-core: Latin, Cyrillic, Turkish, Arabic/Persian and Ethiopic (Tigrinya) letters.
runtime=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-core fonts-symbola)
testing=(poppler-utils qpdf libreoffice-writer-nogui libreoffice-calc-nogui chromium chromium-driver)

wanted=("${runtime[@]}")
if [ "${1:-run}" = "test" ]; then wanted+=("${testing[@]}"); fi

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# npm may come with a Node.js from elsewhere; Debian's npm only when there is none.
if [ "${1:-run}" = "test" ] && ! command -v npm >/dev/null; then missing+=(npm); fi
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "Bitte diese Pakete installieren: ${missing[*]}" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "Als Administrator ausführen: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
echo "Installiere Systempakete: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true
