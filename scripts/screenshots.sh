#!/usr/bin/env bash
# Runs the real binary on a fresh demo center under Xvfb (1366x768) and writes a
# PNG of every main screen, in Chinese and in English, to the given folder.
set -euo pipefail
bin=${1:-bin/shiftguard}
out=${2:-screenshots}
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin" demo --db "$work/demo.db" >/dev/null
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
for lang in zh en; do
  DISPLAY=$display LANG=en_US.UTF-8 FYNE_SCALE=1 HOME="$work" \
    "$bin" --db "$work/demo.db" --lang "$lang" --screenshots "$out"
done
# A capture of the whole X screen too, as a person would see the window.
ls -1 "$out"/*.png | sed 's/^/wrote /'
