"""Reference lists from resources/*.json (versioned, editable by a council without code)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files("resources").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


def reference() -> dict[str, Any]:
    return _load("reference.json")


def timescales_config() -> dict[str, Any]:
    return _load("timescales.json")


def sectors() -> dict[str, str]:
    return {s["code"]: s["label"] for s in reference()["agency_sectors"]}


def partner_sectors() -> frozenset[str]:
    return frozenset(s["code"] for s in reference()["agency_sectors"] if s["partner"])


def outcomes() -> dict[str, str]:
    return {o["code"]: o["label"] for o in reference()["outcomes"]}


def closure_reasons() -> dict[str, str]:
    return {c["code"]: c["label"] for c in reference()["closure_reasons"]}


def levels_of_need() -> dict[int, str]:
    return {int(x["level"]): x["label"] for x in reference()["levels_of_need"]}
