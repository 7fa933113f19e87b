"""A tampered `vault.json` in a profile: a clear message and exit 3 or 4, never a traceback,
and the database untouched."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tafapp.cli import main
from tafapp.storage.profile import Profile
from tafapp.storage.store import create_profile
from tests.conftest import FAST_KDF

PASS = "a long test passphrase"


def _set(**changes: Any) -> Callable[[dict[str, Any]], Any]:
    return lambda doc: {**doc, **changes}


def _drop(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda doc: {k: v for k, v in doc.items() if k != key}


def _b64(n: int) -> str:
    return base64.b64encode(b"\x01" * n).decode()


JSON_CASES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "a_list": lambda doc: [doc],
    "null": lambda doc: None,
    "other_format": _set(format=2),
    "no_mode": _drop("mode"),
    "odd_mode": _set(mode="plaintext"),
    "memory_as_text": _set(memory_kib="lots"),
    "memory_huge": _set(memory_kib=2**40),
    "iterations_zero": _set(iterations=0),
    "iterations_float": _set(iterations=2.5),
    "lanes_bool": _set(lanes=True),
    "no_salt": _drop("salt"),
    "salt_not_base64": _set(salt="%%% not base64 %%%"),
    "salt_short": _set(salt=_b64(3)),
    "nonce_long": _set(nonce=_b64(40)),
    "wrapped_short": _set(wrapped=_b64(10)),
    "wrapped_altered": _set(wrapped=_b64(48)),
    "salt_a_number": _set(salt=12345),
}

BYTE_CASES: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda b: b"",
    "truncated": lambda b: b[: len(b) // 2],
    "not_utf8": lambda b: b"\xff\xfe\x00garbage" + b,
    "garbage": lambda b: b"this is not json at all",
    "deep_nesting": lambda b: b"[" * 100_000 + b"]" * 100_000,
    "huge": lambda b: b'{"format": 1, "pad": "' + b"x" * 5_000_000 + b'"}',
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("vault") / "profile"
    create_profile(Profile(root), "practitioner", PASS, FAST_KDF).close()
    return root


def _copy(pristine: Path, tmp_path: Path) -> Profile:
    import shutil

    root = tmp_path / "profile"
    shutil.copytree(pristine, root)
    return Profile(root)


def _run(profile: Profile, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    monkeypatch.setenv("TAFAPP_PASSPHRASE", PASS)
    before = hashlib.sha256(profile.db_path.read_bytes()).digest()
    code = main(["--profile", str(profile.root), "families", "--json"])
    out = capsys.readouterr()
    assert hashlib.sha256(profile.db_path.read_bytes()).digest() == before
    return code, out.out, out.err


def _refused(code: int, out: str, err: str) -> None:
    assert code in (3, 4), (code, out, err)
    assert "Traceback" not in out + err
    assert json.loads(out)["error"]["message"]
    assert err.startswith("tafapp: ") and len(err) > 40


def test_the_pristine_profile_opens(pristine: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(_copy(pristine, tmp_path), monkeypatch, capsys)
    assert code == 0 and json.loads(out) == []


@pytest.mark.parametrize("case", sorted(JSON_CASES))
def test_altered_vault_fields(case: str, pristine: Path, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    profile = _copy(pristine, tmp_path)
    doc = json.loads(profile.vault_path.read_text())
    profile.vault_path.write_text(json.dumps(JSON_CASES[case](doc)))
    _refused(*_run(profile, monkeypatch, capsys))


@pytest.mark.parametrize("case", sorted(BYTE_CASES))
def test_damaged_vault_bytes(case: str, pristine: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    profile = _copy(pristine, tmp_path)
    profile.vault_path.write_bytes(BYTE_CASES[case](profile.vault_path.read_bytes()))
    code, out, err = _run(profile, monkeypatch, capsys)
    _refused(code, out, err)
    assert code == 4 and "vault.json" in err


def test_vault_replaced_by_a_folder(pristine: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    profile = _copy(pristine, tmp_path)
    profile.vault_path.unlink()
    profile.vault_path.mkdir()
    _refused(*_run(profile, monkeypatch, capsys))


def test_a_damaged_keyring_entry(tmp_path: Path, memory_keyring: Any,
                                 monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    profile = Profile(tmp_path / "kr")
    create_profile(profile, "practitioner").close()
    for key in list(memory_keyring.items):
        memory_keyring.items[key] = "not a key"
    monkeypatch.delenv("TAFAPP_PASSPHRASE", raising=False)
    code = main(["--profile", str(profile.root), "families", "--json"])
    out = capsys.readouterr()
    _refused(code, out.out, out.err)
    assert code == 4 and "keyring" in out.err
