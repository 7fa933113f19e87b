"""Typed errors of the domain. The UI and the CLI word them for people; nothing here imports Qt.

Exit codes of the command line follow the error class (DESIGN section 6).
"""

from __future__ import annotations

import errno


class TafError(Exception):
    """Base of every error tafapp raises on purpose. `exit_code` is what the CLI returns."""

    exit_code = 3


class InputRejected(TafError):
    """Bad input named by field: nothing was written."""

    exit_code = 3

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFound(TafError):
    exit_code = 3

    def __init__(self, entity: str, ident: object) -> None:
        super().__init__(f"No {entity} with id {ident}.")
        self.entity = entity
        self.ident = ident


class Locked(TafError):
    """The store cannot be opened now: wrong passphrase, missing key, another instance."""

    exit_code = 4


class WrongPassphrase(Locked):
    pass


class KeyMissing(Locked):
    pass


class ProfileBusy(Locked):
    pass


class StoreError(TafError):
    """The database is unusable (corrupt, newer version); it was left untouched."""

    exit_code = 3


class SchemaTooNew(StoreError):
    pass


class StoreCorrupt(StoreError):
    pass


class DiskFull(StoreError):
    """The disk (or the database's size limit) is full; the transaction was rolled back."""


class VaultDamaged(KeyMissing):
    """`vault.json` (how the profile's key is kept) is unreadable or altered; the database
    was left untouched."""


_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_PG_DISK_FULL = "53100"  # SQLSTATE disk_full


def is_disk_full(exc: BaseException) -> bool:
    """Whether `exc` (or the driver error it wraps) says the disk or quota is full: errno
    ENOSPC/EDQUOT, SQLite's "database or disk is full", PostgreSQL's SQLSTATE 53100. The one
    place that tells a full disk from a damaged store."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, OSError) and e.errno in _FULL_ERRNOS:
            return True
        if getattr(e, "sqlstate", None) == _PG_DISK_FULL:
            return True
        if "database or disk is full" in str(e) or "No space left on device" in str(e):
            return True
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]
    return False


class CaptureBypassed(TafError):
    """A write tried to go around change capture (bulk UPDATE/DELETE on a syncable table)."""


# --- demo data (tafapp.demo) ---
class DemoCancelled(TafError):
    """Demo generation was cancelled; the caller rolls back, so nothing is kept."""


# --- Word exports (issue 4) ---------------------------------------------------------------
class ExportFailed(TafError):
    """A document could not be saved (disk full, folder missing or read-only); no partial
    file was left behind."""

    exit_code = 3
