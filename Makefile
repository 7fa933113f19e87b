# The README's two commands: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint screenshots samples setup clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/python main.py

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

samples: $(STAMP)
	$(BIN)/python tools/render_samples.py

clean:
	rm -rf $(VENV) build *.egg-info
