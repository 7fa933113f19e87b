"""Meeting notes as .docx, per document, beside its floor (DESIGN section 8: <= 100 ms p95 and
<= 3x floor).

    python bench/docx_bench.py [--runs 60] [--out docs/bench-exports.md]

The meeting is the full review meeting of the sample family (tafapp/demo/sample.py: six
attendees with two written updates, six actions reviewed, four new actions in four agencies,
both scores with last time's, decision and next review) in an encrypted practitioner store.
One document = gather from the store through a read session + load the council template +
write every variant's content + the bytes of the .docx (the file write itself is left out:
it is the disk's time, not ours). The floor, measured in the same run, is python-docx writing
a bare document of the same size: the same number of paragraphs and tables with the same
cells and the same text, on python-docx's own default template, saved to bytes.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BUDGET_MS = 100.0
BUDGET_RATIO = 3.0
REFERENCE_FLOOR_MS = 25.0  # DESIGN section 8: python-docx, bare document, idle machine


def _shape(data: bytes) -> list[tuple[str, Any]]:
    """The document's body as ("p", text) and ("t", rows of cell texts), in order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = docx.Document(io.BytesIO(data))
    out: list[tuple[str, Any]] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(("p", Paragraph(child, doc).text))
        elif tag == "tbl":
            out.append(("t", [[c.text for c in row.cells] for row in Table(child, doc).rows]))
    return out


def _bare(shape: list[tuple[str, Any]]) -> bytes:
    import docx

    doc = docx.Document()
    for kind, value in shape:
        if kind == "p":
            doc.add_paragraph(value)
            continue
        table = doc.add_table(rows=0, cols=len(value[0]))
        for row in value:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _time(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall ms, CPU ms): CPU time shows our own cost when other work shares the machine."""
    start, cpu = time.perf_counter(), time.thread_time()
    fn()
    return (time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def run(runs: int) -> dict[str, Any]:
    from tafapp.demo.sample import build_sample_family
    from tafapp.exports import word
    from tafapp.storage.profile import Profile
    from tafapp.storage.store import create_profile
    from tafapp.storage.vault import KdfParams

    with tempfile.TemporaryDirectory() as tmp:
        store = create_profile(Profile(Path(tmp) / "p"), "practitioner", "bench only",
                               KdfParams(memory_kib=8192, iterations=1, lanes=1))
        try:
            with store.begin() as s:
                meeting = build_sample_family(s).review_meeting_id
            results: dict[str, Any] = {}
            for variant in word.NOTES_VARIANTS:
                def ours(v: str = variant) -> bytes:
                    with store.read() as s:
                        return word.render_meeting_notes(s, meeting, v).data

                shape = _shape(ours())
                for _ in range(3):  # warm caches, imports and the template file
                    ours()
                    _bare(shape)
                mine, floor = [], []
                for _ in range(runs):  # interleaved, so load on the machine hits both
                    mine.append(_time(ours))
                    floor.append(_time(lambda sh=shape: _bare(sh)))
                wall, cpu = [m[0] for m in mine], [m[1] for m in mine]
                fwall, fcpu = [f[0] for f in floor], [f[1] for f in floor]
                results[variant] = {
                    "paragraphs": sum(1 for k, _ in shape if k == "p"),
                    "tables": sum(1 for k, _ in shape if k == "t"),
                    "p50": statistics.median(wall), "p95": p95(wall),
                    "floor_p50": statistics.median(fwall), "floor_p95": p95(fwall),
                    "cpu_p95": p95(cpu), "floor_cpu_p95": p95(fcpu),
                }
        finally:
            store.close()
    return results


def report(results: dict[str, Any], runs: int) -> str:
    lines = [
        "# Benchmark: Word meeting notes", "",
        f"`python bench/docx_bench.py --runs {runs}` — the sample family's full review "
        "meeting, each variant rendered end to end (gather from the encrypted store, load the "
        "template, write, .docx bytes). Floor: python-docx writing a bare document of the "
        "same size (same paragraphs, tables, cells and text) in the same run.", "",
        "| variant | paragraphs | tables | p50 ms | p95 ms | floor p50 ms | floor p95 ms "
        "| p95 / floor p95 | CPU p95 ms (floor) | budget |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for variant, r in results.items():
        ratio = r["p95"] / r["floor_p95"]
        ok = r["p95"] <= BUDGET_MS and ratio <= BUDGET_RATIO
        lines.append(
            f"| {variant} | {r['paragraphs']} | {r['tables']} | {r['p50']:.1f} | "
            f"{r['p95']:.1f} | {r['floor_p50']:.1f} | {r['floor_p95']:.1f} | {ratio:.2f}x | "
            f"{r['cpu_p95']:.1f} ({r['floor_cpu_p95']:.1f}) | {'met' if ok else 'MISSED'} "
            f"(<= {BUDGET_MS:.0f} ms, <= {BUDGET_RATIO:.0f}x) |")
    import os

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines += ["", f"Machine: {os.cpu_count()} CPUs, load average {load:.1f} at the end of "
              "the run (other work on the machine slows both columns alike; the ratio is the "
              "fair comparison).", ""]
    slow = min(r["floor_p50"] for r in results.values()) / REFERENCE_FLOOR_MS
    if slow > 2:
        worst = max(r["p95"] / r["floor_p50"] for r in results.values()) * REFERENCE_FLOOR_MS
        lines.append(
            f"This run's floor is about {slow:.0f}x DESIGN's reference floor "
            f"({REFERENCE_FLOOR_MS:.0f} ms on an idle machine), so the absolute figures "
            "measure the machine's load, not tafapp. Scaled to the reference floor, the "
            f"worst p95 would be about {worst:.0f} ms (an estimate, not a measurement): "
            "rerun on an idle machine to judge the 100 ms budget.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--out", type=Path, help="write the table as Markdown here")
    args = parser.parse_args(argv)
    results = run(args.runs)
    text = report(results, args.runs)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0 if all(r["p95"] <= BUDGET_MS and r["p95"] / r["floor_p95"] <= BUDGET_RATIO
                    for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
