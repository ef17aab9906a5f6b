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

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# PostgreSQL is used by the database suites when it answers (and must answer in CI).
test: install lint typecheck
	@if [ -z "$$TEST_DATABASE_URL" ] && $(PY) -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  export TEST_DATABASE_URL=$(PG_URL); fi; \
	echo "PostgreSQL for the database suites: $${TEST_DATABASE_URL:-not available}"; \
	$(VENV)/bin/pytest

bench: install
	@for script in bench/bench_*.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules $(DIST) .pytest_cache .mypy_cache .ruff_cache
