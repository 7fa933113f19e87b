"""Keys. The database key is 32 random bytes kept in the OS keyring, or — where no secure
keyring exists — wrapped with a passphrase through Argon2id and AES-GCM in `vault.json`.

A missing key is never taken as a first run: `unlock` raises, and the store is left alone.

**Recovery key.** At creation a profile also gets an age X25519 identity, shown once as its
recovery key (`AGE-SECRET-KEY-1…`) for the council to keep; only its public half (the
recovery recipient) stays here, and the database key is also stored encrypted to it. With the
recovery key the store opens again when the keyring entry is gone or the passphrase is
forgotten (`recover`). A practitioner laptop's private keys live inside the encrypted
database (`LocalSecret`); a hub's live outside its database (`tafapp.storage.keystore`).
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path
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


def write_private_json(path: Path, data: dict[str, Any]) -> None:
    """Write a key file atomically, readable by its owner only (0600), its folder 0700."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def read_key_json(path: Path) -> dict[str, Any]:
    """A key file's JSON; FileNotFoundError passes through, anything unreadable is KeyMissing
    (a damaged or edited key file is reported, never a traceback)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise KeyMissing(f"{path.name} is damaged ({exc.__class__.__name__}); restore it from "
                         "a backup or use the recovery key. Nothing was changed.") from None
    if not isinstance(data, dict):
        raise KeyMissing(f"{path.name} is damaged; restore it from a backup or use the "
                         "recovery key. Nothing was changed.")
    return data


def wrap(secret: bytes, passphrase: str, aad: bytes, p: KdfParams | None = None
         ) -> dict[str, Any]:
    """`secret` encrypted with AES-GCM under an Argon2id key of `passphrase`, as JSON fields."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    p = p or KdfParams()
    if len(passphrase) < MIN_PASSPHRASE:
        raise InputRejected("passphrase", f"must be at least {MIN_PASSPHRASE} characters")
    salt, nonce = os.urandom(16), os.urandom(12)
    wrapped = AESGCM(_kek(passphrase, salt, p)).encrypt(nonce, secret, aad)
    return {"mode": "passphrase", "kdf": "argon2id", "memory_kib": p.memory_kib,
            "iterations": p.iterations, "lanes": p.lanes, "salt": _b64(salt),
            "nonce": _b64(nonce), "wrapped": _b64(wrapped)}


def unwrap(data: dict[str, Any], passphrase: str | None, aad: bytes, path: Any = None,
           secret_size: int | None = None) -> bytes:
    """The secret `wrap` stored; Locked without a passphrase, WrongPassphrase if it is wrong,
    KeyMissing if the fields are damaged."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    passphrase = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
    if passphrase is None:
        raise Locked(f"This profile is protected by a passphrase; enter it or set "
                     f"{PASSPHRASE_ENV}.")
    p, salt, nonce, wrapped = _wrapping(data, path,
                                        None if secret_size is None else secret_size + 16)
    kek = _kek(passphrase, salt, p)
    try:
        return AESGCM(kek).decrypt(nonce, wrapped, aad)
    except (InvalidTag, ValueError):
        raise WrongPassphrase("That passphrase is not right for this profile.") from None


def new_recovery() -> tuple[str, str]:
    """A fresh recovery key and its recipient: (secret text to show once, public text)."""
    import pyrage

    ident = pyrage.x25519.Identity.generate()
    return str(ident), str(ident.to_public())


def seal_for_recovery(secret: bytes, recipient: str) -> dict[str, Any]:
    """`secret` encrypted (age) to the recovery recipient: the slot `open_with_recovery` reads."""
    import pyrage

    rec = pyrage.x25519.Recipient.from_str(recipient)
    return {"recipient": recipient, "sealed": _b64(pyrage.encrypt(secret, [rec]))}


def open_with_recovery(slot: object, recovery_key: str) -> bytes:
    """The secret in a recovery slot; WrongPassphrase if this recovery key does not open it."""
    import pyrage

    if not isinstance(slot, dict) or "sealed" not in slot:
        raise KeyMissing("This key file has no recovery copy (it was made before recovery "
                         "keys existed); the recovery key cannot open it.")
    try:
        ident = pyrage.x25519.Identity.from_str(recovery_key.strip())
    except Exception:  # noqa: BLE001 - pyrage raises its own unexported error types here
        raise WrongPassphrase("That is not a recovery key (it starts AGE-SECRET-KEY-1…).") \
            from None
    try:
        return bytes(pyrage.decrypt(base64.b64decode(slot["sealed"]), [ident]))
    except Exception:  # noqa: BLE001 - wrong identity and damaged data both land here
        raise WrongPassphrase("That recovery key does not open this profile.") from None


def store_secret(service_user: str, secret: bytes, passphrase: str | None, aad: bytes,
                 kdf: KdfParams | None = None) -> dict[str, Any]:
    """Keep `secret` in the secure keyring, or wrapped with a passphrase (given or
    TAFAPP_PASSPHRASE): the key-file fields that say which. Locked when neither is possible."""
    passphrase = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
    if passphrase is not None:
        return wrap(secret, passphrase, aad, kdf)
    backend = secure_keyring()
    if backend is None:
        raise Locked("No secure keyring is available on this computer. Choose a passphrase "
                     f"(or set {PASSPHRASE_ENV}) to protect this profile.")
    backend.set_password(KEYRING_SERVICE, service_user, _b64(secret))
    return {"mode": "keyring",
            "backend": type(backend).__module__ + "." + type(backend).__name__}


def load_secret(data: dict[str, Any], service_user: str, passphrase: str | None,
                aad: bytes, what: str, path: Any = None, secret_size: int | None = None) -> bytes:
    """The secret `store_secret` kept, from the keyring or unwrapped with the passphrase;
    `secret_size`, when known, is checked on both ways."""
    if data.get("mode") != "keyring":
        return unwrap(data, passphrase, aad, path, secret_size)
    backend = secure_keyring()
    if backend is None:
        raise KeyMissing(
            f"The secure keyring that holds this profile's {what} is not available. Unlock "
            "your desktop session's keyring and try again, or use the recovery key; the "
            "database was left untouched.")
    value = backend.get_password(KEYRING_SERVICE, service_user)
    if not value:
        raise KeyMissing(
            f"This profile's {what} is not in the keyring. The database was left untouched; "
            "unlock it with the council's recovery key (`tafapp unlock --recovery-key`).")
    secret = _unb64(value, secret_size)
    if secret is None:
        raise KeyMissing(f"This profile's {what} in the keyring is damaged. The database was "
                         "left untouched; unlock it with the council's recovery key "
                         "(`tafapp unlock --recovery-key`).")
    return secret


DB_AAD = b"tafapp-db-key"


def _damaged(path: Any, why: str) -> VaultDamaged:
    name = Path(path).name if path is not None else "key file"
    return VaultDamaged(f"The profile's key file {path} is damaged: {why}. The database was "
                        f"left untouched; restore {name} from a backup of this profile, or "
                        "use the recovery key.")


def _unb64(value: Any, size: int | None, limit: int = 4096) -> bytes | None:
    """`value` decoded from base64 when it is exactly `size` bytes (any length up to `limit`
    when `size` is None), else None."""
    import binascii

    if not isinstance(value, str) or len(value) > 4 * (size or limit):
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if (len(raw) == size if size else 0 < len(raw) <= limit) else None


def _wrapping(data: dict[str, Any], path: Any, wrapped_size: int | None
              ) -> tuple[KdfParams, bytes, bytes, bytes]:
    """The Argon2id costs, salt, nonce and wrapped secret of a passphrase-wrapped key file,
    each checked (a tampered cost must not make unlocking allocate terabytes)."""
    costs = {}
    for name, (low, high) in KDF_LIMITS.items():
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _damaged(path, f"its {name} is not a whole number from {low} to {high}")
        costs[name] = value
    if costs["memory_kib"] < 8 * costs["lanes"]:
        raise _damaged(path, "its memory_kib is too small for its lanes")
    sizes = (("salt", 16), ("nonce", 12), ("wrapped", wrapped_size))
    parts = [_unb64(data.get(k), n) for k, n in sizes]
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

    @property
    def recovery_recipient(self) -> str | None:
        try:
            slot = self._read().get("recovery")
        except FileNotFoundError:
            return None
        return str(slot["recipient"]) if isinstance(slot, dict) and "recipient" in slot else None

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
        write_private_json(self.profile.vault_path, data)

    def _username(self) -> str:
        return f"db-key:{self.profile.root.resolve()}"

    def create(self, passphrase: str | None = None, kdf: KdfParams | None = None,
               recovery_recipient: str | None = None) -> bytes:
        """Make a new key for a new profile. With a passphrase (or TAFAPP_PASSPHRASE) the key is
        wrapped with it; otherwise it goes to the secure keyring, or creation is refused. With
        a recovery recipient a copy is sealed to it (`recover`)."""
        if self.profile.vault_path.exists():
            raise InputRejected("profile", "this profile already has a key; it was not replaced")
        key = os.urandom(32)
        self._keep(key, passphrase, kdf, recovery_recipient)
        return key

    def _keep(self, key: bytes, passphrase: str | None, kdf: KdfParams | None,
              recovery_recipient: str | None) -> None:
        data: dict[str, Any] = {"format": VAULT_FORMAT,
                                **store_secret(self._username(), key, passphrase, DB_AAD, kdf)}
        if recovery_recipient:
            data["recovery"] = seal_for_recovery(key, recovery_recipient)
        self._write(data)

    def unlock(self, passphrase: str | None = None) -> bytes:
        try:
            data = self._read()
        except FileNotFoundError:
            raise KeyMissing(
                "This profile has a database but no key file (vault.json). The database was "
                "left untouched; restore vault.json from a backup."
            ) from None
        return load_secret(data, self._username(), passphrase, DB_AAD, "database key",
                           self.profile.vault_path, 32)

    def recover(self, recovery_key: str, passphrase: str | None = None,
                kdf: KdfParams | None = None) -> bytes:
        """Open the key with the recovery key and keep it again: in the secure keyring, or
        wrapped with the (new) passphrase. The recovery copy stays, so the same recovery key
        keeps working. Returns the database key."""
        data = self._read()
        key = open_with_recovery(data.get("recovery"), recovery_key)
        self._keep(key, passphrase, kdf, self.recovery_recipient)
        return key

    def forget(self) -> None:
        """Remove the key from the keyring (used when a profile is deliberately deleted)."""
        if self.mode == "keyring":
            backend = secure_keyring()
            if backend is not None:
                backend.delete_password(KEYRING_SERVICE, self._username())
