# Gongkai: `make run` serves the portal with demo data; `make test` runs the whole suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test bench test-sqlite test-postgres lint format check-migrations browser-deps openapi-snapshot clean prod-smoke

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@sh scripts/ensure-venv.sh "$(PY)" "$(VENV)"
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

run: $(BIN)/.installed
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py rebuild_search_index
	@sh scripts/serve-dev.sh "$(BIN)" "$(HOST)" "$(PORT)"

test: $(BIN)/.installed browser-deps lint check-migrations test-sqlite test-postgres

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: $(BIN)/.installed
	DJANGO_SETTINGS_MODULE=gongkai.settings.test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=gongkai.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

browser-deps:
	@sh scripts/ensure-chromium.sh

test-sqlite: $(BIN)/.installed
	@echo "== 测试：SQLite =="
	DATABASE_URL= $(BIN)/pytest

test-postgres: $(BIN)/.installed
	@if $(BIN)/python scripts/pg_available.py "$(TEST_POSTGRES_URL)"; then \
		echo "== 测试：PostgreSQL =="; \
		DATABASE_URL="$(TEST_POSTGRES_URL)" $(BIN)/pytest; \
	else \
		echo "PostgreSQL 不可达（$(TEST_POSTGRES_URL)），跳过第二轮测试。"; \
	fi

# Measurements with ratios against references taken in the same run (scripts/bench.sh).
bench: $(BIN)/.installed
	@sh scripts/bench.sh "$(BIN)"

openapi-snapshot: $(BIN)/.installed
	DJANGO_SETTINGS_MODULE=gongkai.settings.test $(BIN)/python manage.py openapi_snapshot

# The production recipe (docs/deployment.md) on this machine: PostgreSQL, Redis, two gunicorns, nginx.
prod-smoke: $(BIN)/.installed
	@bash scripts/prod-smoke.sh

clean:
	rm -rf $(VENV) var
