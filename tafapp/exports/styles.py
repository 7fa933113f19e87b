"""The named styles every tafapp document uses (documented in docs/word-template.md).

A council's template may define any of them its own way; whatever it lacks is added here with
tafapp's defaults, so a partial template still gives a complete document.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles import BabelFish

FONT = "Arial"  # the sans-serif most councils' accessibility guidance asks for
INK = RGBColor(0x1B, 0x1B, 0x1B)
BRAND = RGBColor(0x1F, 0x5F, 0x6B)
HEADER_FILL = "1F5F6B"

MARKING = "TAF Marking"
FOOTER = "TAF Footer"
COUNCIL = "TAF Council Name"
LEAD = "TAF Lead"
TABLE_HEADER = "TAF Table Header"
TABLE_TEXT = "TAF Table Text"
LABEL = "TAF Label"
OVERDUE = "TAF Overdue"


@dataclass(frozen=True)
class Spec:
    name: str
    kind: WD_STYLE_TYPE
    size: float
    bold: bool = False
    italic: bool = False
    color: RGBColor | None = None
    base: str | None = "Normal"
    space_before: float | None = None
    space_after: float | None = None
    center: bool = False
    keep_next: bool = False


SPECS = (
    Spec("Normal", WD_STYLE_TYPE.PARAGRAPH, 11, color=INK, base=None, space_after=6),
    Spec("Title", WD_STYLE_TYPE.PARAGRAPH, 22, bold=True, color=BRAND, space_after=4),
    Spec("Heading 1", WD_STYLE_TYPE.PARAGRAPH, 15, bold=True, color=BRAND, space_before=16,
         space_after=6, keep_next=True),
    Spec("Heading 2", WD_STYLE_TYPE.PARAGRAPH, 12.5, bold=True, color=BRAND, space_before=10,
         space_after=4, keep_next=True),
    Spec("Heading 3", WD_STYLE_TYPE.PARAGRAPH, 11, bold=True, color=INK, space_before=8,
         space_after=2, keep_next=True),
    Spec(MARKING, WD_STYLE_TYPE.PARAGRAPH, 10, bold=True, color=RGBColor(0xA0, 0x10, 0x10),
         space_after=2, center=True),
    Spec(FOOTER, WD_STYLE_TYPE.PARAGRAPH, 8, color=RGBColor(0x4A, 0x4A, 0x4A), space_after=0,
         center=True),
    Spec(COUNCIL, WD_STYLE_TYPE.PARAGRAPH, 12, bold=True, color=BRAND, space_after=0),
    Spec(LEAD, WD_STYLE_TYPE.PARAGRAPH, 11.5, color=INK, space_after=10),
    Spec(TABLE_HEADER, WD_STYLE_TYPE.PARAGRAPH, 10, bold=True,
         color=RGBColor(0xFF, 0xFF, 0xFF), space_after=0),
    Spec(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH, 10, color=INK, space_after=0),
    Spec(LABEL, WD_STYLE_TYPE.CHARACTER, 11, bold=True, base=None),
    Spec(OVERDUE, WD_STYLE_TYPE.CHARACTER, 10, bold=True, color=RGBColor(0xA0, 0x10, 0x10),
         base=None),
)


def _apply(doc: Document, spec: Spec) -> None:
    styles = doc.styles
    style = styles[spec.name] if spec.name in styles else styles.add_style(spec.name, spec.kind)
    if spec.base and spec.name != spec.base and spec.kind == WD_STYLE_TYPE.PARAGRAPH:
        style.base_style = styles[spec.base]
    font = style.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(spec.size), spec.bold, spec.italic
    _drop_theme_fonts(style.element)
    if spec.color is not None:
        font.color.rgb = spec.color
    if spec.kind != WD_STYLE_TYPE.PARAGRAPH:
        return
    fmt = style.paragraph_format
    if spec.space_before is not None:
        fmt.space_before = Pt(spec.space_before)
    if spec.space_after is not None:
        fmt.space_after = Pt(spec.space_after)
    if spec.center:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if spec.keep_next:
        fmt.keep_with_next = True
    style.quick_style = True


def _drop_theme_fonts(element: object) -> None:
    # A theme font (w:asciiTheme) wins over the named font, so the named font is made to hold.
    rfonts = element.find(qn("w:rPr") + "/" + qn("w:rFonts"))  # type: ignore[attr-defined]  # an lxml element
    if rfonts is None:
        return
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    rfonts.set(qn("w:cs"), FONT)


def ensure_styles(doc: Document, *, restyle: bool = False) -> list[str]:
    """Add the named styles `doc` lacks (or restyle all of them, for the built-in template).
    Returns the names that were added or restyled."""
    done = []
    have = {BabelFish.internal2ui(el.find(qn("w:name")).get(qn("w:val"))) for el in
            doc.styles.element.findall(qn("w:style")) if el.find(qn("w:name")) is not None}
    for spec in SPECS:
        if restyle or spec.name not in have:
            _apply(doc, spec)
            done.append(spec.name)
    if restyle:
        _fill_header_style(doc)
    return done


def _fill_header_style(doc: Document) -> None:
    ppr = doc.styles[TABLE_HEADER].element.get_or_add_pPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), HEADER_FILL)
    ppr.append(shd)


def header_fill(doc: Document) -> str:
    """The table header colour: the shading of the template's "TAF Table Header" style."""
    ppr = doc.styles[TABLE_HEADER].element.pPr if TABLE_HEADER in doc.styles else None
    shd = None if ppr is None else ppr.find(qn("w:shd"))
    fill = None if shd is None else shd.get(qn("w:fill"))
    return fill if fill and fill.lower() != "auto" else HEADER_FILL
