"""Fixtures for the app shell: inline jobs, settings in a temporary folder, a store with demo
families."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tafapp.storage.store import Store
from tests.qt_fixtures import inline_ops, temp_settings  # noqa: F401 - autouse here


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One practitioner profile with 40 demo families (some closed, some overdue), made once
    per test run: (its folder, its database key as the keyring holds it)."""
    from datetime import date

    import keyring

    from tafapp.demo import generate
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import create_profile
    from tafapp.sync.identity import setup_identity
    from tests.conftest import MemoryKeyring

    previous, backend = keyring.get_keyring(), MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        root = tmp_path_factory.mktemp("ui-shell-demo") / "profile"
        st = create_profile(Profile(root), "practitioner")
        with st:
            setup_identity(st, "practitioner", "Sam Lee", "Oak School", "school")
            with st.begin() as s:
                generate(s, families=40, seed=7, today=date.today())
    finally:
        keyring.set_keyring(previous)
    return root, next(iter(backend.items.values()))


@pytest.fixture
def demo_store(demo_template: tuple[Path, str], tmp_path: Path,
               memory_keyring: Any) -> Iterator[Store]:
    """A private copy of the demo profile, its key in this test's keyring."""
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import open_profile
    from tafapp.storage.vault import KEYRING_SERVICE

    root, key = demo_template
    dest = tmp_path / "demo-profile"
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns("*.lock"))
    memory_keyring.items[(KEYRING_SERVICE, f"db-key:{dest.resolve()}")] = key
    st = open_profile(Profile(dest), check=False)
    yield st
    st.close()
