"""The council's Word template: styles, header (logo and council name) and page setup.

Which template: an explicit path, else `TAFAPP_WORD_TEMPLATE`, else the shipped
`resources/tafapp-template.docx` (a council replaces that file to brand every document). A
template that is missing or unreadable never stops an export: the document is built on the
built-in template and a `TemplateWarning` says why, for the CLI or the window to show.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles import BabelFish

from tafapp.exports import docxkit
from tafapp.exports import styles as st

TEMPLATE_ENV = "TAFAPP_WORD_TEMPLATE"
SHIPPED = "tafapp-template.docx"
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024  # a letterhead, not a library: refuse anything huge
_TEMPLATE_CT = "wordprocessingml.template.main+xml"
_DOCUMENT_CT = "wordprocessingml.document.main+xml"


@dataclass(frozen=True)
class TemplateWarning:
    """The chosen template could not be used; the built-in one was."""

    path: str
    reason: str

    def message(self) -> str:
        return (f"The Word template {self.path} could not be used ({self.reason}), so the "
                "built-in tafapp template was used instead. Ask whoever looks after your "
                "council's template to check it (see docs/word-template.md).")


@dataclass
class Template:
    doc: Document
    council: str
    header_fill: str
    warnings: list[TemplateWarning]
    style_ids: dict[str, str]  # style name as Word shows it -> w:styleId


def shipped_template() -> Path:
    return Path(str(resources.files("resources").joinpath(SHIPPED)))


def chosen_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get(TEMPLATE_ENV)
    return Path(env) if env else shipped_template()


def _read(path: Path) -> Document:
    """Open a .docx or a .dotx (a council's Word template is often saved as .dotx)."""
    if not path.is_file():
        raise ValueError("the file does not exist")
    if path.stat().st_size > MAX_TEMPLATE_BYTES:
        raise ValueError("the file is larger than 20 MB")
    data = path.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            types = zin.read("[Content_Types].xml").decode("utf-8")
            if _TEMPLATE_CT in types:
                data = _as_document(zin, types)
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        raise ValueError("it is not a Word document") from None
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a bad file
        raise ValueError(f"Word could not read it: {type(exc).__name__}") from None


def _as_document(zin: zipfile.ZipFile, types: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            blob = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                blob = types.replace(_TEMPLATE_CT, _DOCUMENT_CT).encode("utf-8")
            zout.writestr(item, blob)
    return out.getvalue()


def _clear_body(doc: Document) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


_EXTRA_PARTS = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible",
                "/people", "/glossaryDocument", "/customXml")


def _drop_template_extras(doc: Document) -> None:
    """Comments (with their authors' names), reviewers, building blocks and custom XML (a
    document library's metadata) belong to the template's own history; none of them may
    travel inside a family's document."""
    rels = doc.part.rels
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith(_EXTRA_PARTS):
            del rels[rid]
    settings = doc.settings.element
    # The attached template's path names the user who saved it (C:\Users\jsmith\...).
    for tag in ("w:attachedTemplate", "w:docVars"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    settings_rels = doc.part._settings_part.rels
    for rid, rel in list(settings_rels.items()):
        if rel.reltype.endswith("/attachedTemplate"):
            del settings_rels[rid]
    # Even-page headers would print pages without the marking tafapp adds to the default one.
    doc.settings.odd_and_even_pages_header_footer = False


def _council_name(doc: Document) -> str:
    for section in doc.sections:
        for p in section.header.paragraphs:
            if p.style is not None and p.style.name == st.COUNCIL and p.text.strip():
                return p.text.strip()
    return ""


def builtin_document(council: str = "") -> Document:
    """The built-in template, made in code: python-docx's blank document, tafapp's named
    styles, A4 with 2 cm margins, and a header with the logo and the council name."""
    doc = docx.Document()
    st.ensure_styles(doc, restyle=True)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    section.header_distance = section.footer_distance = Cm(1.0)
    header = section.header
    para = header.paragraphs[0]
    para.style = doc.styles[st.COUNCIL]
    para.paragraph_format.space_after = Pt(10)
    logo = _logo_png()
    if logo is not None:
        para.add_run().add_picture(io.BytesIO(logo), height=Cm(1.1))
        para.add_run("   ")
    para.add_run(council or "Team Around the Family")
    _clear_body(doc)
    return doc


def _logo_png() -> bytes | None:
    try:
        return resources.files("resources").joinpath("logo.png").read_bytes()
    except (FileNotFoundError, OSError):
        return None


@dataclass(frozen=True)
class _Prepared:
    data: bytes
    council: str
    header_fill: str
    warnings: tuple[TemplateWarning, ...]
    style_ids: dict[str, str]


def _style_ids(doc: Document) -> dict[str, str]:
    # python-docx's lookup by name scans every style on each call; documents look up by id.
    out = {}
    for el in doc.styles.element.findall(qn("w:style")):
        name = el.find(qn("w:name"))
        if name is not None:
            out[BabelFish.internal2ui(name.get(qn("w:val")))] = el.get(qn("w:styleId"))
    return out


_prepared: dict[tuple[str, int, int], _Prepared] = {}


def _prepare(path: Path) -> _Prepared:
    warnings: list[TemplateWarning] = []
    try:
        doc = _read(path)
    except ValueError as exc:
        warnings.append(TemplateWarning(str(path), str(exc)))
        doc = builtin_document()
    except OSError as exc:
        warnings.append(TemplateWarning(str(path), f"it could not be read: {exc.strerror}"))
        doc = builtin_document()
    _clear_body(doc)
    _drop_template_extras(doc)
    st.ensure_styles(doc)
    docxkit.set_language(doc)
    out = io.BytesIO()
    doc.save(out)
    return _Prepared(out.getvalue(), _council_name(doc), st.header_fill(doc), tuple(warnings),
                     _style_ids(doc))


def load_template(explicit: str | os.PathLike[str] | None = None) -> Template:
    """A fresh document on the template. The checked, emptied template is kept in memory per
    (path, modification time, size), so a council's edited file is picked up at once."""
    path = chosen_path(explicit)
    try:
        info = path.stat()
        key = (str(path.resolve()), info.st_mtime_ns, info.st_size)
    except OSError:
        key = (str(path), -1, -1)
    prepared = _prepared.get(key)
    if prepared is None:
        prepared = _prepare(path)
        if len(_prepared) > 8:
            _prepared.clear()
        _prepared[key] = prepared
    return Template(docx.Document(io.BytesIO(prepared.data)), prepared.council,
                    prepared.header_fill, list(prepared.warnings), prepared.style_ids)
