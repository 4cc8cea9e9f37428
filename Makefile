# The two commands a newcomer needs: `make site` and `make test`. Each sets up everything
# it needs itself, so they work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Browser tests drive Debian's Chromium (browsers that download themselves cannot work here);
# approval tests sign merges with real SSH keys (ssh-keygen, from openssh-client) and count
# the git processes a range costs with strace.
CHROMIUM := /usr/bin/chromium
SSH_KEYGEN := /usr/bin/ssh-keygen
STRACE := /usr/bin/strace

.PHONY: site serve test lint messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP) $@

$(CHROMIUM) $(SSH_KEYGEN) $(STRACE):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium openssh-client git strace; \
	else \
		echo "Missing $@: run 'sudo apt-get install chromium openssh-client git strace', then" \
			"'make test' again." >&2; \
		exit 1; \
	fi

site: $(STAMP)
	$(BIN)/portal build

serve: site
	$(BIN)/portal serve

test: $(TEST_STAMP) $(CHROMIUM) $(SSH_KEYGEN) $(STRACE)
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2

lint: $(TEST_STAMP)
	$(BIN)/ruff check .

# Refresh the message catalogs after a template changes: extract, then merge into vi/en/zh.
messages: $(TEST_STAMP)
	$(BIN)/pybabel extract --no-location -F theme/babel.cfg -o theme/messages.pot theme/templates
	$(BIN)/pybabel update --no-fuzzy-matching -i theme/messages.pot -d theme/translations
	$(BIN)/pybabel extract --no-location -k _ -k N_ -k ngettext:1,2 -o plugins/core/locale/portal.pot plugins workflow
	$(BIN)/pybabel update --no-fuzzy-matching -D portal -i plugins/core/locale/portal.pot -d plugins/core/locale

bench: $(STAMP)
	$(BIN)/python -m workflow.bench build

clean:
	rm -rf output output.* .cache
