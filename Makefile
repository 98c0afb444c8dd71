# fieldcase — `make run` starts the app, `make test` runs every check.
# Both set up everything they need on a fresh Debian machine.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest package package-check bench screenshots server system-deps system-deps-xvfb clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

system-deps:
	@bash scripts/ensure-system-deps.sh

system-deps-xvfb:
	@bash scripts/ensure-system-deps.sh --xvfb

run: system-deps $(STAMP)
	$(PY) -m fieldcase $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks packaging
	$(VENV)/bin/ruff format --check src tests benchmarks packaging

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

test: system-deps $(STAMP) lint typecheck pytest

package: system-deps $(STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
	    --distpath dist --workpath build/pyinstaller packaging/fieldcase.spec

# Builds the one-folder app and runs its self-test: catches a missing hidden import or data file.
package-check: package
	QT_QPA_PLATFORM=offscreen dist/fieldcase/fieldcase --selftest

# Real windows under Xvfb, saved as PNGs into docs/screenshots/.
screenshots: system-deps-xvfb $(STAMP)
	xvfb-run -a -s "-screen 0 1366x768x24" $(PY) scripts/screenshots.py docs/screenshots

# The relay server on 127.0.0.1 with SQLite storage (ARGS="--db relay.db --allow-new-teams").
server: $(STAMP)
	$(VENV)/bin/fieldcase-server --host 127.0.0.1 --port 8765 $(ARGS)

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
