"""A document under construction on the council's template: headings, labelled lines, tables
with repeating header rows, and the marked header and footer every page carries."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

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
    def __init__(self, template: Template) -> None:
        self.template = template
        self.doc = template.doc

    # body ---------------------------------------------------------------------------------
    def title(self, text: str) -> None:
        self.doc.add_paragraph(text, style="Title")

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.add_paragraph(text, style=f"Heading {level}")

    def lead(self, text: str) -> None:
        self.doc.add_paragraph(text, style=st.LEAD)

    def para(self, text: str, style: str | None = None) -> None:
        self.doc.add_paragraph(text, style=style)

    def text_block(self, text: str, empty: str) -> None:
        """Free text as typed: one paragraph per line, or `empty` when nothing was recorded."""
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        for line in lines or [empty]:
            self.doc.add_paragraph(line)

    def labelled(self, label: str, value: str) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.space_after = Pt(2)
        p.add_run(f"{label}: ", style=st.LABEL)
        p.add_run(value)

    def bullets(self, items: Sequence[str]) -> None:
        style = "List Bullet" if "List Bullet" in self.doc.styles else None
        for item in items:
            self.doc.add_paragraph(item, style=style)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str | Cell]],
              widths_cm: Sequence[float]) -> None:
        """A table whose header row repeats on every page; rows never split across pages."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = self.doc.styles["Table Grid"] if "Table Grid" in self.doc.styles \
            else None
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = self.doc.styles[st.TABLE_HEADER]
            docxkit.shade_cell(cell, self.template.header_fill)
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                self._fill(cell, value if isinstance(value, Cell) else Cell(value))
        # Word reads the cell widths, LibreOffice the grid columns: set both.
        for column, width in zip(table.columns, widths_cm, strict=True):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=True):
                cell.width = Cm(width)
        docxkit.repeat_header_row(table)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def _fill(self, cell: object, value: Cell) -> None:
        lines = [ln for ln in value.text.splitlines() if ln.strip()] or [""]
        first = cell.paragraphs[0]  # type: ignore[attr-defined]
        first.style = self.doc.styles[st.TABLE_TEXT]
        if value.flag:
            first.add_run(f"{value.flag} ", style=st.OVERDUE)
        first.add_run(lines[0])
        for line in lines[1:]:
            cell.add_paragraph(line, style=st.TABLE_TEXT)  # type: ignore[attr-defined]

    # page furniture -----------------------------------------------------------------------
    def furniture(self, footer_line: str, alt_text: str) -> None:
        """OFFICIAL-SENSITIVE at the top and bottom of every page, the template's branding
        (logo given alt text), the footer line and "Page X of Y"."""
        for section in self.doc.sections:
            section.different_first_page_header_footer = False
            header = section.header
            header.is_linked_to_previous = False
            first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            marking = first.insert_paragraph_before(MARKING, style=st.MARKING)
            marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
            docxkit.set_alt_text(header._element, alt_text)
            footer = section.footer
            footer.is_linked_to_previous = False
            for p in footer.paragraphs[1:]:
                p._element.getparent().remove(p._element)
            top = footer.paragraphs[0]
            top.text = ""
            top.style = self.doc.styles[st.FOOTER]
            top.add_run(footer_line)
            pages = footer.add_paragraph(style=st.FOOTER)
            pages.add_run("Page ")
            docxkit.add_field(pages, "PAGE")
            pages.add_run(" of ")
            docxkit.add_field(pages, "NUMPAGES")
            footer.add_paragraph(MARKING, style=st.MARKING)
        docxkit.set_alt_text(self.doc.element.body, alt_text)

    def finish(self, *, title: str, subject: str, final: bool) -> bytes:
        docxkit.set_language(self.doc)
        docxkit.scrub_properties(self.doc, title=title, subject=subject,
                                 status="FINAL" if final else "DRAFT")
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

