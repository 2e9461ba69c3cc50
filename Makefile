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
	$(BIN)/python -m pytest
