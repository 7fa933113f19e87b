"""Make resources/logo.svg, resources/logo.png and resources/tafapp-template.docx.

    .venv/bin/python tools/make_word_template.py

The template is the built-in one (tafapp.exports.template.builtin_document): tafapp's named
styles, A4 page, a header with the logo and a name. A council opens it in Word, changes the
styles, logo and name, and saves it over resources/tafapp-template.docx (docs/word-template.md).
The logo is drawn from a few shapes, written once as SVG and once as a PNG rasterised here, so
no image library is needed.
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER_NAME = "Early Help · Team Around the Family"
SIZE = 240  # pixels of the PNG; the SVG viewBox is 120 units
SAMPLES = 4  # per axis, for smooth edges

# (kind, params, colour): circles (cx, cy, r), rings (cx, cy, r_out, r_in), rounded
# rectangles (x0, y0, x1, y1, radius). Later shapes paint over earlier ones.
SHAPES: list[tuple[str, tuple[float, ...], str]] = [
    ("circle", (60, 60, 58), "#1F5F6B"),
    ("ring", (60, 60, 51, 47), "#8CC7C9"),
    ("circle", (37, 41, 9), "#FFFFFF"),
    ("rect", (25, 54, 49, 86, 10), "#FFFFFF"),
    ("circle", (83, 41, 9), "#FFFFFF"),
    ("rect", (71, 54, 95, 86, 10), "#FFFFFF"),
    ("circle", (60, 59, 7), "#F2B134"),
    ("rect", (51, 70, 69, 90, 8), "#F2B134"),
]


def svg() -> str:
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" '
             'height="120" role="img" aria-label="Team Around the Family logo">',
             "<title>Team Around the Family logo</title>"]
    for kind, p, colour in SHAPES:
        if kind == "circle":
            parts.append(f'<circle cx="{p[0]}" cy="{p[1]}" r="{p[2]}" fill="{colour}"/>')
        elif kind == "ring":
            width = p[2] - p[3]
            parts.append(f'<circle cx="{p[0]}" cy="{p[1]}" r="{p[3] + width / 2}" fill="none" '
                         f'stroke="{colour}" stroke-width="{width}"/>')
        else:
            parts.append(f'<rect x="{p[0]}" y="{p[1]}" width="{p[2] - p[0]}" '
                         f'height="{p[3] - p[1]}" rx="{p[4]}" fill="{colour}"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _inside(kind: str, p: tuple[float, ...], x: float, y: float) -> bool:
    if kind == "circle":
        return (x - p[0]) ** 2 + (y - p[1]) ** 2 <= p[2] ** 2
    if kind == "ring":
        d2 = (x - p[0]) ** 2 + (y - p[1]) ** 2
        return p[3] ** 2 <= d2 <= p[2] ** 2
    x0, y0, x1, y1, r = p
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def png() -> bytes:
    scale = 120 / SIZE
    rows = bytearray()
    for py in range(SIZE):
        rows.append(0)  # filter type: none
        for px in range(SIZE):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px + (sx + 0.5) / SAMPLES) * scale
                    y = (py + (sy + 0.5) / SAMPLES) * scale
                    hit = None
                    for kind, p, colour in SHAPES:
                        if _inside(kind, p, x, y):
                            hit = colour
                    if hit is not None:
                        r, g, b = _rgb(hit)
                        acc[0] += r
                        acc[1] += g
                        acc[2] += b
                        acc[3] += 1
            n = acc[3]
            if n:
                rows += bytes((round(acc[0] / n), round(acc[1] / n), round(acc[2] / n),
                               round(255 * n / SAMPLES**2)))
            else:
                rows += b"\0\0\0\0"

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def main() -> int:
    res = ROOT / "resources"
    (res / "logo.svg").write_text(svg(), encoding="utf-8")
    (res / "logo.png").write_bytes(png())
    from tafapp.exports import template

    doc = template.builtin_document(HEADER_NAME)
    doc.add_paragraph("tafapp Word template", style="Title")
    doc.add_paragraph(
        "tafapp replaces this page with each document it writes. Change the named styles "
        "(Home > Styles), the logo and the name in the header, then save this file over "
        "resources/tafapp-template.docx. The styles are listed in docs/word-template.md.")
    for name in ("Heading 1", "Heading 2", "Heading 3", "TAF Lead", "TAF Table Text"):
        doc.add_paragraph(f"{name}: sample text", style=name)
    props = doc.core_properties
    props.title, props.author, props.comments = "tafapp Word template", "tafapp", ""
    doc.save(str(res / template.SHIPPED))
    print(f"wrote {res / 'logo.svg'}, {res / 'logo.png'}, {res / template.SHIPPED}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
