# Skillgap: `make run` sets up and serves; `make test` sets up and runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

# A Python 3.12+ from PATH first, then from pyenv; empty if neither has one.
PYTHON_SYS := $(shell for p in python3.13 python3.12; do \
	  c=$$(command -v $$p 2>/dev/null) && $$c -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { echo $$c; exit 0; }; \
	done; \
	if command -v pyenv >/dev/null 2>&1; then \
	  for v in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])' | sort -rV); do \
	    c=$$(PYENV_VERSION=$$v pyenv which python3 2>/dev/null) && echo $$c && exit 0; \
	  done; \
	fi)

.PHONY: help venv install install-dev browser lint format migrate seed ads-read-again run serve test test-fast bench clean

help:
	@echo "make run    set up everything and serve on http://$(HOST):$(PORT)"
	@echo "make test   set up everything and run lint + every test"
	@echo "make serve  production-like: gunicorn + whitenoise, debug off"
	@echo "make bench  run the benchmarks in bench/ and update bench/RESULTS.md"

$(VENV)/.created:
	@if [ -z "$(PYTHON_SYS)" ]; then \
	  echo "error: Skillgap needs Python 3.12 or newer. Install python3.12 (or newer) on PATH, or via pyenv." >&2; exit 1; fi
	$(PYTHON_SYS) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	touch $@

venv: $(VENV)/.created

$(VENV)/.installed: $(VENV)/.created pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

browser:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "error: browser tests need Chromium at $(CHROMIUM). Install it: sudo apt-get install chromium (or set CHROMIUM=/path/to/chromium)" >&2; exit 1; \
	fi

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_market

# Saved job ads read again with this release's reading and the rules the seed left (a second
# run saves nothing and, with --quiet, says nothing). Production runs it after migrate too.
ads-read-again: seed
	$(PY) manage.py ads_read_again --quiet

run: ads-read-again
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production-like on this machine: gunicorn + whitenoise, debug off, plain HTTP on loopback.
# Needs DJANGO_SECRET_KEY; a real deployment sits behind TLS and leaves DJANGO_HTTPS unset.
serve: ads-read-again
	@if [ -z "$$DJANGO_SECRET_KEY" ]; then \
	  echo "error: make serve runs with debug off and needs DJANGO_SECRET_KEY, e.g." >&2; \
	  echo "  DJANGO_SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') make serve" >&2; exit 1; fi
	DJANGO_DEBUG=0 DJANGO_HTTPS=0 $(PY) manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=0 DJANGO_HTTPS=0 $(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: install-dev browser lint
	CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest

test-fast: install-dev
	$(VENV)/bin/pytest -m "not browser" -x -q

bench: install-dev
	$(PY) bench/import_postings.py
	$(PY) bench/pages.py
	$(PY) bench/warehouse.py
	$(PY) bench/load.py
	$(PY) bench/extraction.py

clean:
	rm -rf $(VENV) staticfiles
