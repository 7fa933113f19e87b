"""Shared fixtures: an in-memory secure keyring (never a plaintext file), encrypted stores."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tafapp.storage.profile import Profile  # noqa: E402
from tafapp.storage.store import Store, create_profile  # noqa: E402
from tafapp.storage.vault import KdfParams  # noqa: E402

FAST_KDF = KdfParams(memory_kib=8192, iterations=1, lanes=1)


class MemoryKeyring(KeyringBackend):
    """A secure-priority keyring held in memory for the test run."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    monkeypatch.delenv("TAFAPP_PASSPHRASE", raising=False)
    monkeypatch.delenv("TAFAPP_PROFILE", raising=False)
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile(tmp_path / "profile")


@pytest.fixture
def store(profile: Profile) -> Iterator[Store]:
    """A practitioner's encrypted store, key in the (memory) keyring."""
    st = create_profile(profile, "practitioner")
    yield st
    st.close()


@pytest.fixture
def hub_store(tmp_path: Path) -> Iterator[Store]:
    st = create_profile(Profile(tmp_path / "hub"), "hub")
    yield st
    st.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """PostgreSQL for hub tests. CI always provides one (.ci/run); a developer machine without
    PostgreSQL skips these tests with a clear reason."""
    from tests import pgserver

    with pgserver.server() as url:
        if url is None:
            pytest.skip("no PostgreSQL server: install postgresql or set TAFAPP_TEST_PG_URL")
        yield url


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database URL for one test."""
    from tests import pgserver

    with pgserver.fresh_database(pg_server) as url:
        yield url
