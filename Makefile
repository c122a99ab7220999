# SiKo – the two commands of the README, and a few helpers.
# `make run` sets up everything on a fresh machine and starts the demo on SQLite;
# `make test` runs all tests.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
APPS := konferenz teilnehmer tagesordnung
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run setup install install-run test test-unit test-e2e lint format messages compilemessages clean bench scaleout lock idp vnu

$(PY):
	$(PYTHON) -m venv $(VENV)

# What running needs (`make run`), and on top of it what testing and
# development need (`make install`, used by `make test`).
$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed: $(VENV)/.installed-run pyproject.toml
	$(PIP) install --quiet -e '.[dev,e2e]'
	touch $@

install-run: $(VENV)/.installed-run

install: $(VENV)/.installed

# The OpenID Connect provider of the single-sign-on tests (npm package
# oidc-provider); without Node.js those tests are skipped with the reason.
tests/idp/node_modules/.installed: tests/idp/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/idp --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm is missing: single-sign-on tests will be skipped."; fi

idp: tests/idp/node_modules/.installed

# The W3C Nu HTML checker of the browser tests (npm package vnu-jar, run with
# Java); its postinstall script (a Java downloader) is not needed and not run.
# Without npm or Java the HTML check is skipped with the reason.
tests/vnu/node_modules/.installed: tests/vnu/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/vnu --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm is missing: the HTML check will be skipped."; fi

vnu: tests/vnu/node_modules/.installed

setup: install-run
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py load_demo

run: setup
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# All tests: the unit suite (database from DATABASE_URL, default SQLite) and
# the browser tests when Chromium is installed.
test: install idp vnu
	$(PY) -m pytest -n 2 --dist loadfile -m "not e2e"
	@if [ -x /usr/bin/chromium ]; then $(PY) -m pytest -m e2e tests/e2e; \
	else echo "Browser tests skipped: /usr/bin/chromium is missing (apt-get install chromium)."; fi

test-unit: install idp
	$(PY) -m pytest -n 2 --dist loadfile -m "not e2e"

test-e2e: install idp vnu
	$(PY) -m pytest -m e2e tests/e2e

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/bandit -q -r $(APPS) -ll -x '*/migrations/*'

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Extract the English source strings into the German catalogues: one per app
# (their code and templates) and one for the project-wide templates.
messages: install
	for app in $(APPS); do (cd $$app && DEBUG=1 ../$(PY) ../manage.py makemessages -l de --no-obsolete); done
	DEBUG=1 $(PY) manage.py makemessages -l de --no-obsolete $(foreach a,$(APPS),--ignore=$(a)) --ignore=.venv --ignore=tests --ignore=var

compilemessages: install
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

# Hash-locked dependency sets (pip-compile from pip-tools): requirements/prod.lock
# for deployments (`pip install --require-hashes -r requirements/prod.lock`),
# requirements/dev.lock for development and CI tooling.
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: install
	mkdir -p requirements
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) -o requirements/prod.lock pyproject.toml
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) --extra dev --extra e2e -o requirements/dev.lock pyproject.toml

clean:
	rm -rf var/siko.sqlite3* var/staticfiles

# The benchmark (see README, "Leistung"): DATABASE_URL picks the database,
# BENCH_SECONDS the seconds per page (default 15); needs wrk (Debian package,
# installed by bench/run.py when missing).
bench:
	@$(PYTHON) bench/guard.py siko_bench "make bench"
	$(MAKE) install
	$(PY) bench/run.py

# Two app servers behind nginx, sharing PostgreSQL and a Redis of the run's
# own, with task workers: the 200-partner burst, a staff journey across both
# servers and three Redis faults under load (stopped, hung, restored from an
# older snapshot; see README, "Mehrere App-Server"). Exit code 1 on any failure.
scaleout:
	@$(PYTHON) bench/guard.py siko_scaleout "make scaleout"
	$(MAKE) install
	$(PY) bench/scaleout.py
