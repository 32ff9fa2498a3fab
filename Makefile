# Two commands for a fresh clone: `make run` and `make test`. Both honour DATABASE_URL.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test migrate demo lint messages clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Tổ CNSCĐ: http://$(HOST):$(PORT)/  (demo users in README.md, password Demo@2026)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-test
	$(PY) -m pytest

lint: install-test
	$(VENV)/bin/ruff check backend tests bench

messages:
	for app in backend/*/locale; do (cd $$(dirname $$app) && ../../$(VENV)/bin/django-admin compilemessages); done

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
