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

## Start GIR on http://127.0.0.1:8000 with SQLite and demo data.
run: install
	GIR_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	GIR_DEBUG=1 $(BIN)/python manage.py load_demo
	GIR_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

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
