#!/usr/bin/env bash
# Runs every benchmark under bench/ and prints their tables. One benchmark: bench/<name>/run.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for bench in "$here"/*/run.sh; do
  echo "== $(basename "$(dirname "$bench")")"
  bash "$bench"
  echo
done
