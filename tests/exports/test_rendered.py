"""The documents as LibreOffice lays them out: the coordinator summary fits on one page, and
every page of the agency copy carries the marking and "Page X of Y". Skipped where
LibreOffice and poppler-utils are not installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tafapp.demo.sample import SampleFamily
from tafapp.exports import word
from tafapp.storage.store import Store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which("libreoffice") and shutil.which("pdftotext")),
                       reason="needs libreoffice-writer-nogui and poppler-utils"),
]


def _to_pdf(docs: list[Path], work: Path) -> None:
    # One LibreOffice start for all documents: starting it is most of the time.
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{work}/lo",
                    "--convert-to", "pdf", "--outdir", str(work), *map(str, docs)],
                   check=True, capture_output=True, timeout=180)


def _pdf_pages(docx_path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(docx_path.with_suffix(".pdf")), "-"],
                          check=True, capture_output=True, text=True, timeout=60).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_layout_of_coordinator_and_agency_copies(shared: tuple[Store, SampleFamily],
                                                 tmp_path: Path) -> None:
    store, sample = shared
    with store.read() as s:
        for variant in ("coordinator", "agency"):
            word.export_meeting_notes(s, sample.review_meeting_id, variant,
                                      tmp_path / f"{variant}.docx")
    _to_pdf([tmp_path / "coordinator.docx", tmp_path / "agency.docx"], tmp_path)
    (summary,) = _pdf_pages(tmp_path / "coordinator.docx")
    assert "Page 1 of 1" in summary
    pages = _pdf_pages(tmp_path / "agency.docx")
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") == 2, number
        assert f"Page {number} of {len(pages)}" in page
        assert "TAF-2026-DEMO-0042 · Meeting 17/11/2026 · FINAL" in page
