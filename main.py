"""Launch the tafapp desktop app (`python main.py`)."""

from tafapp.app import main

if __name__ == "__main__":
    raise SystemExit(main())
