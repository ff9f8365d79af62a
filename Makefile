# kancelaria: the commands that set up, run and test the system.
#
#   make run      install, migrate, load the demo municipality, serve on http://127.0.0.1:8000
#   make test     install with the test tools, then the SQLite, PostgreSQL and browser passes
#   make bench    benchmarks on PostgreSQL (figures only)
#
# Every target installs what it needs first (a .venv in the repository, the npm
# packages, the built front-end) and skips what is already done.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
BOOTSTRAP := $(PYTHON) scripts/bootstrap.py

.DEFAULT_GOAL := help
.PHONY: help install install-test assets run test bench lint messages clean

help:
	@echo "make run       start the demo (web server + worker) on http://127.0.0.1:8000"
	@echo "make test      run the test suite (SQLite, PostgreSQL, browser passes)"
	@echo "make bench     run the benchmarks against PostgreSQL"
	@echo "make install   create .venv and install kancelaria with the front-end built"
	@echo "make assets    install npm packages and build the front-end"
	@echo "make lint      ruff"
	@echo "make messages  update and compile the translations (needs gettext)"

install:
	@$(BOOTSTRAP)

install-test:
	@$(BOOTSTRAP) --extras test

assets:
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	npm run build

run: install
	@$(BIN)/python scripts/serve.py

test: install-test
	@$(BIN)/python scripts/run_tests.py

bench: install
	@$(BIN)/python bench/run.py

lint: install-test
	$(BIN)/ruff check kancelaria tests scripts bench

messages: install
	cd kancelaria && ../$(BIN)/kancelaria makemessages -l bg -l en -l pl -l uk --ignore "static/dist/*" --no-obsolete
	cd kancelaria && ../$(BIN)/kancelaria compilemessages

clean:
	rm -rf var/test-results .pytest_cache .ruff_cache
