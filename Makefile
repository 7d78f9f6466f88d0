# Reset Ledger: `make lab` to teach, `make test` to check everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)

.PHONY: lab test test-hub bench bench-hub venv handouts figures clean-responses

venv: $(STAMP)

# (Re)build the environment whenever requirements.txt changes.
$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	# A classroom may have no internet: JupyterLab should not offer to fetch news or check for updates.
	mkdir -p $(VENV)/share/jupyter/lab/settings
	echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' \
		> $(VENV)/share/jupyter/lab/settings/overrides.json
	rm -f $(VENV)/.installed-*
	touch $@

# A school JupyterHub's extras: JupyterHub and nbgitpuller (requirements-hub.txt) and JupyterHub's proxy
# from npm, installed into .venv by the README's own commands (its *Packages* block); reinstalled when
# requirements-hub.txt or the README's npm line changes. Only `make test-hub` and `make bench-hub` need them.
HUB_STAMP := $(VENV)/.hub-installed-$(shell { cat requirements-hub.txt; grep '^npm install' README.md; } | cksum | cut -d' ' -f1)

$(HUB_STAMP): $(STAMP) requirements-hub.txt
	$(PY) -m tools.hub
	rm -f $(VENV)/.hub-installed-*
	touch $@

lab: $(STAMP)
	$(PY) -m jupyter lab notebooks

# Unit, hygiene and browser tests, and every notebook run top to bottom (nbval), on two workers.
test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadfile --nbval-lax --nbval-current-env --ignore=tests/hub tests notebooks

# A lesson on a real JupyterHub with local users, as root (see the README): the link, 02 handed in,
# another student refused, the teacher's 90. Skips when not root unless REQUIRE_HUB=1.
test-hub: $(HUB_STAMP)
	$(PY) -m pytest -v -s -p no:cacheprovider tests/hub

# Offline HTML handouts, student and teacher editions, into build/handouts/ (git-ignored).
handouts: $(STAMP)
	$(PY) -m tools.handouts --out build/handouts

# The charts the prose refers to, as SVG and PNG, into figures/ (committed).
figures: $(STAMP)
	$(PY) -m tools.figures

# Speed and size figures next to their budgets, ending with every live slider of 02–07 timed in JupyterLab in
# Chromium (tools/bench_browser.py). Prints; never fails on a figure.
bench: $(STAMP)
	$(PY) tools/bench.py

# A class on one hub: servers started through the hub's API, the ledger run in each, memory and times
# printed (USERS=30 by default; as root).
USERS ?= 30
bench-hub: $(HUB_STAMP)
	$(PY) -m tools.hub_bench --users $(USERS)

# Delete every saved answer (the store's folder), after asking.
clean-responses:
	@folder="$${RESET_LEDGER_RESPONSES:-notebooks/saved-answers}"; \
	if [ ! -d "$$folder" ]; then echo "No answers folder at $$folder: nothing to delete."; exit 0; fi; \
	count=$$(find "$$folder" -maxdepth 1 -name '*.json' | wc -l); \
	printf 'Delete %s and its %s answer file(s)? This cannot be undone. Type yes to confirm: ' "$$folder" "$$count"; \
	read answer; \
	if [ "$$answer" = yes ]; then rm -rf -- "$$folder" && echo "Deleted $$folder."; else echo "Nothing deleted."; fi
