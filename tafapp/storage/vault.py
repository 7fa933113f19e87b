"""Keys. The database key is 32 random bytes kept in the OS keyring, or — where no secure
keyring exists — wrapped with a passphrase through Argon2id and AES-GCM in `vault.json`.

A missing key is never taken as a first run: `unlock` raises, and the store is left alone.
Private signing and age keys live inside the encrypted database (`LocalSecret`), so they sit
behind the same vault.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from typing import Any

from tafapp.core.errors import InputRejected, KeyMissing, Locked, VaultDamaged, WrongPassphrase
from tafapp.storage.profile import Profile

KEYRING_SERVICE = "tafapp"
VAULT_FORMAT = 1
PASSPHRASE_ENV = "TAFAPP_PASSPHRASE"
MIN_PASSPHRASE = 8
MAX_VAULT_BYTES = 64 * 1024
# Argon2id costs a vault.json may ask for: a tampered file must not make unlocking allocate
# terabytes or spin for hours.
KDF_LIMITS = {"memory_kib": (8, 4 * 1024 * 1024), "iterations": (1, 64), "lanes": (1, 64)}


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The default follows OWASP's 2024 guidance (64 MiB, t=3)."""

    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 4


def secure_keyring() -> Any | None:
    """The active keyring backend if it is one we may trust with a key, else None.

    Refused: the `fail` and `null` backends, anything from `keyrings.alt` (plaintext or weakly
    encrypted files), and any backend whose priority is below 1."""
    try:
        import keyring
    except ImportError:
        return None
    backend = keyring.get_keyring()
    candidates = list(getattr(backend, "backends", [])) or [backend]
    for b in candidates:
        module = type(b).__module__
        if module.startswith("keyrings.alt") or module in (
            "keyring.backends.fail", "keyring.backends.null"
        ):
            continue
        try:
            priority = float(getattr(b, "priority", 0))
        except Exception:  # noqa: BLE001 - a backend's priority probe may fail; then it is unfit
            continue
        if priority >= 1:
            return b
    return None


def _kek(passphrase: str, salt: bytes, p: KdfParams) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    kdf = Argon2id(salt=salt, length=32, iterations=p.iterations, lanes=p.lanes,
                   memory_cost=p.memory_kib)
    return kdf.derive(passphrase.encode("utf-8"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _damaged(path: Any, why: str) -> VaultDamaged:
    return VaultDamaged(f"The profile's key file {path} is damaged: {why}. The database was "
                        "left untouched; restore vault.json from a backup of this profile.")


def _unb64(value: Any, size: int) -> bytes | None:
    """`value` decoded from base64 when it is exactly `size` bytes, else None."""
    import binascii

    if not isinstance(value, str) or len(value) > 4 * size:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == size else None


def _wrapping(data: dict[str, Any], path: Any) -> tuple[KdfParams, bytes, bytes, bytes]:
    """The Argon2id costs, salt, nonce and wrapped key of a passphrase vault, each checked."""
    costs = {}
    for name, (low, high) in KDF_LIMITS.items():
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _damaged(path, f"its {name} is not a whole number from {low} to {high}")
        costs[name] = value
    if costs["memory_kib"] < 8 * costs["lanes"]:
        raise _damaged(path, "its memory_kib is too small for its lanes")
    parts = [_unb64(data.get(k), n) for k, n in (("salt", 16), ("nonce", 12), ("wrapped", 48))]
    if any(p is None for p in parts):
        raise _damaged(path, "its salt, nonce or wrapped key is missing or the wrong size")
    salt, nonce, wrapped = (p for p in parts if p is not None)
    return KdfParams(**costs), salt, nonce, wrapped


class Vault:
    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    @property
    def mode(self) -> str | None:
        """"keyring" or "passphrase"; None when there is no vault.json or it is damaged (then
        `unlock` says which)."""
        try:
            return str(self._read()["mode"])
        except (FileNotFoundError, VaultDamaged):
            return None

    def _read(self) -> dict[str, Any]:
        """vault.json, checked: FileNotFoundError when absent, VaultDamaged for anything that
        is not a vault this version wrote (cut short, not JSON, wrong types or sizes)."""
        path = self.profile.vault_path
        try:
            if path.stat().st_size > MAX_VAULT_BYTES:
                raise _damaged(path, "it is far larger than a key file")
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise _damaged(path, f"it cannot be read as a key file ({type(exc).__name__})") \
                from None
        if not isinstance(data, dict) or data.get("format") != VAULT_FORMAT:
            raise _damaged(path, "it is not a key file this version of tafapp wrote")
        if data.get("mode") not in ("keyring", "passphrase"):
            raise _damaged(path, "it does not say how the key is kept")
        return data

    def _write(self, data: dict[str, Any]) -> None:
        self.profile.root.mkdir(parents=True, exist_ok=True)
        tmp = self.profile.vault_path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.profile.vault_path)

    def _username(self) -> str:
        return f"db-key:{self.profile.root.resolve()}"

    def create(self, passphrase: str | None = None, kdf: KdfParams | None = None) -> bytes:
        """Make a new key for a new profile. With a passphrase (or TAFAPP_PASSPHRASE) the key is
        wrapped with it; otherwise it goes to the secure keyring, or creation is refused."""
        if self.profile.vault_path.exists():
            raise InputRejected("profile", "this profile already has a key; it was not replaced")
        key = os.urandom(32)
        passphrase = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
        if passphrase is not None:
            self._wrap(key, passphrase, kdf or KdfParams())
            return key
        backend = secure_keyring()
        if backend is None:
            raise Locked(
                "No secure keyring is available on this computer. Choose a passphrase "
                f"(or set {PASSPHRASE_ENV}) to protect this profile."
            )
        backend.set_password(KEYRING_SERVICE, self._username(), _b64(key))
        self._write({"format": VAULT_FORMAT, "mode": "keyring",
                     "backend": type(backend).__module__ + "." + type(backend).__name__})
        return key

    def _wrap(self, key: bytes, passphrase: str, p: KdfParams) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if len(passphrase) < MIN_PASSPHRASE:
            raise InputRejected("passphrase", f"must be at least {MIN_PASSPHRASE} characters")
        salt, nonce = os.urandom(16), os.urandom(12)
        wrapped = AESGCM(_kek(passphrase, salt, p)).encrypt(nonce, key, b"tafapp-db-key")
        self._write({"format": VAULT_FORMAT, "mode": "passphrase", "kdf": "argon2id",
                     "memory_kib": p.memory_kib, "iterations": p.iterations, "lanes": p.lanes,
                     "salt": _b64(salt), "nonce": _b64(nonce), "wrapped": _b64(wrapped)})

    def unlock(self, passphrase: str | None = None) -> bytes:
        try:
            data = self._read()
        except FileNotFoundError:
            raise KeyMissing(
                "This profile has a database but no key file (vault.json). The database was "
                "left untouched; restore vault.json from a backup."
            ) from None
        if data.get("mode") == "keyring":
            return self._from_keyring()
        return self._unwrap(data, passphrase)

    def _from_keyring(self) -> bytes:
        backend = secure_keyring()
        if backend is None:
            raise KeyMissing(
                "The secure keyring that holds this profile's key is not available. Unlock your "
                "desktop session's keyring and try again; the database was left untouched."
            )
        value = backend.get_password(KEYRING_SERVICE, self._username())
        if not value:
            raise KeyMissing(
                "This profile's key is not in the keyring. The database was left untouched; "
                "it cannot be opened without its key."
            )
        key = _unb64(value, 32)
        if key is None:
            raise KeyMissing("This profile's key in the keyring is damaged (it is not a "
                             "32-byte key). The database was left untouched; it cannot be "
                             "opened without its key.")
        return key

    def _unwrap(self, data: dict[str, Any], passphrase: str | None) -> bytes:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        passphrase = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
        if passphrase is None:
            raise Locked(f"This profile is protected by a passphrase; enter it or set "
                         f"{PASSPHRASE_ENV}.")
        p, salt, nonce, wrapped = _wrapping(data, self.profile.vault_path)
        kek = _kek(passphrase, salt, p)
        try:
            return AESGCM(kek).decrypt(nonce, wrapped, b"tafapp-db-key")
        except InvalidTag:
            raise WrongPassphrase("That passphrase is not right for this profile.") from None

    def forget(self) -> None:
        """Remove the key from the keyring (used when a profile is deliberately deleted)."""
        if self.mode == "keyring":
            backend = secure_keyring()
            if backend is not None:
                backend.delete_password(KEYRING_SERVICE, self._username())
