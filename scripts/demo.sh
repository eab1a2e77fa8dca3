#!/usr/bin/env bash
# The demo: migrate, collect static files, seed, then serve with the background worker.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

$PY manage.py migrate --no-input -v0
$PY manage.py collectstatic --no-input -v0
$PY manage.py prepare_fonts
$PY manage.py seed_demo --scale small

$PY manage.py db_worker &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM

echo
echo "红驿 Hongyi is serving at http://127.0.0.1:8000 (admin: /admin/, API: /api/docs). Ctrl-C stops."
.venv/bin/gunicorn config.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile -
