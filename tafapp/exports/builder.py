"""A document under construction on the council's template: headings, labelled lines, tables
with repeating header rows, and the marked header and footer every page carries."""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Cm, Length, Pt
from docx.table import _Cell

from tafapp.exports import docxkit
from tafapp.exports import styles as st
from tafapp.exports.template import Template
from tafapp.exports.wording import MARKING


@dataclass(frozen=True)
class Cell:
    """A table cell's text; `flag` is shown first in the overdue style (e.g. "OVERDUE")."""

    text: str
    flag: str = ""


class Builder:
    """Styles are applied by id (Template.style_ids): python-docx's lookup by name scans
    every style in the template on each call, which was most of an export's time."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.doc = template.doc
        self._cells: dict[bool, Any] = {}

    def style_id(self, name: str) -> str | None:
        return self.template.style_ids.get(name)

    def _para(self, container: Any, text: str, style: str | None) -> Any:
        p = container.add_paragraph(text)
        sid = self.style_id(style) if style else None
        if sid is not None:
            p._p.style = sid
        return p

    def _run(self, paragraph: Any, text: str, style: str | None = None) -> Any:
        run = paragraph.add_run(text)
        sid = self.style_id(style) if style else None
        if sid is not None:
            run._r.style = sid
        return run

    # body ---------------------------------------------------------------------------------
    def title(self, text: str) -> None:
        self._para(self.doc, text, "Title")

    def heading(self, text: str, level: int = 1) -> None:
        self._para(self.doc, text, f"Heading {level}")

    def lead(self, text: str) -> None:
        self._para(self.doc, text, st.LEAD)

    def para(self, text: str, style: str | None = None) -> None:
        self._para(self.doc, text, style)

    def text_block(self, text: str, empty: str) -> None:
        """Free text as typed: one paragraph per line, or `empty` when nothing was recorded."""
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        for line in lines or [empty]:
            self.doc.add_paragraph(line)

    def labelled(self, label: str, value: str) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.space_after = Pt(2)
        self._run(p, f"{label}: ", st.LABEL)
        p.add_run(value)

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self._para(self.doc, item, "List Bullet")

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str | Cell]],
              widths_cm: Sequence[float]) -> None:
        """A table whose header row repeats on every page; rows never split across pages.

        Body rows are built from prototype cells (`_body_row`)."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        grid_style = self.style_id("Table Grid")
        if grid_style is not None:
            table._tbl.tblPr.style = grid_style
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = [Cm(w) for w in widths_cm]
        # Word reads the cell widths, LibreOffice the grid columns: set both.
        for col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            col.w = width
        for cell, width, text in zip(table.rows[0].cells, widths, headers, strict=True):
            cell.width = width
            first = cell.paragraphs[0]
            first._p.style = self.style_id(st.TABLE_HEADER)
            first.add_run(text)
            docxkit.shade_cell(cell, self.template.header_fill)
        for values in rows:
            cells = [v if isinstance(v, Cell) else Cell(v) for v in values]
            table._tbl.append(self._body_row(table, cells, widths))
        docxkit.repeat_header_row(table)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def _body_row(self, table: Any, cells: Sequence[Cell], widths: Sequence[Length]) -> Any:
        """A row kept together on a page, each cell a copy of a prototype cell (styled, with
        the flag's run when it has one) with its width and text put in: a tenth of the cost
        of building each cell through python-docx. A second line becomes a paragraph."""
        tr = OxmlElement("w:tr")
        tr.append(OxmlElement("w:trPr"))
        tr[0].append(OxmlElement("w:cantSplit"))
        for value, width in zip(cells, widths, strict=True):
            tc = copy.deepcopy(self._prototype_cell(table, bool(value.flag)))
            tc.width = width
            tr.append(tc)
            lines = _lines(value.text)
            texts = list(tc.iter(qn("w:t")))
            if value.flag:
                _put_text(texts[0], f"{value.flag} ")
            _put_text(texts[-1], lines[0])
            for line in lines[1:]:
                self._para(_Cell(tc, table), line, st.TABLE_TEXT)
        return tr

    def _prototype_cell(self, table: Any, flagged: bool) -> Any:
        """A detached cell in the table text style holding one run of text, after the
        flag's run in the overdue style when `flagged`; made once per document."""
        if flagged not in self._cells:
            row = table.add_row()
            cell = row.cells[0]
            first = cell.paragraphs[0]
            first._p.style = self.style_id(st.TABLE_TEXT)
            if flagged:
                self._run(first, "-", st.OVERDUE)
            first.add_run("-")
            table._tbl.remove(row._tr)
            self._cells[flagged] = cell._tc
        return self._cells[flagged]

    # page furniture -----------------------------------------------------------------------
    def furniture(self, footer_line: str, alt_text: str) -> None:
        """OFFICIAL-SENSITIVE at the top and bottom of every page, the template's branding
        (logo given alt text), the footer line and "Page X of Y"."""
        for section in self.doc.sections:
            section.different_first_page_header_footer = False
            header = section.header
            header.is_linked_to_previous = False
            first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            marking = first.insert_paragraph_before(MARKING)
            marking._p.style = self.style_id(st.MARKING)
            marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
            docxkit.set_alt_text(header._element, alt_text)
            footer = section.footer
            footer.is_linked_to_previous = False
            for p in footer.paragraphs[1:]:
                p._element.getparent().remove(p._element)
            top = footer.paragraphs[0]
            top.text = ""
            top._p.style = self.style_id(st.FOOTER)
            top.add_run(footer_line)
            pages = self._para(footer, "", st.FOOTER)
            pages.add_run("Page ")
            docxkit.add_field(pages, "PAGE")
            pages.add_run(" of ")
            docxkit.add_field(pages, "NUMPAGES")
            self._para(footer, MARKING, st.MARKING)
        docxkit.set_alt_text(self.doc.element.body, alt_text)

    def finish(self, *, title: str, subject: str, final: bool) -> bytes:
        # The language (en-GB) was set on the template's styles when it was prepared.
        docxkit.scrub_properties(self.doc, title=title, subject=subject,
                                 status="FINAL" if final else "DRAFT")
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _lines(text: str) -> list[str]:
    """A cell's paragraphs: the text's non-blank lines, or one empty one."""
    return [ln for ln in text.splitlines() if ln.strip()] or [""]


def _put_text(t: Any, text: str) -> None:
    """Write a copied run's text as python-docx would: no w:t for nothing, and spaces kept
    at either end."""
    if not text:
        t.getparent().remove(t)
        return
    t.text = text
    if text != text.strip():
        t.set(qn("xml:space"), "preserve")
