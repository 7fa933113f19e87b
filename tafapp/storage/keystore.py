"""Where a profile's private keys are kept: its signing key, its age identity and the audit
trail's HMAC secret.

- A **hub** (SQLite or PostgreSQL) keeps them **outside its records database**
  (`ExternalKeys`): in the secure OS keyring, or in a key file `hub-keys-<hub id>.json` in
  the profile folder (0600) wrapped with the hub passphrase through Argon2id, like the vault.
  A copy is always sealed to the profile's recovery recipient. A dump or backup of the hub
  database alone therefore cannot decrypt a packet, sign a receipt or re-key the audit chain.
- A **practitioner laptop** keeps them in `LocalSecret` rows of its SQLCipher database
  (`DatabaseKeys`): the whole file is encrypted with the vault's key, and the laptop's owner
  holds that key anyway.

A `Store` puts its key source in `session.info[KEYS_INFO]`; `source(session)` finds it, and
falls back to the database for a session without one.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from tafapp.core.errors import KeyMissing
from tafapp.models import LocalSecret, SyncState
from tafapp.storage.profile import Profile
from tafapp.storage.vault import (
    KdfParams,
    load_secret,
    open_with_recovery,
    read_key_json,
    seal_for_recovery,
    store_secret,
    write_private_json,
)

KEYS_INFO = "tafapp.keys"
KEYS_FORMAT = 1
_AAD = b"tafapp-hub-keys"


class KeySource(Protocol):
    def get(self, name: str) -> bytes | None: ...

    def put(self, values: dict[str, bytes]) -> None: ...


@dataclass
class DatabaseKeys:
    """A practitioner's keys, in the encrypted database (the caller owns the transaction)."""

    session: Session

    def get(self, name: str) -> bytes | None:
        row = self.session.get(LocalSecret, name)
        return None if row is None else bytes(row.secret)

    def put(self, values: dict[str, bytes]) -> None:
        for name, secret in values.items():
            self.session.merge(LocalSecret(name=name, secret=secret))
        self.session.flush()


@dataclass
class ExternalKeys:
    """A hub's keys outside its database, read once (lazily) and then kept in memory.

    `passphrase` None means TAFAPP_PASSPHRASE or the keyring. `recovery_recipient` is where a
    copy is sealed on every save; an existing key file keeps its own."""

    profile: Profile
    hub_id: str
    passphrase: str | None = None
    recovery_recipient: str | None = None
    kdf: KdfParams | None = None
    _cache: dict[str, bytes] | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return self.profile.root / f"hub-keys-{self.hub_id}.json"

    def _user(self) -> str:
        return f"hub-keys:{self.hub_id}"

    def _doc(self) -> dict[str, Any] | None:
        try:
            return read_key_json(self.path)
        except FileNotFoundError:
            return None

    def _all(self) -> dict[str, bytes]:
        if self._cache is None:
            doc = self._doc()
            self._cache = {} if doc is None else _decode(
                load_secret(doc, self._user(), self.passphrase, _AAD, "hub keys", self.path))
        return self._cache

    def get(self, name: str) -> bytes | None:
        return self._all().get(name)

    def put(self, values: dict[str, bytes]) -> None:
        merged = {**self._all(), **values}
        self._save(merged)
        self._cache = merged

    def _save(self, values: dict[str, bytes]) -> None:
        doc = self._doc() or {}
        slot = doc.get("recovery")
        recipient = slot.get("recipient") if isinstance(slot, dict) else self.recovery_recipient
        bundle = _encode(values)
        data: dict[str, Any] = {"format": KEYS_FORMAT, "hub_id": self.hub_id,
                                **store_secret(self._user(), bundle, self.passphrase, _AAD,
                                               self.kdf)}
        if recipient:
            data["recovery"] = seal_for_recovery(bundle, str(recipient))
        write_private_json(self.path, data)

    def recover(self, recovery_key: str) -> None:
        """Open the key file's recovery copy and keep the keys again (keyring or passphrase)."""
        doc = self._doc()
        if doc is None:
            raise KeyMissing(f"There is no {self.path.name} here to recover.")
        values = _decode(open_with_recovery(doc.get("recovery"), recovery_key))
        self._save(values)
        self._cache = values


def _encode(values: dict[str, bytes]) -> bytes:
    return json.dumps({k: base64.b64encode(v).decode("ascii")
                       for k, v in sorted(values.items())}).encode("utf-8")


def _decode(bundle: bytes) -> dict[str, bytes]:
    try:
        raw = json.loads(bundle.decode("utf-8"))
        return {str(k): base64.b64decode(v) for k, v in raw.items()}
    except (UnicodeDecodeError, ValueError, AttributeError, TypeError):
        raise KeyMissing("The hub's key file is damaged; restore it from a backup or use the "
                         "recovery key.") from None


def source(session: Session) -> KeySource:
    """The key source of the store this session belongs to (the database by default)."""
    found = session.info.get(KEYS_INFO)
    return found if found is not None else DatabaseKeys(session)


def _mark(name: str) -> str:
    return f"external_key:{name}"


def secret(session: Session, name: str, make: Callable[[], bytes] | None = None
           ) -> bytes | None:
    """A named secret; with `make`, one is created and kept when missing. A hub database
    remembers which keys were made outside it, so a key file missing from this profile folder
    is reported (KeyMissing), never silently replaced by new keys."""
    keys = source(session)
    value = keys.get(name)
    if value is None and isinstance(keys, ExternalKeys) \
            and session.get(SyncState, _mark(name)) is not None:
        raise KeyMissing(
            f"This hub's {name.replace('_', ' ')} is kept outside its database, in the keyring "
            f"or in {keys.path.name} in {keys.profile.root}, and it is not there. Open the hub "
            "with the profile folder that holds it (--profile), or restore it with the recovery "
            "key (`tafapp unlock --recovery-key`). Nothing was changed.")
    if value is None and make is not None:
        value = make()
        keys.put({name: value})
        if isinstance(keys, ExternalKeys):
            session.merge(SyncState(key=_mark(name), value=keys.path.name))
            session.flush()
    return value


def move_out_of_database(session: Session, keys: ExternalKeys) -> list[str]:
    """An older hub kept its private keys as rows of its database: copy them to `keys` (a key
    already there wins) and delete the rows. Returns the names moved. The caller owns the
    transaction; the key file is written before the rows go, so a failure loses nothing."""
    rows = list(session.scalars(select(LocalSecret)))
    if not rows:
        return []
    moving = {r.name: bytes(r.secret) for r in rows if keys.get(r.name) is None}
    if moving:
        keys.put(moving)
    for r in rows:
        session.merge(SyncState(key=_mark(r.name), value=keys.path.name))
        session.delete(r)
    session.flush()
    return sorted(r.name for r in rows)


def recover(profile: Profile, recovery_key: str, passphrase: str | None = None) -> list[str]:
    """Unlock a profile whose keyring entry is gone (or whose passphrase is forgotten) with the
    council's recovery key: the database key (vault.json) and every hub key file in the folder
    are opened from their recovery copies and kept again, in the secure keyring or wrapped with
    `passphrase` (or TAFAPP_PASSPHRASE). Returns the files restored; KeyMissing if there is
    nothing to restore, WrongPassphrase if the recovery key does not fit."""
    from tafapp.storage.vault import Vault

    restored: list[str] = []
    if profile.vault_path.exists():
        Vault(profile).recover(recovery_key, passphrase)
        restored.append(profile.vault_path.name)
    for path in sorted(profile.root.glob("hub-keys-*.json")):
        hub_id = path.name[len("hub-keys-"):-len(".json")]
        ExternalKeys(profile, hub_id, passphrase).recover(recovery_key)
        restored.append(path.name)
    if not restored:
        raise KeyMissing(f"There is no tafapp key file in {profile.root} to recover.")
    profile.tighten()
    return restored
