# Wizamart — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
FLASK   = $(BIN)/flask --app wsgi
VENDOR  = wizamart/static/vendor

.PHONY: install install-dev assets demo serve test lint format bench clean \
        translations-extract translations-update translations-compile translations-check

# Compiled catalogs (*.mo) are not committed: installing compiles them, so a fresh clone
# serves translated pages.
install: $(BIN)/.installed assets
	$(FLASK) translations compile

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

install-dev: $(BIN)/.installed-dev assets

$(BIN)/.installed-dev: $(BIN)/.installed pyproject.toml
	$(BIN)/python -m pip install -q -e '.[dev,deploy]'
	touch $@

# Front-end assets come from the npm registry (package.json) and are copied, not committed.
assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund --silent
	mkdir -p $(VENDOR)/htmx $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons $(VENDOR)/trix $(VENDOR)/sortablejs
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	cp node_modules/trix/dist/trix.umd.min.js node_modules/trix/dist/trix.css $(VENDOR)/trix/
	cp node_modules/sortablejs/Sortable.min.js $(VENDOR)/sortablejs/
	touch $@

# Gettext catalogs of the framework (translations/) and of every module
# (modules/<m>/translations/); see docs/i18n.md.
translations-extract:
	$(FLASK) translations extract

translations-update:
	$(FLASK) translations update

translations-compile:
	$(FLASK) translations compile

translations-check:
	$(FLASK) translations check

demo: install
	$(FLASK) db upgrade
	$(FLASK) demo seed
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	WIZAMART_PUBLIC_SCHEME=http WIZAMART_PUBLIC_PORT=$(PORT) $(FLASK) run --host $(HOST) --port $(PORT)

test: install-dev
	$(BIN)/python -m pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/requests.py
	$(BIN)/python bench/overhead.py
	$(BIN)/python bench/statements.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache
