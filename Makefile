# Two commands: `make run` and `make test`. Everything else is set up on demand.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := demo-data

.PHONY: run test check bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.stamp-run: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@ $(VENV)/.stamp-run

run: $(VENV)/.stamp-run
	@$(BIN)/cigkit --data $(DEMO) demo --if-stale
	$(BIN)/cigkit --data $(DEMO)

check: $(VENV)/.stamp-test
	$(BIN)/ruff check cigkit tests bench
	@# the three platforms at once (each waits on its own files; any failure fails check)
	$(BIN)/mypy & linux=$$!; \
	$(BIN)/mypy --platform win32 --cache-dir .mypy_cache/win32 & win=$$!; \
	$(BIN)/mypy --platform darwin --cache-dir .mypy_cache/darwin & mac=$$!; \
	ok=0; for job in $$linux $$win $$mac; do wait $$job || ok=1; done; exit $$ok
	$(BIN)/lint-imports

test: check
	$(BIN)/pytest

bench: $(VENV)/.stamp-run
	$(BIN)/python bench/store.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/typing_speed.py
	$(BIN)/python bench/dump.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) $(DEMO)
