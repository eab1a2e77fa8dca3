# Hongyi: two commands on a fresh Debian/Ubuntu machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The project's catalogue, and any app's own (an app added later may keep its strings beside it).
PO := $(wildcard locale/*/LC_MESSAGES/django.po */locale/*/LC_MESSAGES/django.po)
MO := $(PO:.po=.mo)

.PHONY: install demo serve worker test bench load ledgersets lock lint format clean

## install: system packages (as root), a virtual environment from the lock file, translations
install: $(VENV)/.installed $(MO)

$(VENV)/.installed: requirements.lock scripts/system-packages.sh
	bash scripts/system-packages.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

%/LC_MESSAGES/django.mo: %/LC_MESSAGES/django.po $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv -v0

## demo: install, migrate, seed small demo data, print the logins, serve at 127.0.0.1:8000
demo: install
	bash scripts/demo.sh

## test: ruff, migrations check, deploy check, the suite on SQLite then on PostgreSQL
test: install
	bash scripts/test.sh

## bench: every benchmark under bench/ on SQLite and PostgreSQL, against baselines from the same run
bench: install
	$(PY) bench/run.py

## ledgersets: build the statistics benchmarks' kept ledgers ahead of a timed run
## (600,000 and 10,000,000 entries on SQLite, then on PostgreSQL; about 30 minutes each 10M)
BENCH_POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
ledgersets: install
	$(PY) bench/ledgerset.py 600000
	$(PY) bench/ledgerset.py 10000000
	DATABASE_URL=$(BENCH_POSTGRES_URL) $(PY) bench/ledgerset.py 600000
	DATABASE_URL=$(BENCH_POSTGRES_URL) $(PY) bench/ledgerset.py 10000000

## load: only the load test (5,000 check-ins in 2 minutes, 20 stations) on PostgreSQL
load: install
	$(PY) bench/run.py --postgres --only load

## lock: re-resolve requirements.lock from pyproject.toml (needs network)
lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --generate-hashes \
		--python-version 3.11 --python-platform x86_64-unknown-linux-gnu -o requirements.lock

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) data
