# Reset Ledger: `make lab` to teach, `make test` to check everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)

.PHONY: lab test bench venv handouts figures clean-responses

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

lab: $(STAMP)
	$(PY) -m jupyter lab notebooks

# Unit, hygiene and browser tests, and every notebook run top to bottom (nbval), on two workers.
test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadfile --nbval-lax --nbval-current-env tests notebooks

# Offline HTML handouts, student and teacher editions, into build/handouts/ (git-ignored).
handouts: $(STAMP)
	$(PY) -m tools.handouts --out build/handouts

# The charts the prose refers to, as SVG and PNG, into figures/ (committed).
figures: $(STAMP)
	$(PY) -m tools.figures

bench: $(STAMP)
	$(PY) tools/bench.py

# Delete every saved answer (the store's folder), after asking.
clean-responses:
	@folder="$${RESET_LEDGER_RESPONSES:-notebooks/saved-answers}"; \
	if [ ! -d "$$folder" ]; then echo "No answers folder at $$folder: nothing to delete."; exit 0; fi; \
	count=$$(find "$$folder" -maxdepth 1 -name '*.json' | wc -l); \
	printf 'Delete %s and its %s answer file(s)? This cannot be undone. Type yes to confirm: ' "$$folder" "$$count"; \
	read answer; \
	if [ "$$answer" = yes ]; then rm -rf -- "$$folder" && echo "Deleted $$folder."; else echo "Nothing deleted."; fi
