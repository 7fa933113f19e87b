"""Where a profile lives and what it holds. A profile is one folder: the encrypted database,
its vault file (how the key is kept), a lock file and a small non-secret `profile.json`."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from tafapp.core.errors import InputRejected

PROFILE_FORMAT = 1
ROLES = ("practitioner", "hub")


def default_profile_dir() -> Path:
    env = os.environ.get("TAFAPP_PROFILE")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("tafapp", appauthor=False)) / "default"


@dataclass(frozen=True)
class Profile:
    root: Path

    @classmethod
    def at(cls, root: str | os.PathLike[str] | None) -> Profile:
        return cls(Path(root) if root else default_profile_dir())

    @property
    def db_path(self) -> Path:
        return self.root / "tafapp.db"

    @property
    def vault_path(self) -> Path:
        return self.root / "vault.json"

    @property
    def lock_path(self) -> Path:
        return self.root / "tafapp.lock"

    @property
    def meta_path(self) -> Path:
        return self.root / "profile.json"

    @property
    def exists(self) -> bool:
        return self.meta_path.exists() or self.db_path.exists()

    def read_meta(self) -> dict[str, object]:
        try:
            return json.loads(self.meta_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    @property
    def role(self) -> str:
        return str(self.read_meta().get("role", "practitioner"))

    def write_meta(self, role: str) -> None:
        if role not in ROLES:
            raise InputRejected("role", f"must be one of {', '.join(ROLES)}")
        self.root.mkdir(parents=True, exist_ok=True)
        data = {"format": PROFILE_FORMAT, "role": role}
        tmp = self.meta_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
        os.replace(tmp, self.meta_path)
