# Case desk: `make run` serves the app on its embedded default, `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstalls only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Case desk: http://$(HOST):$(PORT)/  (sign in with one of the demo users above)"
	@# The periodic jobs (expiry warnings, escalation, e-mail) run in a process of their
	@# own beside the web server, ending with it.
	@$(BIN)/python manage.py run_scheduler & SCHEDULER=$$!; \
	trap 'kill $$SCHEDULER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the Ukrainian catalogue after changing user-facing strings, then compile it.
messages: install
	$(BIN)/python manage.py makemessages --locale uk --no-obsolete --ignore ".venv/*" --ignore "staticfiles/*"
	$(BIN)/python manage.py compilemessages --locale uk --ignore ".venv/*"

# Seed realistic data (once per database), serve with production settings, measure:
# a table on screen and bench/results/latest.json. SCALE=100k (default) or 1m; without
# DATABASE_URL a throwaway PostgreSQL 15 is started; SEED=0 never seeds.
SCALE ?= 100k
bench: install
	$(BIN)/python -m bench.run --scale $(SCALE)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
