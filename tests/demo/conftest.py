"""A demo store made once per module (generation is the slow part of these tests)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tafapp.demo import DemoSummary, generate
from tafapp.storage.profile import Profile
from tafapp.storage.store import Store, create_profile
from tests.conftest import FAST_KDF

TODAY = date(2026, 11, 24)
SHAPE_FAMILIES = 200
PASSPHRASE = "demo passphrase 42"


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo") / "profile"


@pytest.fixture(scope="module")
def demo_store(demo_root: Path) -> Iterator[tuple[Store, DemoSummary]]:
    """A passphrase-protected practitioner store holding SHAPE_FAMILIES demo families (a
    passphrase, not the per-test keyring, so it can be reopened in a later test)."""
    st = create_profile(Profile(demo_root), "practitioner", passphrase=PASSPHRASE, kdf=FAST_KDF)
    with st.begin() as s:
        summary = generate(s, SHAPE_FAMILIES, seed=7, today=TODAY)
    yield st, summary
    st.close()
