"""Regenerate docs/samples/*.png: every Word export of the sample family, rendered by
LibreOffice to PDF and by pdftoppm to small PNG pages.

    .venv/bin/python tools/render_samples.py [--keep DIR]

Needs `libreoffice` (libreoffice-writer-nogui) and `pdftoppm` (poppler-utils). The family is
the fixed fictional one in tafapp/demo/sample.py, so the pages change only when the
documents do. --keep leaves the .docx and .pdf files in DIR for a closer look.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "samples"
AS_AT = date(2026, 11, 20)
DPI = "60"


def build_documents(work: Path) -> list[Path]:
    from tafapp.demo.sample import build_sample_family
    from tafapp.exports import word
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import create_profile
    from tafapp.storage.vault import KdfParams

    # A throwaway profile: a passphrase (cheap KDF) keeps the user's keyring untouched.
    store = create_profile(Profile(work / "profile"), "practitioner", "samples only",
                           KdfParams(memory_kib=8192, iterations=1, lanes=1))
    docs = []
    try:
        with store.begin() as s:
            fam = build_sample_family(s)
        with store.read() as s:
            for variant in word.NOTES_VARIANTS:
                path = work / f"notes-{variant}.docx"
                word.export_meeting_notes(s, fam.review_meeting_id, variant, path)
                docs.append(path)
            for variant in word.PLAN_VARIANTS:
                path = work / f"plan-{variant}.docx"
                word.export_family_plan(s, fam.family_id, variant, path, as_at=AS_AT)
                docs.append(path)
    finally:
        store.close()
    return docs


def render(docs: list[Path], work: Path) -> list[Path]:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None or shutil.which("pdftoppm") is None:
        raise SystemExit("needs libreoffice and pdftoppm: apt-get install -y "
                         "libreoffice-writer-nogui poppler-utils")
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{work}/lo",
                    "--convert-to", "pdf", "--outdir", str(work), *map(str, docs)],
                   check=True, capture_output=True, timeout=300)
    pages = []
    for doc in docs:
        pdf = doc.with_suffix(".pdf")
        subprocess.run(["pdftoppm", "-png", "-r", DPI, str(pdf), str(work / doc.stem)],
                       check=True, timeout=120)
        pages += sorted(work.glob(f"{doc.stem}-*.png"))
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="also keep the .docx and .pdf here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docs = build_documents(work)
        pages = render(docs, work)
        OUT.mkdir(parents=True, exist_ok=True)
        for old in OUT.glob("*.png"):
            old.unlink()
        for page in pages:
            shutil.copy(page, OUT / page.name)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for f in [*docs, *(d.with_suffix(".pdf") for d in docs)]:
                shutil.copy(f, args.keep / f.name)
    print(f"{len(pages)} pages in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
