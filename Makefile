# Two commands do all the set-up on a fresh machine with Python 3.11+ and make:
#   make lab    create .venv if needed, install, open JupyterLab on the start notebook
#   make test   create .venv if needed, install, run every test (lint, unit, notebooks, browser)
# Other targets: make app, make test-fast, make lint, make format, make notebooks, make html,
# make bench,
# make clean.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Extra flags for JupyterLab, e.g. make lab LAB_FLAGS="--no-browser --port 8899"
LAB_FLAGS ?=
# Extra flags for the app, e.g. make app APP_FLAGS="--no-browser --port 8877"
APP_FLAGS ?=
# Extra flags for pytest, e.g. make test PYTEST_FLAGS="-k grading"
PYTEST_FLAGS ?=
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
# JupyterLab refuses to run as root (containers, CI) unless told to.
LAB_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

.PHONY: lab app test test-fast lint format notebooks html bench install clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstalled whenever pyproject.toml changes.
$(VENV)/.installed-runtime: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(VENV)/.installed-runtime $@

install: $(VENV)/.installed-test

lab: $(VENV)/.installed-runtime
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(LAB_ROOT) $(LAB_FLAGS) notebooks/00_start_here.ipynb

# The resident app: the notebooks served by Voila on 127.0.0.1 with a token, code hidden, a start
# page with the learner id box, pre-heated kernels (casebook/app/, docs/deploy.md).
app: $(VENV)/.installed-runtime
	$(PY) -m casebook.app notebooks $(APP_FLAGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# configurable-http-proxy (npm) for the JupyterHub test (tests/browser/test_hub.py), installed
# into the venv's own folder; skipped with a note where npm is missing (.ci/run installs it).
CHP := $(VENV)/node/node_modules/.bin/configurable-http-proxy
$(CHP): | $(PY)
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --prefix $(VENV)/node --no-audit --no-fund --loglevel=error configurable-http-proxy@4; \
	else echo "npm not found: the JupyterHub test will be skipped (CI installs node and npm)"; fi

# Unit tests, strict nbval on every notebook, and the real-browser tests (with the JupyterHub
# test, marker "hub"), in one pytest run.
test: lint | $(CHP)
	$(PY) -m pytest $(PYTEST_FLAGS) tests $(NOTEBOOKS) --nbval --nbval-current-env --nbval-sanitize-with tests/nbval-sanitize.cfg

# The edit loop (under a minute): lint and the unit tests, without the tests marked slow
# (hardening, subprocesses, wheels, servers), the browser tests or the notebooks.
test-fast: lint
	$(PY) -m pytest -q -p no:cacheprovider -m "not slow and not browser" $(PYTEST_FLAGS) tests

# Re-execute every notebook in place (deterministic outputs, no widget state, no timing).
notebooks: $(VENV)/.installed-test
	$(PY) tools/execute_notebooks.py $(NOTEBOOKS)

# The notebooks as static HTML with plots visible, for an LMS or reading without a kernel.
html: $(VENV)/.installed-test
	$(PY) tools/export_html.py --output build/html $(NOTEBOOKS)

bench: $(VENV)/.installed-test
	$(PY) benchmarks/run.py --output build/bench.json

clean:
	rm -rf build dist .pytest_cache .ruff_cache .hypothesis
