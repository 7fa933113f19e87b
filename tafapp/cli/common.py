"""Shared plumbing for command modules: opening the store, printing results and errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from tafapp.core.errors import InputRejected, TafError
from tafapp.storage.profile import Profile
from tafapp.storage.store import Store


def open_store(args: argparse.Namespace) -> Store:
    from tafapp.storage import store

    if getattr(args, "db", None):
        return store.open_url(args.db)
    return store.open_profile(Profile.at(args.profile), check="daily")


def emit(args: argparse.Namespace, data: Any, text: Callable[[Any], str]) -> None:
    """One JSON document on stdout with --json; otherwise the human text."""
    if getattr(args, "json", False):
        print(json.dumps(data, indent=2, default=str))
    else:
        print(text(data))


def emit_error(args: argparse.Namespace, exc: TafError) -> int:
    payload: dict[str, Any] = {"code": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, InputRejected):
        payload.update(field=exc.field, message=exc.message)
    if getattr(args, "json", False):
        print(json.dumps({"error": payload}))
    print(f"tafapp: {exc}", file=sys.stderr)
    return exc.exit_code


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document")
