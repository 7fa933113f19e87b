"""File names and safe writing for exported documents."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from datetime import date
from pathlib import Path

from tafapp.core.errors import ExportFailed

_UNSAFE = re.compile(r"[^A-Za-z0-9-]+")


def propose_filename(reference: str, what: str, variant: str, day: date) -> str:
    """e.g. `TAF-2026-K3M-0042_meeting-notes_family_2026-03-03.docx`: the family reference
    and the date, never a person's name (file names show up in e-mail subjects, shared-drive
    listings and recently-used lists)."""
    ref = _UNSAFE.sub("-", reference).strip("-") or "TAF"
    return f"{ref}_{_UNSAFE.sub('-', what)}_{_UNSAFE.sub('-', variant)}_{day:%Y-%m-%d}.docx"


def write_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write to a temporary file beside `path`, flush it to disk, then rename over `path`.
    On any failure the temporary file is removed and `path` is left as it was."""
    target = Path(path)
    if target.suffix.lower() != ".docx":
        raise ExportFailed(f"{target.name}: a Word document's name must end in .docx")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportFailed(f"The folder {folder} does not exist. Choose another folder.")
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".part",
                                        dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, target)
        tmp_name = ""
    except OSError as exc:
        raise ExportFailed(_explain(exc, target)) from exc
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return target


def _explain(exc: OSError, target: Path) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"The disk is full, so {target.name} was not saved (no partial file was "
                "left). Free some space or choose another drive, then export again.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"You are not allowed to save in {target.parent}. Choose another folder, or "
                "close the document if it is open in Word.")
    return f"{target.name} was not saved: {exc.strerror or exc}. Nothing was left half-written."
