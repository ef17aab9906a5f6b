# Two commands set everything up on a fresh Debian machine: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app assessment
DEBIAN_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation
PG_URL := postgresql://postgres@127.0.0.1:5432/test
STAMP := $(VENV)/.installed
DIST := assessment/static/dist

.PHONY: help install system-packages assets translations run serve test lint typecheck bench clean

help:
	@echo "make run   - install, prepare the demo database and serve http://127.0.0.1:5000"
	@echo "make test  - install, then ruff, mypy and the whole test suite"
	@echo "make serve - production: gunicorn against DATABASE_URL (needs SECRET_KEY)"
	@echo "make bench - run every benchmark under bench/"

install: system-packages $(STAMP) assets translations

# Debian packages the app and its browser tests need: installed when missing and root.
system-packages:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing Debian packages. Run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Everything the browser loads comes from our own static files: no CDN.
assets: node_modules/.package-lock.json $(STAMP)
	mkdir -p $(DIST)/govuk/assets
	npm run --silent build:css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(DIST)/govuk/
	cp -r node_modules/govuk-frontend/dist/govuk/assets/images $(DIST)/govuk/assets/
	cp node_modules/govuk-frontend/dist/govuk/assets/manifest.json $(DIST)/govuk/assets/
	cp "$$($(PY) -c 'import plotly, pathlib; print(pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js")')" $(DIST)/plotly.min.js

translations: $(STAMP)
	$(VENV)/bin/pybabel compile --statistics -d assessment/translations

# The embedded default: SQLite, and the task queue in instance/tasks.sqlite3 served by
# one worker started here (reports, e-mail, scheduled work) and stopped with the server.
run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	@$(FLASK) worker & worker=$$!; trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@# The layering of assessment/ (pyproject.toml, [tool.importlinter]).
	$(VENV)/bin/lint-imports
	@# Security lint: no high-severity finding may stand.
	$(VENV)/bin/bandit -q -r assessment questionnaires scoring --severity-level high

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# PostgreSQL is used by the database suites when it answers (and must answer in CI).
test: install lint typecheck
	@if [ -z "$$TEST_DATABASE_URL" ] && $(PY) -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  export TEST_DATABASE_URL=$(PG_URL); fi; \
	echo "PostgreSQL for the database suites: $${TEST_DATABASE_URL:-not available}"; \
	$(VENV)/bin/pytest --ignore=tests/unit --ignore=tests/architecture && \
	$(VENV)/bin/pytest tests/unit tests/architecture --cov=questionnaires --cov=scoring --cov-branch --cov-report=
	@# The pure packages are fully covered by their own tests: coverage is measured on
	@# those only (tracing the app-level suites cost a third of their time for nothing).
	$(VENV)/bin/coverage report --include='questionnaires/*' --fail-under=100 --skip-covered
	$(VENV)/bin/coverage report --include='scoring/*' --fail-under=100 --skip-covered

# Production: gunicorn workers against PostgreSQL (docs/deployment.md). Migrations are
# an explicit step before the workers start; the app never runs them itself.
serve: export ENVIRONMENT ?= production
serve:
	@missing=""; for name in DATABASE_URL SECRET_KEY; do [ -n "$${!name}" ] || missing="$$missing $$name"; done; \
	if [ "$$ENVIRONMENT" = production ] && [ -n "$$missing" ]; then \
	  echo "make serve: refusing to start in production, not set:$$missing." >&2; \
	  echo "  DATABASE_URL=postgresql://user:password@host:5432/dbname  SECRET_KEY=<long random value>" >&2; \
	  echo "  (see docs/deployment.md; ENVIRONMENT=development serves SQLite for a trial)" >&2; \
	  exit 1; \
	fi
	@$(MAKE) --no-print-directory install
	$(FLASK) db upgrade
	exec $(VENV)/bin/gunicorn --config gunicorn.conf.py 'assessment:create_app()'

# Every bench/bench_*.py prints one "BENCH <name> ratio=<x> target<=|>=<y> PASS|FAIL"
# line or more; all scripts run, and the target fails if any line says FAIL.
bench: install
	@status=0; lines=$$(mktemp); \
	for script in bench/bench_*.py; do \
	  echo "== $$script"; \
	  $(PY) $$script | tee -a $$lines; rc=$${PIPESTATUS[0]}; \
	  if [ $$rc -ne 0 ]; then echo "$$script exited with status $$rc"; status=1; fi; \
	done; \
	echo "== summary"; grep '^BENCH ' $$lines || true; \
	if grep -Eq '^BENCH .* FAIL( |$$)' $$lines; then status=1; fi; \
	rm -f $$lines; exit $$status

clean:
	rm -rf $(VENV) node_modules $(DIST) .pytest_cache .mypy_cache .ruff_cache
