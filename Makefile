# SafePath. Two commands on a fresh machine with Python 3.11+ and make:
#   make demo   - run SafePath with demo data on SQLite (http://127.0.0.1:8000)
#   make test   - run the whole test suite (SQLite; or the database in DATABASE_URL)
PYTHON ?= python3
PORT ?= 8000
SMTP_PORT ?= 2525
UV_VERSION := 0.13.8
UV := .uv/bin/uv
VENV := .venv
SP := $(VENV)/bin/safepath
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1

.PHONY: demo test test-fast lint bench install messages serve schema clean help

help:
	@echo "make demo    run SafePath with demo data on SQLite, on http://127.0.0.1:$(PORT)"
	@echo "make test    run the whole test suite (set DATABASE_URL to run it on PostgreSQL)"
	@echo "make lint    ruff, mypy on the strict parts, missing migrations, translations"
	@echo "make bench   benchmarks, with figures"

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "SafePath needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv .uv
	.uv/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

install: $(VENV)/.installed

demo: install
	@mkdir -p var
	$(SP) keys init
	$(SP) migrate --noinput
	$(SP) demo load
	$(SP) demo logins
	@echo "SafePath is starting on http://127.0.0.1:$(PORT)/ (Ctrl+C stops it; the data stays in var/)."
	@echo "Mail to the intake addresses (e.g. hn-mrc@intake.safepath.local) is received on 127.0.0.1:$(SMTP_PORT)."
	@$(SP) db_worker --interval 1 --no-startup-delay --no-reload & worker=$$!; \
	$(SP) smtpd --port $(SMTP_PORT) & smtpd=$$!; \
	$(SP) alerts --every 300 >/dev/null & alerts=$$!; \
	trap 'kill $$worker $$smtpd $$alerts 2>/dev/null' EXIT INT TERM; \
	DJANGO_SETTINGS_MODULE=safepath.config.settings.base $(VENV)/bin/gunicorn safepath.config.wsgi:application \
		--config src/safepath/config/gunicorn.py --bind 127.0.0.1:$(PORT)

serve: install
	DJANGO_SETTINGS_MODULE=safepath.config.settings.base $(VENV)/bin/gunicorn safepath.config.wsgi:application \
		--config src/safepath/config/gunicorn.py --bind 127.0.0.1:$(PORT)

test: install
	@mkdir -p var/artifacts
	$(VENV)/bin/pytest

test-fast: install
	$(VENV)/bin/pytest -m "not browser"

lint: install
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/mypy
	DJANGO_SETTINGS_MODULE=safepath.config.settings.test $(SP) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=safepath.config.settings.test $(SP) spectacular --lang en --validate --fail-on-warn --file /dev/null

bench: install
	$(VENV)/bin/python -m benchmarks.run
	$(VENV)/bin/python -m benchmarks.jobcheck
	$(VENV)/bin/python -m benchmarks.portal
	$(VENV)/bin/python -m benchmarks.reports

messages: install
	cd src/safepath && ../../$(SP) makemessages -l vi -l en --no-obsolete --ignore "static/*"
	$(VENV)/bin/python tools/i18n_fill_en.py
	@msgattrib --untranslated --no-obsolete locale/vi/LC_MESSAGES/django.po | grep -c '^msgid' | \
		xargs -I{} echo "Vietnamese entries still to translate (incl. header): {}"
	cd src/safepath && ../../$(SP) compilemessages

schema: install
	DJANGO_SETTINGS_MODULE=safepath.config.settings.test $(SP) spectacular --lang en --file docs/openapi.yaml

clean:
	rm -rf $(VENV) .uv .pytest_cache .mypy_cache .ruff_cache
