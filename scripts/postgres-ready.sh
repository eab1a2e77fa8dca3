#!/usr/bin/env bash
# Is PostgreSQL answering at $1? If not, and a local cluster exists, try to start it.
set -uo pipefail
# The test database itself may not exist yet (pytest creates test_<name>): ask the
# server's maintenance database instead.
url="${1%/*}/postgres"
ready() { .venv/bin/python -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$url" 2>/dev/null; }
ready && exit 0
if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "Starting the local PostgreSQL $version cluster…"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>&1 || true
  for _ in $(seq 1 20); do ready && exit 0; sleep 0.5; done
fi
exit 1
