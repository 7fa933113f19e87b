"""Launch the tafapp desktop app (`python main.py`)."""

from tafapp.ui.app.startup import run

if __name__ == "__main__":
    raise SystemExit(run())
