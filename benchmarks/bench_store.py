"""The store at scale: bulk-generate 1,000,000 events, then time ``situation`` and
``forecast`` as of a date for three actors (accord.api, what the CLI calls) on SQLite and
PostgreSQL.

    .venv/bin/python benchmarks/bench_store.py                          # SQLite + PostgreSQL
    .venv/bin/python benchmarks/bench_store.py --backends sqlite --events 200000

Data (seeded, synthetic, no text): ``--events`` events in articles of 4-12 events each over
2016-2026. The *followed crisis* (--crisis, default ARM,AZE,RUS: two parties and a
mediator) has about --crisis-events events over the six months up to --as-of; the rest is
*background*, "stories" between 2-3 other countries lasting 2-26 weeks (a third country in
one event in ten), countries drawn with Zipf-like weights over 120 ISO codes (USA most
frequent). The crisis countries do not occur in the background, so the crisis query asks
for the same evidence whatever the store's size: the timings show what the other million
events cost. A background trio (--trios) is timed too, to show how the time grows with the
evidence a query returns. Rows go in with Core bulk inserts (executemany in batches), not
the ORM; every article gets an extraction row.

PostgreSQL: a database ``accord_bench`` is created at --pg (default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres) and dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

COUNTRIES = (
    "USA CHN RUS UKR ISR IRN GBR FRA DEU IND PAK TUR SYR IRQ SAU EGY JPN KOR PRK AFG YEM LBN "
    "PSE QAT ARE JOR NGA ETH SDN SSD SOM KEN ZAF COD MLI NER BFA TCD LBY DZA MAR TUN VEN COL "
    "BRA ARG MEX CUB HTI PER CHL BOL ECU NIC GTM HND SLV PAN CAN AUS NZL IDN MYS PHL VNM THA "
    "MMR BGD LKA NPL KAZ UZB KGZ TJK TKM AZE ARM GEO BLR MDA POL ROU HUN SRB BIH XKX HRV GRC "
    "CYP ITA ESP PRT NLD BEL CHE AUT SWE NOR FIN DNK EST LVA LTU IRL ISL CZE SVK SVN BGR MKD "
    "ALB MNE OMN KWT BHR ERI DJI UGA RWA BDI TZA MOZ"
).split()
TYPES = (  # (PLOVER type, quad, score, share)
    ("CONSULT", 1, 1.0, 0.22), ("AGREE", 1, 3.0, 0.08), ("SUPPORT", 1, 3.4, 0.05),
    ("REQUEST", 3, -0.5, 0.10), ("COOPERATE", 2, 4.0, 0.06), ("AID", 2, 6.0, 0.04),
    ("ACCUSE", 3, -2.0, 0.10), ("REJECT", 3, -4.0, 0.06), ("THREATEN", 3, -6.0, 0.07),
    ("PROTEST", 3, -6.5, 0.04), ("SANCTION", 3, -5.0, 0.04), ("MOBILIZE", 4, -7.2, 0.05),
    ("COERCE", 4, -7.0, 0.04), ("ASSAULT", 4, -9.0, 0.05),
)
START, DAYS = dt.date(2016, 1, 1), 3800
BATCH = 20_000


def _payload(typ: tuple, actor: str, recipient: str, day: dt.date, aid: str, k: int,
             rng: random.Random) -> dict:
    """An event as accord stores it (Event.model_dump(mode="json"))."""
    start = 40 * k
    fact = "asserted" if rng.random() < 0.85 else rng.choice(("hypothetical", "future",
                                                                "historical", "negated"))
    return {
        "type": typ[0], "mode": None, "context": [], "date": day.isoformat(),
        "actor": [{"code": actor, "name": actor, "text": actor}],
        "recipient": [{"code": recipient, "name": recipient, "text": recipient}],
        "location": None, "negated": fact == "negated", "hypothetical": fact == "hypothetical",
        "historical": fact == "historical", "future": fact == "future", "quad": typ[1],
        "score": typ[2], "confidence": round(0.5 + 0.45 * rng.random(), 3),
        "evidence": {"article_id": aid, "start": start, "end": start + 38,
                     "sentence": f"{actor} and {recipient}: {typ[0].lower()} (synthetic)"},
        "coder_version": "bench", "factuality": fact, "source": [],
    }


def _stories(n_events: int, rng: random.Random, crisis: list[str], crisis_events: int,
             as_of: dt.date):  # noqa: ANN202
    """(parties, first day, length in days, articles) of each story, the crisis first."""
    per_article = 8  # mean events per article
    yield crisis, as_of - dt.timedelta(days=182), 183, max(1, crisis_events // per_article)
    pool = [c for c in COUNTRIES if c not in crisis]
    weights = [1.0 / (r + 1) ** 0.9 for r in range(len(pool))]
    made = crisis_events
    while made < n_events:
        parties = list(dict.fromkeys(rng.choices(pool, weights, k=3)))[:rng.choice((2, 3))]
        if len(parties) < 2:
            continue
        n_art = rng.randrange(3, 40)
        made += n_art * per_article
        yield (parties, START + dt.timedelta(days=rng.randrange(DAYS)),
               rng.randrange(14, 180), n_art)


def generate(n_events: int, seed: int, crisis: list[str], crisis_events: int,
             as_of: dt.date):  # noqa: ANN201
    """Yield (article row, [event rows], [claim rows]) until about n_events events."""
    rng = random.Random(seed)
    others = [c for c in COUNTRIES if c not in crisis]
    weights = [1.0 / (r + 1) ** 0.9 for r in range(len(others))]
    a_no = 0
    for parties, begin, length, n_art in _stories(n_events, rng, crisis, crisis_events, as_of):
        for _ in range(n_art):
            day = begin + dt.timedelta(days=rng.randrange(length))
            aid = f"b{a_no:014d}"
            a_no += 1
            art = {"id": aid, "content_hash": f"{aid}{'0' * 49}", "title": None,
                   "text": "synthetic article (benchmark)", "date": day,
                   "date_source": "metadata", "path": None}
            evs, cls = [], []
            for k in range(rng.randrange(4, 13)):
                a, b = rng.sample(parties, 2)
                if rng.random() < 0.1:
                    b = rng.choices(others, weights)[0]
                    if b == a:
                        b = parties[0] if a != parties[0] else parties[1]
                typ = rng.choices(TYPES, [t[3] for t in TYPES])[0]
                evs.append({"article_id": aid, "type": typ[0], "quad": typ[1],
                            "score": typ[2], "date": day, "article_date": day, "ordinal": k,
                            "actor_codes": f"|{a}|", "recipient_codes": f"|{b}|",
                            "negated": False,
                            "payload": _payload(typ, a, b, day, aid, k, rng)})
            if rng.random() < 0.25:
                who = rng.choice(parties)
                cls.append({"article_id": aid, "actor_code": who, "ordinal": 0, "payload": {
                    "actor": {"code": who, "name": who, "text": who}, "issue": "the talks",
                    "stance": "wants the talks to go on",
                    "evidence": {"article_id": aid, "start": 0, "end": 10,
                                 "sentence": "synthetic claim"}}})
            yield art, evs, cls


def load(url: str, n_events: int, seed: int, crisis: list[str], crisis_events: int,
         as_of: dt.date) -> dict:
    """Create the schema (all migrations) and bulk-insert the generated rows."""
    from sqlalchemy import insert

    from accord.store import Store
    from accord.store.tables import ArticleRow, ClaimRow, EventRow, ExtractionRow

    st = Store(url)
    t0 = time.perf_counter()
    counts = {"articles": 0, "events": 0, "claims": 0}
    buf: dict = {ArticleRow: [], ExtractionRow: [], EventRow: [], ClaimRow: []}

    def flush() -> None:
        with st.engine.begin() as conn:
            for table in (ArticleRow, ExtractionRow, EventRow, ClaimRow):
                if buf[table]:
                    conn.execute(insert(table), buf[table])
                    buf[table] = []

    for art, evs, cls in generate(n_events, seed, crisis, crisis_events, as_of):
        buf[ArticleRow].append(art)
        buf[ExtractionRow].append({"article_id": art["id"], "coder_version": "bench"})
        buf[EventRow] += evs
        buf[ClaimRow] += cls
        counts["articles"] += 1
        counts["events"] += len(evs)
        counts["claims"] += len(cls)
        if len(buf[EventRow]) >= BATCH:
            flush()
    flush()
    if st.engine.dialect.name == "postgresql":
        with st.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with st.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    counts["load_seconds"] = round(time.perf_counter() - t0, 1)
    st.close()
    return counts


def _timed(fn, repeat: int) -> tuple[float, object]:  # noqa: ANN001
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def query(url: str, trios: list[list[str]], as_of: dt.date, repeat: int, runs: int,
          max_analysed: int) -> None:
    """Per trio: events matched, Store.events() time, api.situation and api.forecast times
    (median of ``repeat``); trios matching more than ``max_analysed`` events get the store
    query only (the analysis takes time in proportion to the evidence, see docs/scale.md)."""
    from accord import api
    from accord.store import Store

    st = Store(url)
    for trio in trios:
        t_ev, evs = _timed(lambda trio=trio: st.events(actors=trio, until=as_of), repeat)
        line = (f"  {','.join(trio):<12} as of {as_of}: {len(evs):>7} events matched | "
                f"Store.events {t_ev:6.3f} s")
        if len(evs) <= max_analysed:
            t_sit, _ = _timed(lambda trio=trio: api.situation(trio, as_of=as_of, db=st), repeat)
            t_fc, _ = _timed(lambda trio=trio: api.forecast(trio, as_of=as_of, db=st,
                                                            save=False, runs=runs), repeat)
            line += f" | situation {t_sit:6.3f} s | forecast ({runs} runs) {t_fc:6.3f} s"
        else:
            line += f" | situation/forecast not run (over {max_analysed} events)"
        print(line + f" | load {os.getloadavg()[0]:.1f}", flush=True)
    st.close()


def run_backend(backend: str, n_events: int, args: argparse.Namespace, trios: list) -> None:
    """Load a fresh store of ``n_events`` on one backend, time the queries, drop it."""
    crisis = args.crisis.split(",")
    as_of = dt.date.fromisoformat(args.as_of)
    gen = (n_events, args.seed, crisis, args.crisis_events, as_of)
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.db"
            counts = load(f"sqlite:///{path}", *gen)
            size = path.stat().st_size / 2**20
            print(f"sqlite, {json.dumps(counts)}; file {size:.0f} MiB", flush=True)
            query(f"sqlite:///{path}", trios, as_of, args.repeat, args.runs, args.max_analysed)
        return
    from sqlalchemy import create_engine, text

    admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS accord_bench"))
        conn.execute(text("CREATE DATABASE accord_bench"))
    url = args.pg.rsplit("/", 1)[0] + "/accord_bench"
    try:
        counts = load(url, *gen)
        eng = create_engine(url)
        with eng.connect() as conn:
            size = conn.execute(text("SELECT pg_database_size('accord_bench')")).scalar()
        eng.dispose()
        print(f"postgresql, {json.dumps(counts)}; database {size / 2**20:.0f} MiB", flush=True)
        query(url, trios, as_of, args.repeat, args.runs, args.max_analysed)
    finally:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = 'accord_bench' AND pid <> pg_backend_pid()"))
            conn.execute(text("DROP DATABASE IF EXISTS accord_bench"))
        admin.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                    help="an existing database to connect to for CREATE/DROP DATABASE")
    ap.add_argument("--as-of", default="2024-06-30")
    ap.add_argument("--crisis", default="ARM,AZE,RUS", help="the followed crisis's actors")
    ap.add_argument("--crisis-events", type=int, default=2000)
    ap.add_argument("--trios", default="SRB,XKX,ALB;USA,IRN,ISR",
                    help="semicolon-separated background trios timed besides the crisis")
    ap.add_argument("--max-analysed", type=int, default=20_000,
                    help="run situation/forecast only for trios matching at most this many")
    ap.add_argument("--repeat", type=int, default=3, help="runs per timing (median kept)")
    ap.add_argument("--runs", type=int, default=2000, help="forecast Monte Carlo runs (CLI "
                    "default 2000)")
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip the store holding the crisis alone")
    args = ap.parse_args()
    trios = [args.crisis.split(","), *(t.split(",") for t in args.trios.split(";") if t)]
    print(f"{args.events} events, seed {args.seed}; load {os.getloadavg()}", flush=True)
    for backend in args.backends.split(","):
        if not args.no_baseline:
            print(f"{backend}: baseline, the crisis alone", flush=True)
            run_backend(backend, args.crisis_events, args, trios[:1])
        print(f"{backend}: the crisis among {args.events} events", flush=True)
        run_backend(backend, args.events, args, trios)


if __name__ == "__main__":
    main()
