# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test venv bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/peelkit extract
	$(BIN)/peelkit totals --check -f table
	$(BIN)/peelkit compare --force Leicestershire -f table

# every core (pytest-xdist; tests/conftest.py says how tests share work across its workers), and the ten
# slowest tests listed at the end
test: $(STAMP)
	@$(BIN)/python -m pytest -q -n auto --durations=10; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: no tests collected"; exit 0; fi; exit $$rc

bench: $(STAMP)
	$(BIN)/python scripts/bench_extract.py
	$(BIN)/python scripts/bench_cli.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
