# Two commands set everything up from a fresh clone: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export QT_LOGGING_RULES ?= qt.multimedia.*=false

.PHONY: run test lint typecheck pytest faults mutation bench bench-peers screenshots icons clean

run: $(VENV)/.installed
	$(BIN)/stretchcoach

test: $(VENV)/.installed-test lint typecheck pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

pytest: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# The whole fault suite: its fast core (in `test`) and the cases that start the window, about a minute.
faults: $(VENV)/.installed-test
	STRETCHCOACH_FAULTS=all QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/faults

# Not part of `test`: about 45 minutes from scratch on 2 cores; later runs re-test what changed and the live mutants.
mutation: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/mutmut run
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/mutation_score.py

# Every script in bench/, its tables written to docs/benchmarks.md (bench/window_costs.py needs xvfb
# and openbox). bench/intelligibility.py is left out: it needs the `intelligibility` extra and
# about a quarter of an hour.
bench: $(VENV)/.installed-test
	$(BIN)/python -m bench._run_all

# StretchCoach idle beside Workrave and Safe Eyes under Xvfb: RSS, PSS and CPU side by side.
# Not in `make bench`: needs apt-get install xvfb openbox dbus workrave safeeyes.
bench-peers: $(VENV)/.installed-test
	$(BIN)/python bench/peers.py

# Under Xvfb with a window manager when both are installed (apt-get install xvfb openbox), as a
# desktop draws the window; offscreen otherwise.
screenshots: $(VENV)/.installed-test
	if command -v xvfb-run >/dev/null && command -v openbox >/dev/null; then \
		xvfb-run -a -s "-screen 0 1920x1200x24" sh -c 'openbox & sleep 1; $(BIN)/python scripts/screenshots.py docs'; \
	else \
		QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py docs; \
	fi

icons: $(VENV)/.installed
	$(BIN)/python scripts/render_icons.py

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "StretchCoach needs Python 3.11 or newer; found $$($(PYTHON) --version). Set PYTHON=/path/to/python3.11."; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "Could not create $(VENV): on Debian/Ubuntu install python3-venv (as root: apt-get install python3-venv), then run make again."; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache .hypothesis
