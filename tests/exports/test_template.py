"""A council's template brands the document; a missing or broken one falls back, with a
message, to the built-in template."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import pytest

from tafapp.demo.sample import SampleFamily
from tafapp.exports import styles as st
from tafapp.exports import word
from tafapp.exports.template import TEMPLATE_ENV, builtin_document, load_template
from tafapp.storage.store import Store
from tests.exports.conftest import open_docx, xml_parts


def _council_template(path: Path, name: str = "Borsetshire County Council") -> Path:
    doc = builtin_document(name)
    doc.styles["Heading 1"].font.size = docx.shared.Pt(18)
    doc.save(str(path))
    return path


def test_shipped_template_loads_without_warnings() -> None:
    tpl = load_template()
    assert tpl.warnings == []
    assert tpl.council == "Early Help · Team Around the Family"
    assert all(spec.name in tpl.doc.styles for spec in st.SPECS)
    assert len(tpl.doc.element.body) == 1  # only the section properties are kept


def test_council_template_brands_the_document(shared: tuple[Store, SampleFamily],
                                              tmp_path: Path) -> None:
    store, sample = shared
    path = _council_template(tmp_path / "council.docx")
    with store.read() as s:
        done = word.render_meeting_notes(s, sample.review_meeting_id, "agency", template=path)
    assert done.warnings == ()
    doc = open_docx(done.data)
    header = [p.text.strip() for p in doc.sections[0].header.paragraphs]
    assert header == ["OFFICIAL-SENSITIVE", "Borsetshire County Council"]
    assert doc.styles["Heading 1"].font.size == docx.shared.Pt(18)


def test_a_dotx_template_is_accepted(tmp_path: Path) -> None:
    source = _council_template(tmp_path / "council.docx")
    dotx = tmp_path / "council.dotx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dotx, "w") as zout:
        for item in zin.infolist():
            blob = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                blob = blob.replace(b"document.main+xml", b"template.main+xml")
            zout.writestr(item, blob)
    tpl = load_template(dotx)
    assert tpl.warnings == []
    assert tpl.council == "Borsetshire County Council"


@pytest.mark.parametrize("content, reason", [
    (None, "does not exist"),
    (b"this is not a zip file at all", "not a Word document"),
    (b"PK\x03\x04 truncated zip", "not a Word document"),
])
def test_missing_or_broken_template_falls_back_with_a_message(
        shared: tuple[Store, SampleFamily], tmp_path: Path, content: bytes | None,
        reason: str) -> None:
    store, sample = shared
    path = tmp_path / "council.docx"
    if content is not None:
        path.write_bytes(content)
    with store.read() as s:
        done = word.render_meeting_notes(s, sample.review_meeting_id, "family", template=path)
    (warning,) = done.warnings
    assert reason in warning.reason
    assert str(path) in warning.message() and "built-in" in warning.message()
    doc = open_docx(done.data)
    assert doc.paragraphs[0].text == "Notes from your meeting"
    assert doc.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"


def test_a_zip_that_is_not_word_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "council.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    path.write_bytes(buf.getvalue())
    (warning,) = load_template(path).warnings
    assert "Word could not read it" in warning.reason


def test_template_lacking_our_styles_gets_them(tmp_path: Path) -> None:
    path = tmp_path / "plain.docx"
    docx.Document().save(str(path))
    tpl = load_template(path)
    assert tpl.warnings == []
    assert st.MARKING in tpl.doc.styles and st.OVERDUE in tpl.doc.styles
    assert tpl.header_fill == st.HEADER_FILL


def test_environment_variable_chooses_the_template(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = _council_template(tmp_path / "env.docx", "Wessex Unitary Authority")
    monkeypatch.setenv(TEMPLATE_ENV, str(path))
    assert load_template().council == "Wessex Unitary Authority"


def test_template_comments_and_even_headers_do_not_travel(
        shared: tuple[Store, SampleFamily], tmp_path: Path) -> None:
    store, sample = shared
    doc = builtin_document("Borsetshire County Council")
    para = doc.add_paragraph("Draft wording for the template")
    doc.add_comment(para.runs, text="CanaryCommentText", author="CanaryReviewer",
                    initials="CR")
    doc.settings.odd_and_even_pages_header_footer = True
    doc.core_properties.last_printed = datetime(2019, 3, 4, 5, 6, 7)
    doc.core_properties.comments = "CanaryCoreComment"
    doc.sections[0].even_page_header.paragraphs[0].text = "Even page header"
    path = tmp_path / "reviewed.docx"
    doc.save(str(path))
    with store.read() as s:
        data = word.render_meeting_notes(s, sample.review_meeting_id, "family",
                                         template=path).data
    everything = "\n".join(xml_parts(data).values())
    assert "CanaryCommentText" not in everything
    assert "CanaryReviewer" not in everything
    assert "CanaryCoreComment" not in everything and "2019-03-04" not in everything
    assert not open_docx(data).settings.odd_and_even_pages_header_footer


def test_attached_template_path_with_a_user_name_does_not_travel(tmp_path: Path) -> None:
    from tafapp.exports.builder import Builder

    plain = tmp_path / "plain.docx"
    builtin_document("C").save(str(plain))
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="'
            'http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            'Id="rIdT1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/attachedTemplate" Target="file:///C:/Users/CanaryUser/Council.dotm"'
            ' TargetMode="External"/></Relationships>')
    path = tmp_path / "attached.docx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            blob = zin.read(item.filename)
            if item.filename == "word/settings.xml":
                blob = blob.replace(b"<w:zoom", b'<w:attachedTemplate r:id="rIdT1"/><w:zoom', 1)
            zout.writestr(item, blob)
        zout.writestr("word/_rels/settings.xml.rels", rels)
    tpl = load_template(path)
    assert tpl.warnings == []
    builder = Builder(tpl)
    builder.para("text")
    data = builder.finish(title="t", subject="s", final=True)
    assert "CanaryUser" not in "\n".join(xml_parts(data).values())
