# Two entry points: `make run` and `make test`. Both create the venv and set up the database.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: run test setup lint format translations clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

translations: $(VENV)/.installed
	$(BIN)/flask translate compile

setup: $(VENV)/.installed translations
	$(BIN)/flask lms init
	$(BIN)/flask db upgrade
	@# Exit status 3: imported, but files that would replace browser work were left alone.
	$(BIN)/flask lms sync-content || [ $$? -eq 3 ]

run: setup
	@echo "Serving on http://$(HOST):$(PORT)/ (first administrator: $(BIN)/flask --app wsgi lms create-admin EMAIL)"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: setup lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
