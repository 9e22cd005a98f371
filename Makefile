# GIR — the two commands: `make run` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test lint demo-data demo-code install clean bench-reception bench bench-import bench-load

$(BIN)/python:
	@PY=$$(scripts/find-python) || exit 1; \
	echo "Using $$PY"; \
	$$PY -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml uv.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv sync --frozen --inexact --python $(BIN)/python
	@touch $@

install: $(VENV)/.installed

## Start GIR on http://127.0.0.1:8000 with SQLite and demo data, with the task worker
## (task_worker: django-tasks-db's db_worker that reconnects after database trouble) and the
## scheduler (task_scheduler: crontask's, likewise) beside the web server. Ctrl-C stops all three:
## `kill 0` in the trap signals the whole process group, auto-reloader children included.
## Another address: make run RUN_ADDR=127.0.0.1:8001 (links in mails follow it: GIR_SITE_URL)
RUN_ADDR ?= 127.0.0.1:8000
run: install
	GIR_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	GIR_DEBUG=1 $(BIN)/python manage.py load_demo
	@echo "Web server, task worker and scheduler start; e-mail is written to var/outbox/."
	@trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	export GIR_DEBUG=1; \
	export GIR_SITE_URL="$${GIR_SITE_URL:-http://$(RUN_ADDR)}"; \
	$(BIN)/python manage.py task_worker & \
	$(BIN)/python manage.py task_scheduler & \
	$(BIN)/python manage.py runserver $(RUN_ADDR)

## The demo's second step: the code the demo accounts' authenticator app shows now.
demo-code: install
	@GIR_DEBUG=1 $(BIN)/python manage.py demo_code

## Run the whole test suite (SQLite unless DATABASE_URL says otherwise).
test: install
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "NOTE: /usr/bin/chromium is not installed: the browser tests (e2e) are skipped."; \
	  echo "      Install it with: apt-get install chromium"; \
	fi
	$(BIN)/python -m pytest

## Typed code (mypy strict, django-stubs): the access kernel and every app's services and policy,
## as modules or packages; a new gir/<app>/policy.py is picked up without editing this list.
MYPY_PATHS = gir/access $(filter-out gir/access/%,$(wildcard gir/*/services.py gir/*/services gir/*/policy.py gir/*/policy))
## Single sign-on (gir/accounts/sso, with its services.py) and the password backend are typed too.
MYPY_PATHS += gir/accounts/sso gir/accounts/backends.py gir/accounts/checks.py
## Backup and restore (issue 18).
MYPY_PATHS += gir/operations/backups.py
## The one writer of CSV and XLSX (issue 19).
MYPY_PATHS += gir/core/spreadsheets.py
## The rights of the person in the register (issue 19 item 5): its services, reads and overview.
MYPY_PATHS += gir/privacy/subjects/services.py gir/privacy/subjects/selectors.py gir/privacy/subjects/overview.py
## The retention schedule (issue 19 item 4): the registry, each app's kinds, the run.
MYPY_PATHS += $(wildcard gir/*/retention.py) gir/privacy/retention_services.py gir/privacy/retention_selectors.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy $(MYPY_PATHS)

## Benchmark the reception check on PostgreSQL (see README "Speed"): builds 100,000 people
## once (kept between runs), then times 300 misspelt searches. Starts PostgreSQL when it is
## down and creates the database when it is missing. Another database:
## make bench-reception BENCH_DATABASE_URL=postgres://user@host:5432/other_bench
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gir_bench
bench-reception: install
	$(BIN)/python scripts/bench_database.py '$(BENCH_DATABASE_URL)'
	DATABASE_URL='$(BENCH_DATABASE_URL)' GIR_DEBUG=1 $(BIN)/python manage.py migrate --no-input -v 0
	DATABASE_URL='$(BENCH_DATABASE_URL)' GIR_DEBUG=1 $(BIN)/python manage.py bench_reception --any-database

## Speed of the dashboard and the work list: fills the database up to SCALE incidents (with steps,
## perpetrators, measures, police reports; what is there is reused), then times figures.build against
## the same figures in hand-written SQL, and the work list. SCALE=10000 (default), 100000 or 1000000.
## Starts PostgreSQL when it is down and creates the database when it is missing.
SCALE ?= 10000
BENCH_SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gir_bench6
bench: install
	$(BIN)/python scripts/bench_database.py '$(BENCH_SCALE_DATABASE_URL)'
	DATABASE_URL='$(BENCH_SCALE_DATABASE_URL)' GIR_DEBUG=1 $(BIN)/python manage.py migrate --no-input -v 0
	DATABASE_URL='$(BENCH_SCALE_DATABASE_URL)' GIR_DEBUG=1 $(BIN)/python manage.py generate_scale --count $(SCALE)
	DATABASE_URL='$(BENCH_SCALE_DATABASE_URL)' GIR_DEBUG=1 $(BIN)/python manage.py bench_dashboard

## Time a large import (README "Speed of the import"): a fresh database each run, the demo
## organisation, then ROWS rows through upload, dry run and the import in one transaction.
BENCH_IMPORT_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gir_bench_import
ROWS ?= 50000
bench-import: install
	$(BIN)/python scripts/bench_database.py --fresh '$(BENCH_IMPORT_DATABASE_URL)'
	DATABASE_URL='$(BENCH_IMPORT_DATABASE_URL)' GIR_DEBUG=1 $(BIN)/python manage.py migrate --no-input -v 0
	DATABASE_URL='$(BENCH_IMPORT_DATABASE_URL)' GIR_DEBUG=1 $(BIN)/python manage.py load_demo > /dev/null
	DATABASE_URL='$(BENCH_IMPORT_DATABASE_URL)' GIR_DEBUG=1 $(BIN)/python manage.py bench_import --rows $(ROWS)

## Load test against the production server (README "Speed under load"): a fresh database, the demo
## organisation, then `manage.py bench_load`: gunicorn on 127.0.0.1 with GIR_DEBUG off, locust headless
## with LOAD_USERS employees reporting for LOAD_TIME and 2 dashboard readers, against the log-in page's
## floor. Fails when a request failed or a report the server accepted is not stored.
BENCH_LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gir_bench_load
LOAD_USERS ?= 50
LOAD_TIME ?= 2m
LOAD_WORKERS ?= 5
bench-load: install
	$(BIN)/python scripts/bench_database.py --fresh '$(BENCH_LOAD_DATABASE_URL)'
	DATABASE_URL='$(BENCH_LOAD_DATABASE_URL)' GIR_DEBUG=1 $(BIN)/python manage.py migrate --no-input -v 0
	DATABASE_URL='$(BENCH_LOAD_DATABASE_URL)' GIR_DEBUG=1 $(BIN)/python manage.py load_demo > /dev/null
	DATABASE_URL='$(BENCH_LOAD_DATABASE_URL)' GIR_DEBUG=1 $(BIN)/python manage.py bench_load --any-database \
	  --users $(LOAD_USERS) --duration $(LOAD_TIME) --workers $(LOAD_WORKERS)

clean:
	rm -rf $(VENV)
