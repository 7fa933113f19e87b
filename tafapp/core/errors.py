"""Typed errors of the domain. The UI and the CLI word them for people; nothing here imports Qt.

Exit codes of the command line follow the error class (DESIGN section 6).
"""

from __future__ import annotations


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
