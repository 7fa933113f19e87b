"""A document under construction on the council's template: headings, labelled lines, tables
with repeating header rows, and the marked header and footer every page carries."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

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
        """A table whose header row repeats on every page; rows never split across pages."""
        table = self.doc.add_table(rows=1 + len(rows), cols=len(headers))
        grid_style = self.style_id("Table Grid")
        if grid_style is not None:
            table._tbl.tblPr.style = grid_style
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = [Cm(w) for w in widths_cm]
        # Word reads the cell widths, LibreOffice the grid columns: set both.
        for col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            col.w = width
        all_cells = table._cells
        n = len(headers)
        for i, text in enumerate(headers):
            cell = all_cells[i]
            cell.width = widths[i]
            first = cell.paragraphs[0]
            first._p.style = self.style_id(st.TABLE_HEADER)
            first.add_run(text)
            docxkit.shade_cell(cell, self.template.header_fill)
        for r, values in enumerate(rows, start=1):
            for i, value in enumerate(values):
                cell = all_cells[r * n + i]
                cell.width = widths[i]
                self._fill(cell, value if isinstance(value, Cell) else Cell(value))
        docxkit.repeat_header_row(table)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def _fill(self, cell: Any, value: Cell) -> None:
        lines = [ln for ln in value.text.splitlines() if ln.strip()] or [""]
        first = cell.paragraphs[0]
        first._p.style = self.style_id(st.TABLE_TEXT)
        if value.flag:
            self._run(first, f"{value.flag} ", st.OVERDUE)
        first.add_run(lines[0])
        for line in lines[1:]:
            self._para(cell, line, st.TABLE_TEXT)

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

