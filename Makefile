# CAS — Comunidades de Aprendizaje. `make run` to try it, `make test` to test it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Parallel test workers: one per core unless told otherwise.
TEST_WORKERS ?= auto
# Mutants tested at once by `make mutants`.
MUTANT_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run test lint format bench mutants messages check-deploy clean backup restore css

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# axe-core, which the browser tests run in Chromium, and PurgeCSS, which trims
# Bootstrap's stylesheet (npm; nothing of node_modules is served to users).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Bootstrap's stylesheet cut down to what the templates use (cas_project/stylesheet.py),
# built again whenever a template, our Python or a package changes.
TRIMMED_CSS := build/static/css/bootstrap.trimmed.min.css
CSS_SOURCES := $(shell find templates communities diagnostics workshops cas_project -name '*.html' -o -name '*.py' 2>/dev/null)
$(TRIMMED_CSS): $(VENV)/.runtime node_modules/.installed $(CSS_SOURCES)
	$(PY) -m cas_project.stylesheet

## css: build Bootstrap's stylesheet trimmed to the classes the templates use (make run and make test do it)
css: $(TRIMMED_CSS)

## run: install, migrate, load the demo data, then serve web + worker + beat on 127.0.0.1:$(PORT)
run: $(VENV)/.runtime $(TRIMMED_CSS)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py install_schedules
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py seed_demo
	$(PY) -m cas_project.runstack --port $(PORT)

## test: the whole suite, in parallel
test: $(VENV)/.dev node_modules/.installed $(TRIMMED_CSS)
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS)

## lint: ruff (lint rules and formatting)
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## mutants: break communities/access.py and the services one small change at a time; list what no test notices
##          (MUTANTS="communities.access*" for the rule book alone: about 50 min on 2 cores; all: about 4 h)
mutants: $(VENV)/.dev
	@# mutmut keeps results between runs but not the files it copies beside the
	@# code (templates, the satellites, the tests): start clean so none is stale.
	rm -rf mutants
	$(PY) -m tests.mutants run --max-children $(MUTANT_WORKERS) $(MUTANTS)
	$(PY) -m tests.mutants export-cicd-stats
	$(PY) -m tests.mutants results

## messages: refresh the Spanish catalogue after changing strings (needs GNU gettext)
messages: $(VENV)/.dev
	$(PY) manage.py makemessages --locale es_MX --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'mutants/*' --ignore 'node_modules/*'
	$(PY) manage.py compilemessages --locale es_MX --ignore '.venv/*' --ignore 'mutants/*' --ignore 'node_modules/*'

## backup: the database (pg_dump, or SQLite's online copy), the uploads and a manifest, into BACKUP_DIR (var/backups);
##         keeps the newest of each of the last BACKUP_KEEP_DAYS days (7) and BACKUP_KEEP_WEEKS weeks (4)
backup: $(VENV)/.runtime
	$(PY) -m cas_project.backup create

## restore: BACKUP=<folder of a backup> — checks its manifest, then replaces the database and the uploads
restore: $(VENV)/.runtime
	@if [ -z "$(BACKUP)" ]; then echo "make restore needs the backup to restore: make restore BACKUP=var/backups/cas-… (nothing was changed)" >&2; exit 2; fi
	$(PY) -m cas_project.backup restore "$(BACKUP)"

## bench: issue 14's figures in one run (queries and times of the main pages at two dataset sizes, gunicorn+wrk,
##        background work, page weight, Lighthouse) into bench/results.json; BENCH_QUICK=1 to try, BENCH_LIGHTHOUSE=0
bench: $(VENV)/.dev node_modules/.installed $(TRIMMED_CSS)
	$(PY) -m bench

## check-deploy: Django's deployment checklist with production-like settings
check-deploy: $(VENV)/.runtime $(TRIMMED_CSS)
	DEBUG=0 SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') ALLOWED_HOSTS=cas.example.org \
		$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) build var/celery var/db.sqlite3* var/celerybeat-schedule* .pytest_cache .ruff_cache mutants node_modules
