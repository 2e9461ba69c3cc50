# Two entry points, both safe on a fresh machine with only Python 3.11+ and make:
#   make demo   set up, then check an example post with the default pack
#   make test   set up, then run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test bench

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/policy-check check "My line manager Dave at Tendring Council is a useless idiot" \
		--org rules/model-council/profiles/tendring.yaml

test: $(STAMP)
	sh tools/ensure-chromium.sh   # the browser tests drive Debian's chromium; nothing is downloaded by them
	$(BIN)/python -m pytest

# Benchmarks print figures; they are not tests. Baselines go in their own environment,
# never into the package's dependencies.
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: pyproject.toml bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e . -r bench/requirements.txt
	touch $@

bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python bench/accuracy.py
	$(BENCH_VENV)/bin/python bench/speed.py
