# GIR — the two commands: `make run` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test lint demo-data install clean

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
## (db_worker) and the scheduler (crontask) beside the web server. Ctrl-C stops all three:
## `kill 0` in the trap signals the whole process group, auto-reloader children included.
## Another address: make run RUN_ADDR=127.0.0.1:8001
RUN_ADDR ?= 127.0.0.1:8000
run: install
	GIR_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	GIR_DEBUG=1 $(BIN)/python manage.py load_demo
	@echo "Web server, task worker and scheduler start; e-mail is written to var/outbox/."
	@trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	export GIR_DEBUG=1; \
	$(BIN)/python manage.py db_worker & \
	$(BIN)/python manage.py crontask & \
	$(BIN)/python manage.py runserver $(RUN_ADDR)

## Run the whole test suite (SQLite unless DATABASE_URL says otherwise).
test: install
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "NOTE: /usr/bin/chromium is not installed: the browser tests (e2e) are skipped."; \
	  echo "      Install it with: apt-get install chromium"; \
	fi
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV)
