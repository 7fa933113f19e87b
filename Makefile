# The README's two commands: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint screenshots samples setup clean

# pip's own output (and the build backend's warnings) go to $(VENV)/install.log; on a failure
# its last lines are shown and the whole log is named.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || { echo "setting up $(VENV) (the first time takes about a minute)…"; \
		$(PY) -m venv $(VENV); }
	@echo "installing tafapp and its dependencies into $(VENV)…"
	@{ $(BIN)/python -m pip install -q --upgrade pip && \
		$(BIN)/python -m pip install -q -e '.[test]'; } > $(VENV)/install.log 2>&1 || \
		{ tail -n 30 $(VENV)/install.log; \
		  echo "installing failed; the whole log is $(VENV)/install.log"; exit 1; }
	@touch $(STAMP)

setup: $(STAMP)

# One line to say it is starting; when the window closes, nothing more (a start-up problem
# was already shown in a message box, so make adds no "Error" line of its own).
run: $(STAMP)
	@echo "starting tafapp…"
	@$(BIN)/python main.py; code=$$?; \
		if [ $$code -ne 0 ]; then echo "tafapp stopped (exit code $$code)."; fi

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/ruff check tafapp tests bench tools main.py

lint: $(STAMP)
	$(BIN)/ruff check tafapp tests bench tools main.py

bench: $(STAMP)
	$(BIN)/python -m bench

screenshots: $(STAMP)
	xvfb-run -a -s "-screen 0 1366x768x24" $(BIN)/python -m tools.screenshots docs/screenshots
	xvfb-run -a -s "-screen 0 1366x768x24" $(BIN)/python -m tools.hub_screenshots docs/screenshots
	xvfb-run -a -s "-screen 0 1366x768x24" $(BIN)/python -m tools.connect_screenshots docs/screenshots

samples: $(STAMP)
	$(BIN)/python tools/render_samples.py

clean:
	rm -rf $(VENV) build *.egg-info
