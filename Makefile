# Two commands do everything on a fresh Debian/Ubuntu machine:
#   make demo   – set up, then build the sample project into output/, and the committee report
#                 of a generated county of 400 cases into output/beispielkreis/
#   make test   – set up, then lint, type-check and run the whole test suite
#   make test-fast – the tests that render nothing, in under a minute (while working)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

AXE    := .cache/axe/node_modules/axe-core/axe.min.js

.PHONY: demo test test-all test-fast lint typecheck pytest golden benchmark benchmark-leichte-sprache clean system-run system-test

demo: system-run $(VENV)/.installed
	$(BIN)/kimdocs build
	$(BIN)/kimdocs wege --ausgabe wege.txt
	$(BIN)/kimdocs wege --format csv --ausgabe wege.csv
	$(BIN)/python tools/make_sample_county.py build/beispielkreis
	cd build/beispielkreis && $(abspath $(BIN))/kimdocs build content/berichte
	mkdir -p output/beispielkreis
	cp build/beispielkreis/output/berichte/* output/beispielkreis/

# The wall time of the whole run is printed at its end.
test:
	@start=$$(date +%s); $(MAKE) --no-print-directory test-all; status=$$?; \
	echo "make test: $$(( $$(date +%s) - start )) s"; exit $$status

test-all: system-test $(VENV)/.installed $(AXE) lint typecheck pytest

# The tests that render nothing (no PDF, no LibreOffice, no browser, no build of the whole
# sample project): pytest -m "not slow". The marker is declared in pyproject.toml.
test-fast: $(VENV)/.installed
	$(BIN)/pytest -m "not slow" -q -n auto --dist loadfile

lint: $(VENV)/.installed
	$(BIN)/ruff check kimdocs tests tools benchmarks
	$(BIN)/ruff format --check kimdocs tests tools benchmarks
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.installed
	$(BIN)/mypy

# The test files run in parallel, one process per core (pytest-xdist); a file stays in one
# process, so that what its tests share is made once. The slowest 15 tests are listed.
pytest: $(VENV)/.installed
	$(BIN)/pytest -n auto --dist loadfile --no-loadscope-reorder --durations=15

# Regenerate the golden files after an intended change of the output; review the diff.
golden: $(VENV)/.installed
	$(BIN)/pytest tests/test_golden.py --update-golden

benchmark: system-run $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/anchors.py
	$(BIN)/python benchmarks/stages.py
	$(BIN)/python benchmarks/format_costs.py
	$(BIN)/python benchmarks/read_phase.py
	$(BIN)/python benchmarks/linear_text.py

benchmark-leichte-sprache: $(VENV)/.installed
	$(BIN)/python benchmarks/leichte_sprache.py

system-run:
	@tools/system-packages.sh run

system-test:
	@tools/system-packages.sh test

# axe-core checks the accessibility of the preview and the flyers in the browser tests.
$(AXE):
	npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@4

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

clean:
	rm -rf $(VENV) output/*/ .pytest_cache .mypy_cache .ruff_cache .cache *.egg-info
