#!/usr/bin/env bash
# What `make test` runs, in order. Any failure stops the run with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${PG_TEST_URL:-postgresql://postgres@127.0.0.1:5432/test}

step() { printf '\n==> %s\n' "$*"; }

step "ruff"
$BIN/ruff check .
$BIN/ruff format --check .

step "migrations are complete"
$BIN/python manage.py makemigrations --check --dry-run

step "deploy check with production settings"
DEBUG=false HTTPS=true ALLOWED_HOSTS=hongyi.example.cn HONGYI_PUBLIC_URL=https://hongyi.example.cn \
  SECRET_KEY="$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
  $BIN/python manage.py check --deploy --fail-level WARNING

step "tests on SQLite"
env -u DATABASE_URL $BIN/pytest "$@"

step "tests on PostgreSQL ($PG_URL)"
if ! bash scripts/postgres-ready.sh "$PG_URL"; then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL is not reachable at $PG_URL, and CI must test it." >&2
    exit 1
  fi
  echo "PostgreSQL is not reachable at $PG_URL: skipped here (CI requires it)."
  exit 0
fi
DATABASE_URL="$PG_URL" $BIN/pytest "$@"
