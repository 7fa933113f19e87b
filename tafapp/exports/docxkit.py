"""Small OOXML helpers python-docx has no API for: fields, repeating header rows, cell shading,
document language, alt text, and a scrubbed set of document properties."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

LANG = "en-GB"


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A complex field (PAGE, NUMPAGES): Word and LibreOffice compute it when laying out."""
    def fld(kind: str) -> Any:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")
        return el

    for part in ("begin", "instr", "separate", "text", "end"):
        run = paragraph.add_run()
        if part == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        elif part == "text":
            run.text = placeholder
        else:
            run._r.append(fld(part))


def repeat_header_row(table: Table) -> None:
    """Mark the first row as a header row repeated at the top of every page (w:tblHeader),
    and keep every row from splitting across a page break."""
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.append(OxmlElement("w:cantSplit"))
        if i == 0 and tr_pr.find(qn("w:tblHeader")) is None:
            tr_pr.append(OxmlElement("w:tblHeader"))


def shade_cell(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = tc_pr.find(qn("w:shd"))
    if shd is None:
        shd = OxmlElement("w:shd")
        tc_pr.append(shd)
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def set_language(doc: Document, lang: str = LANG) -> None:
    """English (UK) for spelling, dates and screen readers: in the document defaults of
    styles.xml (every style inherits it), in styles that name a language of their own, and
    as the theme font language in settings."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), lang)
    el.set(qn("w:eastAsia"), lang)
    el.set(qn("w:bidi"), "ar-SA")
    rpr.append(el)
    for style in styles.findall(qn("w:style")):
        style_rpr = style.find(qn("w:rPr"))
        for old in [] if style_rpr is None else style_rpr.findall(qn("w:lang")):
            old.set(qn("w:val"), lang)
    # Only where the template has one: w:settings children have a strict order in Word.
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), lang)


def set_alt_text(element: Any, text: str) -> int:
    """Give every picture under `element` (a header, the body) alt text if it has none.
    Returns how many pictures were found."""
    count = 0
    for doc_pr in element.iter(qn("wp:docPr")):
        count += 1
        if not doc_pr.get("descr"):
            doc_pr.set("descr", text)
        if not doc_pr.get("title"):
            doc_pr.set("title", text)
    return count


_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
    'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>tafapp</Application><DocSecurity>0</DocSecurity></Properties>"
)


def scrub_properties(doc: Document, *, title: str, subject: str, status: str) -> None:
    """Document properties carry only what the document is, never who it is about or who
    wrote it (a council template's author, company or manager would otherwise travel on)."""
    props = doc.core_properties
    core = props._element
    for child in list(core):  # start empty: a template's last-printed date, etc., go too
        core.remove(child)
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.title, props.subject = title, subject
    props.author = props.last_modified_by = "tafapp"
    props.keywords = props.category = "OFFICIAL-SENSITIVE"
    props.comments = props.identifier = props.version = ""
    props.content_status = status
    props.language = LANG
    props.created = props.modified = now
    props.revision = 1
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _APP_XML.encode()  # a generic Part: its blob is what gets saved
    _drop_custom_properties(doc)


def _drop_custom_properties(doc: Document) -> None:
    # Custom properties and a template's thumbnail describe the template, not this document.
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith(("/custom-properties", "/thumbnail")):
            del package.rels[rid]
