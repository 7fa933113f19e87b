"""Benchmarks (DESIGN section 8): plain scripts, each printing its figures beside their floor
or budget. `python -m bench` runs them all; `python bench/NAME.py` runs one."""
