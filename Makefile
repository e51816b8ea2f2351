# jobfit: `make demo` and `make test` set everything up on a fresh machine and run.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export PIP_DISABLE_PIP_VERSION_CHECK := 1

DEMO_DIR := runs/demo
SEED_MODEL := models/seed

.PHONY: install demo model test test-fast check bench clean serve browser

$(PY):
	$(PYTHON) -m venv $(VENV)

# torch first, CPU build pinned: an unpinned torch pulls a CUDA build of several GB.
$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e ".[dev,ray]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m jobfit.demo --data $(DEMO_DIR) --model $(SEED_MODEL)

# the default recipe (O*NET hard-negative triplets + seed pairs): about 12-25 minutes on 2 CPU cores (578-1,432 s of training measured, by CPU)
model: $(STAMP)
	$(PY) -m jobfit.cli -v train --recipe default --out models/default

# Debian's Chromium, which the web page's end-to-end tests drive (installed once; needs root)
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && { apt-get install -y -q chromium >/dev/null \
	  || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; }; } \
	  || echo "warning: chromium is not installed and could not be (run as root: apt-get install chromium); the browser tests will be skipped" >&2

test: $(STAMP) browser
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow"

check: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) benchmarks/encode_speed.py
	$(PY) benchmarks/dev_ranking.py --first-line

# the API and the web page on http://127.0.0.1:8000/ (an empty store gets generated examples)
SERVE_INDEX ?= runs/serve-index
serve: $(STAMP)
	$(PY) -m jobfit.cli serve --index $(SERVE_INDEX) --examples $(SERVE_ARGS)

clean:
	rm -rf $(DEMO_DIR) $(SEED_MODEL) .pytest_cache .mypy_cache .ruff_cache
