# Kindred: `make run` to try it, `make test` to check it. Everything installs itself into .venv.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) backend/manage.py
PORT ?= 8000
STAMP := $(VENV)/.installed

NODE_STAMP := node_modules/.installed

.PHONY: run install migrate demo test test-fast test-e2e screenshots lint typecheck schema schema-check bench \
        bench-docs bench-http prodcheck loadtest lighthouse lock clean node-tools schema-lint clients messages

$(STAMP): requirements/base.in requirements/dev.in requirements/lock.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check --upgrade pip
	$(PIP) install --quiet --disable-pip-version-check -r requirements/dev.in -c requirements/lock.txt
	@touch $(STAMP)

# The server's message catalogs (backend/locale/<lang>/LC_MESSAGES/django.po, committed) compiled to the .mo
# files Django reads (not committed), by Babel's compiler: no GNU gettext needed. Again whenever a .po changes.
LOCALE_PO := $(wildcard backend/locale/*/LC_MESSAGES/django.po)
MESSAGES_STAMP := backend/locale/.compiled
$(MESSAGES_STAMP): $(STAMP) $(LOCALE_PO)
	$(VENV)/bin/pybabel --quiet compile --domain django --directory backend/locale --statistics
	@touch $(MESSAGES_STAMP)

install: $(STAMP) $(MESSAGES_STAMP)

# Refresh the catalogs from the code (every gettext string in backend/): new strings arrive untranslated, gone ones
# leave (docs/translating.md). Needs GNU gettext: installed here when running as root with apt-get.
# The catalogs `make messages` refreshes: Spanish, French, Arabic and any other language with a folder in backend/locale
# (a new language's first catalog: make messages MESSAGE_LANGUAGES=<code>).
MESSAGE_LANGUAGES ?= $(sort es fr ar $(notdir $(wildcard backend/locale/*)))
messages: install
	@command -v xgettext >/dev/null || { test "$$(id -u)" = 0 && command -v apt-get >/dev/null && \
	  echo "installing gettext (apt-get install -y gettext)" && apt-get install -y -q gettext >/dev/null; } || true
	@command -v xgettext >/dev/null || { echo "make messages: GNU gettext is needed (Debian: apt-get install gettext)"; exit 1; }
	cd backend && DJANGO_SETTINGS_MODULE=config.settings.test ../$(PY) manage.py makemessages \
	  $(foreach language,$(MESSAGE_LANGUAGES),-l $(language)) --no-obsolete --add-location file

# The Node tools (Lighthouse, Spectral, Redocly, openapi-typescript, TypeScript), exactly as
# package-lock.json pins them; needs Node and npm, nothing else.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $(NODE_STAMP)

node-tools: $(NODE_STAMP)

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) seed_demo

# The web server and the task worker (which sends the email) together; one Ctrl-C stops both.
# Mail is printed in this terminal unless EMAIL_BACKEND / EMAIL_FILE_PATH / EMAIL_HOST say otherwise.
run: demo
	@echo "Serving Kindred at http://127.0.0.1:$(PORT)/ (API: /api/v1/, docs: /api/v1/docs/)"
	SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" $(PY) scripts/run.py --port $(PORT)

# The whole suite: unit, API, permission matrix, schema, fuzzing and (when Chromium is found) e2e.
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -m "not slow and not e2e" $(PYTEST_ARGS)

# The browser tests alone (Debian's Chromium at /usr/bin/chromium; they skip, saying so, without it).
test-e2e: install
	$(PY) -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

# The browser tests write screenshots to var/screenshots/; this refreshes the committed docs/screenshots/.
screenshots: install
	$(PY) -m pytest -m e2e tests/e2e/test_accessibility.py -k every_screen $(PYTEST_ARGS)
	mkdir -p docs/screenshots && cp var/screenshots/*.png docs/screenshots/

# Lighthouse scores (mobile) for the PWA and its gzipped JS+CSS weight; npm tools from package-lock.json.
lighthouse: install $(NODE_STAMP)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) tests/e2e/lighthouse.py

# ruff; the import contracts in pyproject.toml (apps depend one way, only views/urls/schema use kindred.api);
# and no model change without its migration.
lint: install
	$(VENV)/bin/ruff check backend tests
	PYTHONPATH=backend $(VENV)/bin/lint-imports --no-cache pyproject.toml
	$(MANAGE) makemigrations --check --dry-run

typecheck: install
	$(VENV)/bin/mypy backend

schema: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) spectacular --validate --fail-on-warn --file docs/openapi.yaml

# docs/openapi.yaml as integrators' tools read it: Spectral (spectral:oas and the OWASP API ruleset) and
# Redocly's recommended rules; scripts/schema_lint.py says what passes (reports in var/schema-lint/).
schema-lint: install $(NODE_STAMP)
	$(PY) scripts/schema_lint.py

# A Python client (openapi-python-client) and TypeScript types (openapi-typescript) generated from the
# committed docs/openapi.yaml into $(CLIENTS_DIR) (python/kindred_client, typescript/kindred-api.d.ts).
CLIENTS_DIR ?= var/clients
clients: install $(NODE_STAMP)
	rm -rf $(CLIENTS_DIR)/python && mkdir -p $(CLIENTS_DIR)/python $(CLIENTS_DIR)/typescript
	cd $(CLIENTS_DIR)/python && PATH="$(CURDIR)/$(VENV)/bin:$$PATH" "$(CURDIR)/$(VENV)/bin/openapi-python-client" \
	  generate --path "$(CURDIR)/docs/openapi.yaml" --meta none --output-path kindred_client
	node_modules/.bin/openapi-typescript docs/openapi.yaml --default-non-nullable false \
	  --output $(CLIENTS_DIR)/typescript/kindred-api.d.ts

schema-check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) spectacular --validate --fail-on-warn --file var/openapi.check.yaml
	diff -u docs/openapi.yaml var/openapi.check.yaml && echo "docs/openapi.yaml is up to date"

# Benchmark against plain-Django baselines. SQLite and `small` by default; full scale on PostgreSQL:
# make bench SIZE=full DATABASE_URL=postgres://postgres@127.0.0.1:5432/kindred_bench
# Prints the table and writes var/bench/<database>-<size>.md; `make bench-docs` (or WRITE_DOCS=1) also
# replaces that section of the committed docs/performance.md.
SIZE ?= small
bench: install
	$(PY) bench/run.py --size $(SIZE) $(if $(WRITE_DOCS),--write-docs) $(BENCH_ARGS)

bench-docs: install
	$(PY) bench/run.py --size $(SIZE) --write-docs $(BENCH_ARGS)

# Over HTTP: gunicorn with the production settings and config/gunicorn.conf.py on 127.0.0.1:$(BENCH_HTTP_PORT)
# driven by wrk, each endpoint as a ratio to /healthz and to a stock DRF list (bench/over_http.py). Same SIZE and
# DATABASE_URL as `make bench`; BENCH_REDIS_URL=redis://... puts the throttle counters in Redis as production does.
# wrk is a Debian package: installed here when running as root with apt-get, otherwise skipped, saying so.
BENCH_HTTP_PORT ?= 8150
bench-http: install
	@command -v wrk >/dev/null || { test "$$(id -u)" = 0 && command -v apt-get >/dev/null && \
	  echo "installing wrk (apt-get install -y wrk)" && apt-get install -y -q wrk >/dev/null; } || true
	@if command -v wrk >/dev/null; then \
	  $(PY) bench/over_http.py --size $(SIZE) --port $(BENCH_HTTP_PORT) $(BENCH_HTTP_ARGS); \
	else echo "make bench-http: skipped: wrk is not installed and could not be (Debian: apt-get install wrk)"; fi

# The production stack run natively (PostgreSQL, Redis, gunicorn, task worker) and smoke-tested.
prodcheck: install
	$(PY) scripts/prodcheck.py

# Mixed browse/join/RSVP traffic from locust against gunicorn on 127.0.0.1 for LOAD_SECONDS (60);
# prints one line (requests, p50/p99, errors), fails on any error; writes only under var/loadtest/. PostgreSQL: make loadtest LOAD_DATABASE_URL=postgres://...
loadtest: install
	$(PY) loadtest/run.py

lock:
	rm -rf var/lockvenv && $(PYTHON) -m venv var/lockvenv
	var/lockvenv/bin/pip install --quiet -r requirements/dev.in
	(echo "# Pinned versions of every dependency (pip freeze of requirements/dev.in). Regenerate with 'make lock'."; \
	  var/lockvenv/bin/pip freeze | grep -v '^pip==') > requirements/lock.txt

clean:
	rm -rf $(VENV) var
