# Case desk: `make run` serves the app on its embedded default, `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format messages clean bench backup restore audit annotations api-schema

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
	@# SERVED_AT: links in the e-mails they send point at this server (unless SITE_URL is set).
	@export SERVED_AT=$(HOST):$(PORT); \
	$(BIN)/python manage.py run_scheduler & SCHEDULER=$$!; \
	trap 'kill $$SCHEDULER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Static checks first (fast, and they name the file to fix), then the tests. Each step
# stops the run when it fails. The tests run on every core (pytest-xdist; each worker
# has a test database of its own, and the tests on the shared Redis database take turns
# through a lock, tests/integration/conftest.py). PYTEST_ARGS replaces that, e.g. PYTEST_ARGS="-n 0
# tests/org" for one folder in this process; on PostgreSQL, adding --reuse-db keeps the
# test databases between runs (SQLite's are in memory; CI's cluster is new each time).
PYTEST_ARGS ?= $(PYTEST_PARALLEL)
PYTEST_PARALLEL := -n auto
test: install lint
	$(MAKE) --no-print-directory audit
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy
	$(BIN)/lint-imports

# Annotated vs all function arguments and return types over the application code.
annotations:
	$(BIN)/python tests/tooling/annotation_count.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The REST API's OpenAPI schema, committed at docs/api/openapi.yaml (tests/api/test_schema.py
# fails when it is stale): regenerate it after changing the API.
api-schema: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py spectacular --lang en --validate --fail-on-warn --file docs/api/openapi.yaml

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

# Backup and restore (PostgreSQL only): the database in pg_dump's custom format and a
# tar of MEDIA_ROOT, in backups/casedesk-<UTC time>/. Both read the database and the
# media folder from the Django settings (DATABASE_URL, MEDIA_ROOT, .env).
PG_BIN ?= /usr/lib/postgresql/15/bin
BACKUP_DIR ?= backups
# Shell assignments for the database the settings point at (PG* variables, which
# pg_dump and pg_restore read), its engine and the media folder.
DATABASE_ENV = $(BIN)/python manage.py shell --no-imports -c "from shlex import quote; from django.conf import settings as s; d = s.DATABASES['default']; \
pg = {'PGDATABASE': d['NAME'], 'PGHOST': d['HOST'], 'PGPORT': d['PORT'], 'PGUSER': d['USER'], 'PGPASSWORD': d['PASSWORD']}; \
print('; '.join([f'ENGINE={quote(d[\"ENGINE\"])}', f'MEDIA={quote(str(s.MEDIA_ROOT))}'] + [f'export {k}={quote(str(v))}' for k, v in pg.items() if v]))"
NOT_POSTGRES = echo "$@: the database is $$ENGINE, not PostgreSQL. With SQLite (the embedded default), stop the app and copy db.sqlite3 and media/ instead." >&2; exit 2

backup:
	@set -eu; eval "$$($(DATABASE_ENV))"; \
	case "$$ENGINE" in *postgresql*) ;; *) $(NOT_POSTGRES);; esac; \
	target="$(BACKUP_DIR)/casedesk-$$(date -u +%Y%m%dT%H%M%SZ)"; mkdir -p "$$target"; \
	"$(PG_BIN)/pg_dump" --format=custom --no-owner --file="$$target/database.dump"; \
	mkdir -p "$$MEDIA"; tar -czf "$$target/media.tar.gz" -C "$$MEDIA" .; \
	echo "Backup written to $$target (database.dump, media.tar.gz)"

# make restore BACKUP=backups/casedesk-…: replaces the database's contents and unpacks
# the media files over MEDIA_ROOT. Stop web, worker and beat first.
restore:
	@set -eu; test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=$(BACKUP_DIR)/casedesk-…" >&2; exit 2; }; \
	test -f "$(BACKUP)/database.dump" -a -f "$(BACKUP)/media.tar.gz" || { echo "$@: $(BACKUP) holds no database.dump and media.tar.gz" >&2; exit 2; }; \
	eval "$$($(DATABASE_ENV))"; \
	case "$$ENGINE" in *postgresql*) ;; *) $(NOT_POSTGRES);; esac; \
	"$(PG_BIN)/pg_restore" --clean --if-exists --no-owner --exit-on-error --single-transaction --dbname="$$PGDATABASE" "$(BACKUP)/database.dump"; \
	mkdir -p "$$MEDIA"; tar -xzf "$(BACKUP)/media.tar.gz" -C "$$MEDIA"; \
	echo "Restored $(BACKUP) into database $$PGDATABASE and $$MEDIA"

# Static security checks (bandit, configured in pyproject.toml) and installed
# dependencies that contradict each other (pip check). pip-audit needs a vulnerability
# database these machines cannot reach: see the README.
audit: install
	$(BIN)/bandit -c pyproject.toml -r . --quiet
	$(BIN)/pip check
