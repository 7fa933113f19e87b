"""Who this profile is, cryptographically: its keys, its public identity and identity files.

Every profile (practitioner laptop or hub) has
- an **Ed25519 signing key**: it signs the packets this profile writes (a hub signs receipts);
- an **age X25519 identity**: packets meant for this profile are encrypted to its recipient
  (changes packets to the hub, receipts to a practitioner's device);
- on a hub, optionally an **escrow recipient** (an age recipient whose private half the council
  keeps offline), which practitioners also encrypt to.

Private keys live in `LocalSecret`, inside the encrypted database, so they sit behind the same
keyring or passphrase as the database key. The escrow recipient is public and lives in
`SyncState`.

**Fingerprint** (documented in docs/packet-format.md): SHA-256 over the UTF-8 text
``"tafapp-identity-v1\\n" + signing_public_key_hex + "\\n" + age_recipient + "\\n" +
(escrow_recipient or "")``, first 10 bytes as hex in five dash-separated groups of four
(``"3f9a-0c12-77be-d401-9e5a"``). It changes whenever any of those public keys changes, so two
people reading it aloud can confirm they hold the same identity file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from tafapp.core.errors import InputRejected
from tafapp.models import LocalSecret, SyncState

if TYPE_CHECKING:
    import pyrage
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

    from tafapp.storage.store import Store

SIGNING_SECRET = "signing_key_ed25519"
AGE_SECRET = "age_identity_x25519"
ESCROW_KEY = "escrow_recipient"
DEVICE_KEY = "device_id"
ROLE_KEY = "role"
ROLES = ("practitioner", "hub")

IDENTITY_FORMAT = "tafapp-identity"
IDENTITY_VERSION = 1
MAX_IDENTITY_FILE = 16 * 1024
_FP_DOMAIN = "tafapp-identity-v1\n"
_ID_TEXT = re.compile(r"^[0-9A-Za-z_.:-]{1,64}$")  # what a packet manifest accepts as an id


def ensure_keys(session: Session, role: str) -> None:
    """Create this profile's signing key and age identity if they are missing (idempotent).

    Never replaces an existing key: a new key would orphan every enrolment and registration
    made with the old one. The caller owns the transaction."""
    if role not in ROLES:
        raise InputRejected("role", f"must be one of {', '.join(ROLES)}")
    if session.get(LocalSecret, SIGNING_SECRET) is None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            NoEncryption,
            PrivateFormat,
        )

        raw = Ed25519PrivateKey.generate().private_bytes(
            Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        session.add(LocalSecret(name=SIGNING_SECRET, secret=raw))
    if session.get(LocalSecret, AGE_SECRET) is None:
        import pyrage

        ident = pyrage.x25519.Identity.generate()
        session.add(LocalSecret(name=AGE_SECRET, secret=str(ident).encode("ascii")))
    session.flush()


def _secret(session: Session, name: str) -> bytes:
    row = session.get(LocalSecret, name)
    if row is None:
        raise InputRejected("identity", "this profile has no keys yet; run `tafapp identity` "
                            "or re-create it with `tafapp init`")
    return bytes(row.secret)


def signing_key(session: Session) -> Ed25519PrivateKey:
    """This profile's Ed25519 private key. Raises InputRejected if keys were never made."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(_secret(session, SIGNING_SECRET))


def hub_identity(session: Session) -> pyrage.x25519.Identity:
    """This profile's age identity (the private half). Named for the hub, but a practitioner's
    profile has one too: receipts are encrypted to it."""
    import pyrage

    return pyrage.x25519.Identity.from_str(_secret(session, AGE_SECRET).decode("ascii"))


def age_identities(session: Session) -> list[pyrage.x25519.Identity]:
    """Every identity `open_packet` should try on this profile (today: just one)."""
    return [hub_identity(session)]


def _state(session: Session, key: str) -> str | None:
    row = session.get(SyncState, key)
    return row.value if row is not None and row.value else None


def device_id(session: Session) -> str:
    value = _state(session, DEVICE_KEY)
    if value is None:
        raise InputRejected("identity", "this database has no device id")
    return value


def role(session: Session) -> str:
    return _state(session, ROLE_KEY) or "practitioner"


def escrow_recipient(session: Session) -> str | None:
    return _state(session, ESCROW_KEY)


def set_escrow_recipient(session: Session, recipient: str | None) -> None:
    """Hub only: add (or with None remove) the escrow recipient. Changes the fingerprint, so
    every practitioner must enrol the new identity file."""
    if role(session) != "hub":
        raise InputRejected("escrow", "only a hub profile has an escrow recipient")
    if recipient is not None:
        recipient = validate_age_recipient("escrow_recipient", recipient)
    row = session.get(SyncState, ESCROW_KEY)
    if row is None:
        session.add(SyncState(key=ESCROW_KEY, value=recipient or ""))
    else:
        row.value = recipient or ""
    session.flush()


def signing_public_hex(key: Ed25519PublicKey) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def load_public_key(hex_text: str) -> Ed25519PublicKey:
    """An Ed25519 public key from its 64-hex-digit text; InputRejected if malformed."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        raw = bytes.fromhex(hex_text)
        if len(raw) != 32:
            raise ValueError("length")
        return Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, TypeError):
        raise InputRejected("signing_public_key",
                            "is not an Ed25519 public key (64 hex digits)") from None


def validate_age_recipient(field: str, text: object) -> str:
    """The recipient text if it parses as an age X25519 recipient, else InputRejected."""
    import pyrage

    if not isinstance(text, str) or not text.startswith("age1") or len(text) > 100:
        raise InputRejected(field, "is not an age recipient (it starts with age1…)")
    try:
        pyrage.x25519.Recipient.from_str(text)
    except Exception:  # noqa: BLE001 - pyrage raises its own unexported error types here
        raise InputRejected(field, "is not a valid age recipient") from None
    return text


def fingerprint(signing_public_key: str, age_recipient: str, escrow: str | None) -> str:
    """The short stable hash of a profile's public keys (format in the module docstring)."""
    text = f"{_FP_DOMAIN}{signing_public_key}\n{age_recipient}\n{escrow or ''}"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
    return "-".join(digest[i:i + 4] for i in range(0, 20, 4))


def public_identity(session: Session) -> dict[str, Any]:
    """`{id, role, fingerprint, signing_public_key, age_recipient, escrow_recipient}`: what
    another profile needs to trust this one. `escrow_recipient` is None off a hub."""
    sign_pub = signing_public_hex(signing_key(session).public_key())
    recipient = str(hub_identity(session).to_public())
    escrow = escrow_recipient(session) if role(session) == "hub" else None
    return {
        "id": device_id(session),
        "role": role(session),
        "fingerprint": fingerprint(sign_pub, recipient, escrow),
        "signing_public_key": sign_pub,
        "age_recipient": recipient,
        "escrow_recipient": escrow,
    }


def write_identity_file(session: Session, path: str | os.PathLike[str],
                        name: str = "") -> dict[str, Any]:
    """Write the public identity as JSON (atomically) and return what was written. No secret
    ever goes into this file."""
    ident = public_identity(session)
    doc = {"format": IDENTITY_FORMAT, "version": IDENTITY_VERSION, "name": name, **ident}
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2, sort_keys=True)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    return doc


def read_identity_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and validate a public identity file written by `write_identity_file`.

    Returns `{id, role, name, fingerprint, signing_public_key, age_recipient,
    escrow_recipient}`. Raises InputRejected naming the problem: not a file, too big, not JSON,
    wrong format or version, a malformed key, or a fingerprint that does not match its keys
    (an edited file)."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            raw = fh.read(MAX_IDENTITY_FILE + 1)
    except OSError as exc:
        raise InputRejected("identity_file", f"cannot read {p}: {exc.strerror or exc}") from None
    if len(raw) > MAX_IDENTITY_FILE:
        raise InputRejected("identity_file", f"{p.name} is too big to be an identity file")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InputRejected("identity_file", f"{p.name} is not a tafapp identity file "
                            "(not JSON)") from None
    return validate_identity(doc, p.name)


def _text_field(doc: dict[str, Any], key: str, limit: int = 200) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise InputRejected(key, "is missing or not text in the identity file")
    return value


def validate_identity(doc: object, source: str = "identity") -> dict[str, Any]:
    """Check an identity document's shape, keys and fingerprint; see `read_identity_file`."""
    if not isinstance(doc, dict) or doc.get("format") != IDENTITY_FORMAT:
        raise InputRejected("identity_file", f"{source} is not a tafapp identity file")
    if doc.get("version") != IDENTITY_VERSION:
        raise InputRejected("identity_file", f"{source} has identity format version "
                            f"{doc.get('version')!r}; this tafapp reads version "
                            f"{IDENTITY_VERSION}")
    ident_id = _text_field(doc, "id", 64)
    if not _ID_TEXT.match(ident_id):
        raise InputRejected("id", "is not a tafapp device id (letters, digits, _ . : - only)")
    ident_role = _text_field(doc, "role", 20)
    if ident_role not in ROLES:
        raise InputRejected("role", f"must be one of {', '.join(ROLES)}")
    sign_pub = _text_field(doc, "signing_public_key", 64).lower()
    load_public_key(sign_pub)
    recipient = validate_age_recipient("age_recipient", doc.get("age_recipient"))
    escrow = doc.get("escrow_recipient")
    if escrow is not None:
        escrow = validate_age_recipient("escrow_recipient", escrow)
    name = doc.get("name", "")
    if not isinstance(name, str) or len(name) > 200:
        raise InputRejected("name", "is not text in the identity file")
    expected = fingerprint(sign_pub, recipient, escrow)
    if doc.get("fingerprint") != expected:
        raise InputRejected("fingerprint", f"{source}: the fingerprint does not match the keys "
                            "(the file was altered or damaged); ask for a fresh copy")
    return {"id": ident_id, "role": ident_role, "name": name, "fingerprint": expected,
            "signing_public_key": sign_pub, "age_recipient": recipient,
            "escrow_recipient": escrow}


def setup_identity(store: Store, role: str, name: str, agency: str | None,
                   sector: str | None) -> dict[str, str]:
    """Record who a new profile belongs to (`tafapp init`, the first-run screen, the screenshot
    tools); a practitioner also gets their agency and directory entry, every profile its
    signing keys."""
    from tafapp.services import directory
    from tafapp.services.families import PRACTITIONER_KEY
    from tafapp.storage.opening import NAME_KEY

    out = {"id": store.device_id, "role": role, "name": name}
    with store.begin() as s:
        s.merge(SyncState(key=NAME_KEY, value=name))
        if role == "practitioner":
            if not agency or not sector:
                raise InputRejected("agency", "a practitioner profile needs --agency and --sector")
            ag = directory.find_or_add_agency(s, agency, sector)
            me = directory.add_practitioner(s, name, agency_id=ag.id)
            s.merge(SyncState(key=PRACTITIONER_KEY, value=str(me.id)))
            out["practitioner_id"] = str(me.id)
        ensure_keys(s, role)
    return out
