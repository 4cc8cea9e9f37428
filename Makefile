# The two commands a newcomer needs: `make site` and `make test`. Each sets up everything
# it needs itself, so they work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Browser tests drive Debian's Chromium (browsers that download themselves cannot work here);
# approval tests sign merges with real SSH keys (ssh-keygen, from openssh-client) and count
# the git processes a range costs with strace; the Q&A tests start a throwaway PostgreSQL
# server (Debian's postgresql) as its own user.
CHROMIUM := /usr/bin/chromium
SSH_KEYGEN := /usr/bin/ssh-keygen
STRACE := /usr/bin/strace
INITDB := $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb) /usr/lib/postgresql/15/bin/initdb)
NGINX := /usr/sbin/nginx
DEBIAN_PACKAGES := chromium openssh-client git strace postgresql nginx

.PHONY: site serve test lint messages bench clean demo-store

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP) $@

$(CHROMIUM) $(SSH_KEYGEN) $(STRACE) $(INITDB) $(NGINX):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			$(DEBIAN_PACKAGES); \
	else \
		echo "Missing $@: run 'sudo apt-get install $(DEBIAN_PACKAGES)', then" \
			"'make test' again." >&2; \
		exit 1; \
	fi

site: $(STAMP)
	$(BIN)/portal build

serve: site
	$(BIN)/portal serve

test: $(TEST_STAMP) $(CHROMIUM) $(SSH_KEYGEN) $(STRACE) $(INITDB) $(NGINX)
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

# The private demo store of the Q&A desk (.private/, git-ignored): eight invented questions,
# one forwarded and one noticed, matching content/questions/hd-2026-0067 and -0068.
demo-store: $(STAMP)
	@if [ -e .private/qa.sqlite3 ]; then echo "The demo store exists (.private/qa.sqlite3)."; \
	else \
		$(BIN)/portal qa receive demo/qa/*.json && \
		$(BIN)/portal qa forward HD-2026-0067 lanh-su --at 2026-10-06T09:30 && \
		$(BIN)/portal qa notice HD-2026-0068 --reply-by 2026-11-23 --at 2026-10-30T10:00 \
			--reason "Cần xác minh với Cục Quản lý xuất nhập cảnh"; \
	fi

bench: $(TEST_STAMP)
	$(BIN)/python -m workflow.bench compare --items 2000 --repeats 3

clean:
	rm -rf output output.* .output.standby .cache
