"""Fixtures for the Word export tests: a store holding the sample family, and readers that open
a document again the way a person (or a leak hunter) would."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
import pytest
from docx.document import Document

from tafapp.demo.sample import SampleFamily, build_sample_family
from tafapp.storage.store import Store


@pytest.fixture
def sample(store: Store) -> SampleFamily:
    """A fresh store with the sample family, for a test that writes."""
    with store.begin() as s:
        return build_sample_family(s)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, SampleFamily]]:
    """One store with the sample family for a module of read-only tests (building it is the
    slow part). A passphrase, not the keyring, so it outlives each test's memory keyring."""
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import create_profile
    from tests.conftest import FAST_KDF

    root = tmp_path_factory.mktemp("exports") / "profile"
    st = create_profile(Profile(root), "practitioner", "sample passphrase", FAST_KDF)
    with st.begin() as s:
        family = build_sample_family(s)
    yield st, family
    st.close()


def open_docx(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def xml_parts(data: bytes) -> dict[str, str]:
    """Every part of the .docx zip as text: body, headers, footers, styles, docProps."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name).decode("utf-8", "replace") for name in z.namelist()}


def body_blocks(doc: Document) -> Iterator[tuple[str, Any]]:
    """("p", paragraph) and ("t", table) in reading order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield "p", Paragraph(child, doc)
        elif tag == "tbl":
            yield "t", Table(child, doc)


def headings(doc: Document, level: int) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def table_rows(table: Any) -> list[tuple[str, ...]]:
    return [tuple(c.text for c in row.cells) for row in table.rows]


def tables_under(doc: Document, heading: str) -> list[Any]:
    """Tables after the heading `heading` up to the next heading of the same or higher level."""
    found, level, out = False, 0, []
    for kind, block in body_blocks(doc):
        if kind == "p" and block.style.name.startswith("Heading"):
            this = int(block.style.name.split()[-1])
            if found and this <= level:
                break
            if block.text == heading:
                found, level = True, this
        elif kind == "t" and found:
            out.append(block)
    return out


def text_under(doc: Document, heading: str) -> str:
    found, level, out = False, 0, []
    for kind, block in body_blocks(doc):
        if kind != "p":
            continue
        if block.style.name.startswith("Heading"):
            this = int(block.style.name.split()[-1])
            if found and this <= level:
                break
            if block.text == heading:
                found, level = True, this
                continue
        if found:
            out.append(block.text)
    return "\n".join(out)
