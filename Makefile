# Participa — the two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_ENV := DEBUG=1 PUBLIC_PORT=$(PORT)
TEST_ENV := SECRET_KEY=test-only-not-secret DEBUG=0
# Optional dependency groups installed into the venv; CI adds `oracle` (pabutools, for the
# tests marked `oracle`): make install EXTRAS=dev,oracle
EXTRAS ?= dev
comma := ,
INSTALLED := $(VENV)/.installed$(if $(filter-out dev,$(EXTRAS)),-$(subst $(comma),-,$(EXTRAS)))

.PHONY: demo test install lint layers types unit browser messages bench clean

$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[$(EXTRAS)]'
	touch $@

install: $(INSTALLED)

demo: install  ## Run the demo city on SQLite at http://127.0.0.1:$(PORT) (make demo PORT=8080)
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py seed_demo --port $(PORT)
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .

layers: install  ## Check the import layers and that there are no cycles (pyproject.toml)
	$(TEST_ENV) $(VENV)/bin/lint-imports

types: install
	$(TEST_ENV) $(VENV)/bin/mypy participa tests conftest.py

unit: install
	$(TEST_ENV) $(VENV)/bin/pytest -m "not browser"

browser: install
	$(TEST_ENV) $(VENV)/bin/pytest -m browser

test: lint layers types  ## Lint, type-check and run every test (SQLite, or PostgreSQL via DATABASE_URL)
	$(TEST_ENV) $(VENV)/bin/pytest

messages: install  ## Extract and compile translations (needs GNU gettext)
	DEBUG=1 $(PY) manage.py makemessages -l ro -l pl --no-obsolete --no-location \
		--ignore '.venv/*' --ignore 'participa/lib/*' --ignore 'tests/*' --ignore 'bench/*'
	DEBUG=1 $(PY) manage.py compilemessages --ignore '.venv/*'

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts
