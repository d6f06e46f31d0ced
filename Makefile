# Two commands for a newcomer: `make run` and `make test`. Everything they need is installed from here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install static migrate seed lint format messages check-migrations worker beat clean

run: install static migrate seed ## fresh machine -> demo server on http://127.0.0.1:8000 (SQLite, eager Celery)
	@echo ""
	@echo "Café IA Formation: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install static ## the whole suite (integration and browser tests skip with a reason when their service is missing)
	$(PY) -m pytest $(PYTEST_ARGS)

install: $(STAMP) node_modules/.package-lock.json

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci

static: install
	npm run --silent build
	$(PY) manage.py collectstatic --noinput --verbosity 0

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install ## refresh the French catalogue after changing UI strings, then translate locale/fr
	$(PY) manage.py makemessages -l fr --no-obsolete --no-location --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages -l fr --ignore=.venv

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

worker: install ## production-like worker (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A config worker -Q default,documents,xapi-forward --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A config beat --loglevel=INFO

clean:
	rm -rf $(VENV) node_modules staticfiles static/vendor .test-media db.sqlite3*
