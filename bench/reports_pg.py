"""Coordinator reports on a 1,000,000-family PostgreSQL hub (DESIGN section 8: <= 1 s each).

    python bench/reports_pg.py [--families N] [--url URL] [--skip-load] [--out FILE]

Without --url a throwaway PostgreSQL cluster is started from the machine's binaries (or
TAFAPP_TEST_PG_URL's server is used) and a fresh database made on it. The hub schema comes
from the real migrations (indexes included); rows go in with COPY (psycopg), in realistic
proportions per family: 4 people, 3 needs, 10 actions, ~3 meetings with a family and a
professional score each, 1 referral, and step changes for a few. Each report is then run
`--runs` times (default 5) for three periods; the median is compared with the 1 s budget.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 20)
ORIGIN = date(2020, 1, 1)
DAYS = [(ORIGIN + timedelta(days=i)).isoformat() for i in range(365 * 8)]
TODAY_I = (TODAY - ORIGIN).days
NULL = "\\N"
SECTOR_WEIGHTS = {"local_authority": 42, "school": 26, "health": 12, "early_years": 5,
                  "voluntary": 9, "police": 1, "housing": 3, "other": 2}
REASONS = (["needs_met"] * 45 + ["single_agency"] * 20 + ["stepped_down"] * 12 +
           ["stepped_up"] * 8 + ["consent_withdrawn"] * 9 + ["moved_away"] * 6)
OUTCOMES = ["education", "early_years", "health", "substance_use", "relationships",
            "safe_from_abuse", "crime", "domestic_abuse", "housing", "financial"]
AGENCIES, PRACTITIONERS = 400, 2000


def uid(table: int, n: int) -> str:
    """Deterministic, distinct, time-ordered-looking UUIDs: a table tag and a counter."""
    h = f"{table:04x}{n:028x}"
    return f"{h[:8]}-{h[8:12]}-7{h[13:16]}-8{h[17:20]}-{h[20:]}"


def _defaults_sql(table: str, given: list[str]) -> list[str]:
    """Temporary server defaults for the NOT NULL columns COPY leaves out (dropped after)."""
    from tafapp.models import Base

    out = []
    for col in Base.metadata.tables[table].columns:
        if col.nullable or col.name in given:
            continue
        kind = col.type.__class__.__name__.lower()
        value = ("false" if "bool" in kind else "0" if "int" in kind else "'{}'"
                 if "json" in kind else "''")
        out.append(f'ALTER TABLE "{table}" ALTER COLUMN "{col.name}" SET DEFAULT {value}')
    return out


class Loader:
    def __init__(self, conn: object, seed: int) -> None:
        self.conn = conn
        self.rnd = random.Random(seed)
        self.counts: dict[str, int] = {}

    def copy(self, table: str, cols: list[str], rows: Iterator[tuple[str, ...]]) -> None:
        cur = self.conn.cursor()  # type: ignore[attr-defined]
        defaults = _defaults_sql(table, cols)
        for sql in defaults:
            cur.execute(sql)
        names = ", ".join(f'"{c}"' for c in cols)
        n, buf = 0, []
        with cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as cp:
            for row in rows:
                buf.append("\t".join(row))
                n += 1
                if len(buf) == 20000:
                    cp.write("\n".join(buf) + "\n")
                    buf.clear()
            if buf:
                cp.write("\n".join(buf) + "\n")
        for sql in defaults:
            cur.execute(sql.rsplit(" SET DEFAULT", 1)[0] + " DROP DEFAULT")
        self.counts[table] = self.counts.get(table, 0) + n


def _pick_sector(rnd: random.Random, when: int | None = None) -> str:
    """A sector; for a family's lead, partners lead more as the years go by (35% -> 65%),
    as a council growing partner-led Early Help would see."""
    if when is None:
        return rnd.choices(list(SECTOR_WEIGHTS), weights=list(SECTOR_WEIGHTS.values()))[0]
    if rnd.random() > 0.35 + 0.30 * when / TODAY_I:
        return "local_authority"
    partners = [s for s in SECTOR_WEIGHTS if s != "local_authority"]
    return rnd.choices(partners, weights=[SECTOR_WEIGHTS[s] for s in partners])[0]


def directory_rows(rnd: random.Random) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]],
                                                 dict[str, list[int]]]:
    agencies, by_sector = [], {s: [] for s in SECTOR_WEIGHTS}
    sectors = list(SECTOR_WEIGHTS)
    for i in range(AGENCIES):
        sector = sectors[i % len(sectors)] if i < len(sectors) else _pick_sector(rnd)
        by_sector[sector].append(i)
        agencies.append((uid(1, i), f"Agency {i}", sector))
    practitioners = [(uid(2, i), f"Practitioner {i}", uid(1, i % AGENCIES))
                     for i in range(PRACTITIONERS)]
    return agencies, practitioners, by_sector


class Family:
    __slots__ = ("i", "request", "contact", "opened", "closed", "reason", "agency", "prac")


def make_family(rnd: random.Random, i: int, by_sector: dict[str, list[int]]) -> Family:
    f = Family()
    f.i = i
    f.request = rnd.randrange(0, TODAY_I - 5)
    f.contact = f.request + rnd.choice((0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 14)) \
        if rnd.random() > 0.04 else None
    f.opened = min(TODAY_I, f.request + rnd.randrange(3, 30))
    end = f.opened + rnd.randrange(45, 420)
    f.closed = end if end < TODAY_I else None
    f.reason = rnd.choice(REASONS) if f.closed is not None else None
    agency = rnd.choice(by_sector[_pick_sector(rnd, f.opened)])
    f.agency, f.prac = agency, agency + AGENCIES * rnd.randrange(0, PRACTITIONERS // AGENCIES)
    return f


def load(url: str, n: int, seed: int = 7) -> dict[str, int]:
    import psycopg

    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=False) as conn:
        conn.execute("SET session_replication_role = replica")  # FK triggers off for the load
        # Secondary indexes are dropped for the COPY and built once afterwards (one sort each
        # instead of maintaining them row by row): the load takes a fraction of the time.
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND "
            "indexname NOT IN (SELECT conname FROM pg_constraint)").fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        ld = Loader(conn, seed)
        rnd = ld.rnd
        agencies, practitioners, by_sector = directory_rows(rnd)
        ld.copy("agency", ["id", "name", "sector"], iter(agencies))
        ld.copy("practitioner", ["id", "name", "agency_id"], iter(practitioners))
        fams = [make_family(rnd, i, by_sector) for i in range(n)]
        fams.sort(key=lambda f: f.request)  # numbered in order of request, like references
        for i, f in enumerate(fams):
            f.i = i
        ld.copy("family", ["id", "reference", "household_name", "postcode", "status",
                           "lead_practitioner_id", "lead_agency_id", "request_on",
                           "first_contact_on", "opened_on", "closed_on", "closure_reason"],
                family_rows(rnd, fams))
        ld.copy("person", ["id", "family_id", "first_name", "role", "send"], person_rows(rnd, fams))
        ld.copy("need", ["id", "family_id", "outcome_code", "status", "met_on"],
                need_rows(rnd, fams))
        ld.copy("action", ["id", "family_id", "description", "owner_agency_id", "due_on",
                           "status", "completed_on", "kind"], action_rows(rnd, fams))
        meetings: list[tuple[int, int, int]] = []
        ld.copy("meeting", ["id", "family_id", "kind", "held_on", "next_review_on", "status",
                            "decision"], meeting_rows(rnd, fams, meetings))
        ld.copy("scaling", ["id", "meeting_id", "scored_by", "score"],
                scaling_rows(rnd, meetings))
        ld.copy("referral", ["id", "family_id", "from_agency_id", "to_service", "made_on",
                             "outcome", "outcome_on"], referral_rows(rnd, fams))
        ld.copy("step_change", ["id", "family_id", "direction", "on"], step_rows(rnd, fams))
        conn.execute("SET maintenance_work_mem = '1GB'")
        for _, ddl in indexes:
            conn.execute(ddl)
        conn.commit()
        return ld.counts


def _d(i: int | None) -> str:
    return NULL if i is None else DAYS[i]


def family_rows(rnd: random.Random, fams: list[Family]) -> Iterator[tuple[str, ...]]:
    for f in fams:
        # ~15% come back: the same reference as a family referred some months earlier
        n_back = len(fams) // 15
        ref = f"TAF-{f.i:07d}" if rnd.random() > 0.15 or f.i < n_back else \
            f"TAF-{f.i - rnd.randrange(n_back // 4, n_back):07d}"
        yield (uid(3, f.i), ref, f"Household {rnd.randrange(20000)}",
               f"TS{rnd.randrange(1, 30)} {rnd.randrange(1, 10)}{chr(65 + rnd.randrange(26))}"
               f"{chr(65 + rnd.randrange(26))}",
               "closed" if f.closed is not None else "open", uid(2, f.prac), uid(1, f.agency),
               _d(f.request), _d(f.contact), _d(f.opened), _d(f.closed), f.reason or NULL)


def person_rows(rnd: random.Random, fams: list[Family]) -> Iterator[tuple[str, ...]]:
    k = 0
    for f in fams:
        fid = uid(3, f.i)
        for role in ("child", "child", "parent_carer", "parent_carer"):
            r = rnd.random()
            send = "none" if role != "child" or r < 0.8 else "sen_support" if r < 0.94 else "ehcp"
            yield uid(4, k), fid, "Person", role, send
            k += 1


def need_rows(rnd: random.Random, fams: list[Family]) -> Iterator[tuple[str, ...]]:
    k = 0
    for f in fams:
        fid = uid(3, f.i)
        for _ in range(3):
            met = f.closed is not None and rnd.random() < 0.6
            when = _d(rnd.randrange(f.opened, f.closed + 1)) if met and f.closed else NULL
            yield (uid(5, k), fid, rnd.choice(OUTCOMES), "met" if met else "open", when)
            k += 1


def action_rows(rnd: random.Random, fams: list[Family]) -> Iterator[tuple[str, ...]]:
    k = 0
    for f in fams:
        fid = uid(3, f.i)
        end = f.closed if f.closed is not None else TODAY_I + 60
        for _ in range(10):
            due = min(len(DAYS) - 1, f.opened + rnd.randrange(14, max(15, end - f.opened + 30)))
            owner = NULL if rnd.random() < 0.2 else uid(1, rnd.randrange(AGENCIES))
            r = rnd.random()
            if f.closed is None and r < 0.55:
                status, done = ("not_started", "in_progress")[rnd.randrange(2)], None
            elif r < 0.1:
                status, done = "cancelled", None
            else:
                status = ("achieved", "achieved", "partly", "not_achieved")[rnd.randrange(4)]
                done = min(TODAY_I, due + rnd.randrange(-20, 25))
            yield (uid(6, k), fid, "An action", owner, DAYS[due], status, _d(done),
                   "family" if r < 0.7 else "professional")
            k += 1


def meeting_rows(rnd: random.Random, fams: list[Family], out: list[tuple[int, int, int]]
                 ) -> Iterator[tuple[str, ...]]:
    k = 0
    for f in fams:
        fid = uid(3, f.i)
        held, kind, stop = f.opened + rnd.randrange(7, 40), "initial", f.closed or TODAY_I
        first = len(out)
        while held <= stop:
            nxt = held + rnd.randrange(40, 75)
            last = f.closed is not None and nxt > f.closed
            kind = "closure" if last and kind != "initial" else kind
            yield (uid(7, k), fid, kind, DAYS[held], NULL if last else DAYS[nxt], "final",
                   "close" if last else "continue")
            out.append((k, 1 + (k % 3 == 0), len(out) - first))
            k += 1
            held, kind = held + rnd.randrange(35, 90), "review"
            if last:
                break


def scaling_rows(rnd: random.Random, meetings: list[tuple[int, int, int]]
                 ) -> Iterator[tuple[str, ...]]:
    """Scores drift upwards from meeting to meeting (the nth meeting of a family is `nth`)."""
    k = 0
    for m, scores, nth in meetings:
        mid = uid(7, m)
        for _ in range(scores):
            for who in ("family", "professional"):
                score = max(0, min(10, 3 + nth + rnd.randrange(-2, 3)))
                yield uid(8, k), mid, who, str(score)
                k += 1


def referral_rows(rnd: random.Random, fams: list[Family]) -> Iterator[tuple[str, ...]]:
    for f in fams:
        made = min(TODAY_I, f.opened + rnd.randrange(0, 60))
        back = rnd.random() < 0.55
        yield (uid(9, f.i), uid(3, f.i), uid(1, f.agency), "Speech and language therapy",
               DAYS[made], "Accepted" if back else "",
               _d(min(TODAY_I, made + rnd.randrange(5, 40))) if back else NULL)


def step_rows(rnd: random.Random, fams: list[Family]) -> Iterator[tuple[str, ...]]:
    k = 0
    for f in fams:
        if f.reason == "stepped_up":
            yield uid(10, k), uid(3, f.i), "up", DAYS[f.closed]  # type: ignore[index]
            k += 1
        elif rnd.random() < 0.04:
            yield uid(10, k), uid(3, f.i), "down", DAYS[f.opened]
            k += 1


def build_summary(url: str) -> tuple[float, dict[str, int]]:
    """Fill the hub's report summary from the loaded rows with one INSERT ... SELECT per
    table (services/reports/summary.rebuild), its indexes built afterwards. On a database
    loaded before the summary existed, its tables are created first."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.orm import Session

    from tafapp.models import SUMMARY_TABLES, Base, load_index_declarations
    from tafapp.storage.reports.summary import rebuild

    load_index_declarations()
    names = [m.__tablename__ for m in SUMMARY_TABLES]
    eng = create_engine(url)
    Base.metadata.create_all(eng, tables=[Base.metadata.tables[n] for n in names])
    t0 = time.perf_counter()
    with eng.begin() as c:
        c.execute(text("SET maintenance_work_mem = '1GB'"))
        indexes = c.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(:t) AND "
            "indexname NOT IN (SELECT conname FROM pg_constraint)"), {"t": names}).all()
        for name, _ in indexes:
            c.execute(text(f'DROP INDEX "{name}"'))
    with Session(eng) as s, s.begin():
        counts = rebuild(s)
    with eng.begin() as c:
        c.execute(text("SET maintenance_work_mem = '1GB'"))
        for _, ddl in indexes:
            c.execute(text(ddl))
    auto = eng.execution_options(isolation_level="AUTOCOMMIT")
    with auto.connect() as c:
        for n in names:
            c.execute(text(f'VACUUM ANALYZE "{n}"'))
    eng.dispose()
    return time.perf_counter() - t0, counts


def time_reports(url: str, runs: int = 5) -> list[tuple[str, str, float, float]]:
    from tafapp.services.reports import Period, outcomes, partnership, timeliness
    from tafapp.services.reports.drilldown import drill
    from tafapp.storage.store import open_url

    jobs: dict[str, Callable[..., object]] = {
        "partnership": lambda s, p: partnership(s, p),
        "timeliness": lambda s, p: timeliness(s, p, TODAY),
        "outcomes": lambda s, p: outcomes(s, p),
        "drill-down (late reviews)": lambda s, p: drill(s, "reviews", p, TODAY, "late"),
    }
    periods = [Period.month(date(2026, 10, 1)), Period.quarter(date(2026, 8, 1)),
               Period.year(date(2025, 6, 1))]
    out = []
    with open_url(url) as st:
        for name, job in jobs.items():
            for period in periods:
                times = []
                for _ in range(runs):
                    with st.read() as s:
                        t0 = time.perf_counter()
                        job(s, period)
                        times.append(time.perf_counter() - t0)
                out.append((name, period.label, statistics.median(times), max(times)))
                print(f"{name:<28} {period.label:<14} median {out[-1][2]:6.3f} s  "
                      f"max {out[-1][3]:6.3f} s  (budget 1.000 s)", flush=True)
    return out


def write_doc(path: Path, n: int, counts: dict[str, int], times: tuple[float, float],
              results: list[tuple[str, str, float, float]], server: str, runs: int,
              loadavg: tuple[float, float]) -> None:
    load_s, summary_s = times
    lines = ["# Coordinator reports on PostgreSQL: benchmark", "",
             f"`python bench/reports_pg.py --families {n}` on {server}; "
             f"{os.cpu_count()} CPU cores. Budget (DESIGN section 8): each report <= 1 s.", "",
             "Rows loaded (COPY): " + ", ".join(f"{t} {c:,}" for t, c in counts.items()) +
             (f"; load and index {load_s:.0f} s" if load_s else "") +
             (f"; report summary built in {summary_s:.0f} s." if summary_s else "."), "",
             f"Load average (1 min) before and after timing: {loadavg[0]:.2f}, "
             f"{loadavg[1]:.2f}.", "",
             f"| report | period | median ({runs} runs) | slowest | budget | ratio to budget |",
             "|---|---|---|---|---|---|"]
    for name, label, med, worst in results:
        lines.append(f"| {name} | {label} | {med:.3f} s | {worst:.3f} s | 1 s | {med:.2f} |")
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--families", type=int, default=1_000_000)
    ap.add_argument("--url", help="an empty (or, with --skip-load, loaded) hub database")
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--rebuild-summary", action="store_true",
                    help="with --skip-load: rebuild the report summary before timing")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per report and period")
    ap.add_argument("--out", default=str(ROOT / "docs" / "bench-reports.md"))
    args = ap.parse_args()
    if args.url:
        run(args, args.url)
        return
    from tests import pgserver

    with pgserver.server() as server:
        if server is None:
            sys.exit("no PostgreSQL: install postgresql or set TAFAPP_TEST_PG_URL")
        with pgserver.fresh_database(server) as url:
            run(args, url)


def run(args: argparse.Namespace, url: str) -> None:
    from sqlalchemy import create_engine, text

    from tafapp.storage.store import open_url

    counts: dict[str, int] = {}
    load_s = 0.0
    if not args.skip_load:
        open_url(url, create=True).close()  # schema and indexes from the migrations
        t0 = time.perf_counter()
        counts = load(url, args.families)
        eng = create_engine(url, isolation_level="AUTOCOMMIT")
        with eng.connect() as c:
            c.execute(text("VACUUM ANALYZE"))
        eng.dispose()
        load_s = time.perf_counter() - t0
        print(f"loaded {counts} in {load_s:.0f} s", flush=True)
    summary_s = 0.0
    if not args.skip_load or args.rebuild_summary:
        summary_s, made = build_summary(url)
        print(f"report summary {made} in {summary_s:.0f} s", flush=True)
    eng = create_engine(url)
    with eng.connect() as c:
        version = c.execute(text("SHOW server_version")).scalar()
        if not counts:
            for t in ("family", "person", "need", "action", "meeting", "scaling", "referral"):
                counts[t] = int(c.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() or 0)
    eng.dispose()
    before = os.getloadavg()[0]
    results = time_reports(url, args.runs)
    write_doc(Path(args.out), args.families, counts, (load_s, summary_s), results,
              f"PostgreSQL {version}", args.runs, (before, os.getloadavg()[0]))


if __name__ == "__main__":
    main()
