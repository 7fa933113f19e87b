"""Tables: rows copied from a prototype and rows built cell by cell read back the same."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from tafapp.exports import styles as st
from tafapp.exports.builder import Builder, Cell
from tafapp.exports.template import load_template

HEADERS = ["What", "Who", "When"]
ROWS: list[list[str | Cell]] = [
    ["Attend the parenting course", "Mum", "12/01/2027"],
    ["Two lines\nof text", "School", ""],
    ["  spaced at both ends  ", Cell("Open", flag="OVERDUE"), "01/02/2027"],
    ["Tab\tinside", "Health", "03/03/2027"],
    ["", "", ""],
    ["Blank lines\n\n  \nare dropped", "Police", "04/04/2027"],
    ["Last plain row", "Housing", "05/05/2027"],
    ["  padded  ", "Early years", "06/06/2027"],
]


def _table() -> docx.document.Document:
    builder = Builder(load_template(None))
    builder.table(HEADERS, ROWS, [8.0, 4.0, 3.0])
    out = io.BytesIO()
    builder.doc.save(out)
    return docx.Document(io.BytesIO(out.getvalue()))


def test_every_row_reads_back_in_order_with_its_text() -> None:
    table = _table().tables[-1]
    got = [[c.text for c in row.cells] for row in table.rows]
    assert got[0] == HEADERS
    assert got[1:] == [
        ["Attend the parenting course", "Mum", "12/01/2027"],
        ["Two lines\nof text", "School", ""],
        ["  spaced at both ends  ", "OVERDUE Open", "01/02/2027"],
        ["Tab\tinside", "Health", "03/03/2027"],
        ["", "", ""],
        ["Blank lines\nare dropped", "Police", "04/04/2027"],
        ["Last plain row", "Housing", "05/05/2027"],
        ["  padded  ", "Early years", "06/06/2027"],
    ]


def test_every_row_keeps_together_and_only_the_header_repeats() -> None:
    table = _table().tables[-1]
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
        assert (tr_pr.find(qn("w:tblHeader")) is not None) == (i == 0)


def test_copied_and_built_cells_carry_the_same_width_and_style() -> None:
    doc = _table()
    table = doc.tables[-1]
    text_style = load_template(None).style_ids[st.TABLE_TEXT]
    for row in table.rows[1:]:
        for cell, cm in zip(row.cells, (8.0, 4.0, 3.0), strict=True):
            assert cell.width is not None and abs(cell.width.cm - cm) < 0.01
            assert cell.paragraphs[0]._p.style == text_style


def test_spaces_at_either_end_survive_a_copied_row() -> None:
    row = _table().tables[-1].rows[-1]
    ts = row._tr.findall(f".//{qn('w:t')}")
    spaced = [t for t in ts if t.text == "  padded  "]
    assert spaced and spaced[0].get(qn("xml:space")) == "preserve"
