# Two commands: `make run` and `make test`. Each sets everything up on a fresh Debian.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_PACKAGES := python3-venv python3-dev tesseract-ocr tesseract-ocr-fra poppler-utils qpdf \
	fonts-dejavu-core postgresql redis-server chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test setup system lint clean

run: setup
	@mkdir -p var/samples
	$(VENV)/bin/ingest samples generate var/samples --count 3 --seed 1
	$(VENV)/bin/ingest directory import samples/annuaire/*.csv
	@echo "admin token (Authorization: Bearer …):"
	@$(VENV)/bin/ingest users token admin --role admin
	$(VENV)/bin/ingest serve --host 127.0.0.1 --port 8000

test: setup lint
	$(PY) -m pytest -n 2 -q

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

setup: system $(STAMP)

# System packages: installed only when one is missing, so a set-up machine stays offline.
system:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
