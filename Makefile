# The few targets a newcomer needs. `make run` and `make test` do all set-up themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Reinstall whenever pyproject.toml changes.
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install run test lint format bench messages clean synapse chromium feeds

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "tiltak needs Python 3.11 or newer ($(PYTHON) is older)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: install
	$(BIN)/tiltak run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Synapse (for the Matrix tests and bench) in a venv of its own: its dependencies stay apart.
synapse:
	PYTHON=$(PYTHON) tests/matrix/ensure_synapse.sh

# Debian's headless Chromium for the browser tests, installed where it is missing.
chromium:
	tests/browser/ensure_chromium.sh

# ical.js from npm (into tests/feeds/node_modules) to read the calendar feeds as Thunderbird does.
feeds:
	tests/feeds/ensure_icaljs.sh

# The checks and the three installers do not depend on one another: they run side by side (a clean
# clone spends most of its set-up in pip, npm and mypy, each waiting on something else). The tests
# then run in two pytest-xdist workers: much of the suite waits on Synapse, Chromium, PostgreSQL
# and subprocesses, so the second worker uses the time the first spends waiting.
test: install
	$(MAKE) --no-print-directory -j4 lint synapse chromium feeds
	$(BIN)/pytest -n 2

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python bench/run_all.py

# Collect new message ids into the Norwegian catalog (then translate the empty entries).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k t -k translate -k _ --no-location --sort-output --no-wrap \
		-o tracker/locale/messages.pot tracker chatops adapters worker
	$(BIN)/pybabel update --no-fuzzy-matching --no-wrap -i tracker/locale/messages.pot \
		-d tracker/locale -l nb

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
