"""`tafapp identity`, `enrol` and `devices` in a subprocess, as a coordinator's script runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tafapp.storage.profile import Profile
from tafapp.storage.store import create_profile, open_profile
from tafapp.sync import identity
from tests.conftest import FAST_KDF

PASS = "a long test passphrase"


def tafapp(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TAFAPP_PASSPHRASE": PASS, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "tafapp", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def _profile(root: Path, role: str) -> Path:
    """A profile made in-process (cheap KDF) without keys: the commands make them lazily."""
    with create_profile(Profile(root), role, PASS, FAST_KDF):
        pass
    return root


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    return _profile(tmp_path / "hub", "hub"), _profile(tmp_path / "laptop", "practitioner")


def _json(out: subprocess.CompletedProcess[str]) -> dict:  # type: ignore[type-arg]
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_identity_enrol_devices(pair: tuple[Path, Path], tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    hub, laptop = pair
    hub_file, dev_file = tmp_path / "hub.identity", tmp_path / "laptop.identity"
    h = _json(tafapp("--profile", str(hub), "identity", "--out", str(hub_file), "--json"))
    assert set(h) >= {"id", "role", "fingerprint"} and h["role"] == "hub"
    assert identity.read_identity_file(hub_file)["fingerprint"] == h["fingerprint"]
    d = _json(tafapp("--profile", str(laptop), "identity", "--out", str(dev_file), "--json"))
    assert d["role"] == "practitioner" and d["fingerprint"] != h["fingerprint"]

    e = _json(tafapp("--profile", str(laptop), "enrol", str(hub_file), "--json"))
    assert e["hub_id"] == h["id"] and e["fingerprint"] == h["fingerprint"]
    a = _json(tafapp("--profile", str(hub), "devices", "add", str(dev_file), "--json"))
    assert a == {**a, "id": d["id"], "status": "active", "fingerprint": d["fingerprint"]}
    # The rest in this process: each subprocess costs seconds on a busy machine.
    from tafapp.cli import main

    monkeypatch.setenv("TAFAPP_PASSPHRASE", PASS)
    assert main(["--profile", str(hub), "devices", "revoke", d["id"]]) == 0
    with open_profile(Profile(hub)) as st, st.read() as s:
        from tafapp.sync import registry

        assert registry.list_devices(s)[0]["status"] == "revoked"


def test_devices_list_json(here: tuple[Path, Path], tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    hub, laptop = here
    dev_file = tmp_path / "laptop.identity"
    run_here(capsys, "--profile", str(laptop), "identity", "--out", str(dev_file))
    code, out, _ = run_here(capsys, "--profile", str(hub), "devices", "list", "--json")
    assert code == 0 and json.loads(out) == []
    run_here(capsys, "--profile", str(hub), "devices", "add", str(dev_file))
    code, out, _ = run_here(capsys, "--profile", str(hub), "devices", "list", "--json")
    (row,) = json.loads(out)
    assert row["status"] == "active" and row["revoked_at"] is None
    code, out, _ = run_here(capsys, "--profile", str(hub), "devices", "revoke", row["id"],
                            "--json")
    assert code == 0 and json.loads(out)["status"] == "revoked"
    code, out, _ = run_here(capsys, "--profile", str(hub), "devices", "list")
    assert code == 0 and "revoked" in out and "1 devices" in out


def run_here(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The same CLI in this process: for error paths, where a subprocess each costs seconds."""
    from tafapp.cli import main

    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def here(pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("TAFAPP_PASSPHRASE", PASS)
    return pair


def test_wrong_role_and_bad_files_exit_3(here: tuple[Path, Path], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    hub, laptop = here
    dev_file = tmp_path / "laptop.identity"
    assert run_here(capsys, "--profile", str(laptop), "identity", "--out", str(dev_file))[0] == 0
    before = (hub / "tafapp.db").read_bytes()
    code, out, _ = run_here(capsys, "--profile", str(hub), "enrol", str(dev_file), "--json")
    assert code == 3 and "practitioner profile" in json.loads(out)["error"]["message"]
    bad = tmp_path / "bad.identity"
    bad.write_text('{"format": "tafapp-identity", "version": 1}')
    code, out, _ = run_here(capsys, "--profile", str(hub), "devices", "add", str(bad), "--json")
    assert code == 3 and json.loads(out)["error"]["field"] == "id"
    code, _, err = run_here(capsys, "--profile", str(hub), "devices", "revoke", "no-such-device")
    assert code == 3 and "no-such-device" in err
    assert run_here(capsys, "--profile", str(laptop), "devices", "list")[0] == 3
    code, _, err = run_here(capsys, "--profile", str(laptop), "identity", "--out",
                            str(dev_file), "--escrow", "age1whatever")
    assert code == 3 and "escrow" in err
    # Refused commands changed nothing on the hub (its database is still the same bytes).
    assert (hub / "tafapp.db").read_bytes() == before


def test_hub_escrow_via_identity(here: tuple[Path, Path], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    import pyrage

    hub, _ = here
    escrow = str(pyrage.x25519.Identity.generate().to_public())
    f = tmp_path / "hub.identity"
    code, out, _ = run_here(capsys, "--profile", str(hub), "identity", "--out", str(f), "--json")
    plain = json.loads(out)
    code, out, _ = run_here(capsys, "--profile", str(hub), "identity", "--out", str(f),
                            "--escrow", escrow, "--json")
    with_escrow = json.loads(out)
    assert code == 0 and with_escrow["escrow_recipient"] == escrow
    assert with_escrow["fingerprint"] != plain["fingerprint"]
    assert identity.read_identity_file(f)["escrow_recipient"] == escrow
    with open_profile(Profile(hub), PASS) as st, st.read() as s:
        assert identity.escrow_recipient(s) == escrow


def test_init_makes_keys(tmp_path: Path) -> None:
    """`tafapp init` (the lead's command) leaves a profile whose keys exist already: its
    `setup_identity` is driven here on a cheap-KDF store instead of a costly subprocess."""
    from tafapp.sync.identity import setup_identity

    with create_profile(Profile(tmp_path / "newhub"), "hub", PASS, FAST_KDF) as st:
        setup_identity(st, "hub", "Borough hub", None, None)
        with st.read() as s:
            ident = identity.public_identity(s)
    assert ident["role"] == "hub" and ident["id"] == st.device_id
