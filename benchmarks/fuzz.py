"""A long hostile-input run through the real CLI: counts crashes, hangs, silent drops, and lost
or doubled rows (issue 12). Not a test: run it by hand, it takes minutes.

Documents are generated here (synthetic sentences about made-up talks, plus every hostile
form the issue lists: NUL bytes and escapes, nesting 10,000 deep, invalid UTF-8, byte-order
marks, odd line separators, impossible and far-off dates, runs of punctuation and emoji,
empty and binary files, broken HTML and feeds, lone surrogates, FIFOs and dangling
symlinks). They are written in batches to a temporary directory and each batch is ingested
(and extracted) by two `accord ingest` processes at once on the same store, then once more.

    .venv/bin/python benchmarks/fuzz.py --docs 10000
    .venv/bin/python benchmarks/fuzz.py --docs 2000 --db postgresql://postgres@127.0.0.1/test

Counted per batch:
  crash    a process exited other than 0 or 2, or printed a traceback / internal error
  hang     a process was still running after --timeout seconds (it is killed)
  dropped  an input item (file, non-blank JSONL line) with no entry in the JSON report
  lost     an article reported stored (or duplicate) that is not in the store
  doubled  two rows for one (article, ordinal), more than one article per content hash, or
           a re-run that stored anything again or extracted an article already extracted
  not_extracted  articles stored but reported not extracted (over the time budget on a
           loaded machine, too long): failures said in the report, retried by the re-run
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = [sys.executable, "-m", "accord.cli.main"]
ACTORS = ["Iran", "Israel", "the United States", "Oman", "Qatar", "Turkey", "Egypt", "France",
          "the European Union", "Russia", "China", "India", "Pakistan", "Hamas"]
VERBS = ["met", "warned", "criticised", "praised", "sent envoys to", "threatened",
         "agreed with", "rejected a proposal from", "held talks with", "accused"]
WHEN = ["on Monday", "on Friday", "yesterday", "last week", "on 7 February 2026",
        "tomorrow", "in March", ""]
HOSTILE = [
    "\x00", "\ufeff", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "!" * 3000,
    "?!" * 2000, "\U0001f600" * 1500, "\u200b" * 500, "February 30, 2026", "9999-12-31",
    "0001-01-01", "TEHRAN, Feb 30 (Reuters) - ", "<b>", "</p>", "&amp;" * 200, "[" * 300,
    "\u202e", "e\u0301" * 100, "—" * 500, "http://" + "x" * 500,
]


def sentence(rng: random.Random) -> str:
    a, b = rng.sample(ACTORS, 2)
    return f"{a} {rng.choice(VERBS)} {b} {rng.choice(WHEN)}".strip() + "."


def prose(rng: random.Random, hostile: float) -> str:
    parts = []
    for _ in range(rng.randint(1, 8)):
        parts.append(sentence(rng))
        if rng.random() < hostile:
            parts.append(rng.choice(HOSTILE))
        if rng.random() < 0.3:
            parts.append("\n\n")
    return " ".join(parts)


def write_doc(folder: Path, k: int, rng: random.Random) -> list[str]:
    """Write document k in some form; return the report origins it must produce."""
    kind = rng.choice(["txt", "txt", "txt", "md", "html", "jsonl", "jsonl", "json", "xml",
                       "bin", "empty", "badutf8", "deep", "fifo", "symlink"]
                      + ["long"] * (rng.random() < 0.1))
    name = folder / f"d{k:06d}"
    if kind in ("txt", "md", "long"):
        p = name.with_suffix(".md" if kind == "md" else ".txt")
        text = prose(rng, 0.3)
        if kind == "long":
            text = (text + "\n\n") * rng.randint(20, 120)
        p.write_bytes(text.encode("utf-8", "surrogatepass"))
        return [str(p)]
    if kind == "html":
        p = name.with_suffix(".html")
        p.write_text(f"<html><head><title>{sentence(rng)}</title></head><body><p>"
                     f"{prose(rng, 0.3)}</p>" + ("<div>" * rng.randint(0, 3000)) + "</body>",
                     encoding="utf-8", errors="surrogatepass")
        return [str(p)]
    if kind in ("jsonl", "deep"):
        p = name.with_suffix(".jsonl")
        lines = []
        for _ in range(rng.randint(1, 6)):
            r = rng.random()
            if r < 0.5:
                lines.append(json.dumps({"text": prose(rng, 0.4), "date": rng.choice(
                    [None, "2026-02-07", "2026-02-30", "9999-12-31", "Feb 7, 2026"])}))
            elif r < 0.6:
                lines.append("[" * 10000 + "]" * 10000)
            elif r < 0.7:
                lines.append('{"text": "raw \x00 nul"}')
            elif r < 0.8:
                lines.append('{"text": "lone \\ud800 surrogate and \\u0000 escape in Oman"}')
            elif r < 0.9:
                lines.append("not json at all")
            else:
                lines.append("")
        if kind == "deep":
            lines.insert(0, "{" + '"a":{' * 5000 + "}" * 5001)
        p.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
        raw = p.read_bytes().split(b"\n")
        return [f"{p}:{n}" for n, ln in enumerate(raw, 1) if ln.strip()] or [str(p)]
    if kind == "json":
        p = name.with_suffix(".json")
        p.write_text(json.dumps([{"text": prose(rng, 0.2)} for _ in range(rng.randint(1, 3))]))
        return [str(p)]
    if kind == "xml":
        p = name.with_suffix(".xml")
        items = "".join(
            f"<item><title>{sentence(rng)}</title><description>{prose(rng, 0.1)}"
            f"</description><pubDate>{rng.choice(['Fri, 31 Dec 9999 10:00:00 GMT', 'Mon, 30 Feb 2026 10:00:00 GMT', 'Sat, 07 Feb 2026 09:00:00 GMT', 'garbage'])}"
            "</pubDate></item>" for _ in range(rng.randint(0, 3)))
        p.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
                     f"{items}</channel></rss>", encoding="utf-8", errors="replace")
        return [str(p)]
    if kind == "bin":
        p = name.with_suffix(".txt")
        p.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randint(1, 2000))))
        return [str(p)]
    if kind == "empty":
        p = name.with_suffix(".txt")
        p.write_bytes(rng.choice([b"", b"   \n\n", b"\xef\xbb\xbf"]))
        return [str(p)]
    if kind == "badutf8":
        p = name.with_suffix(".txt")
        p.write_bytes(sentence(rng).encode() + b" \xff\xfe\xc3 " + sentence(rng).encode())
        return [str(p)]
    if kind == "fifo":
        p = name.with_suffix(".txt")
        os.mkfifo(p)
        return [str(p)]
    p = name.with_suffix(".txt")  # symlink
    p.symlink_to(folder / "nowhere" / f"{k}.txt")
    return [str(p)]


def _ingest(folder: Path, db: str, timeout: float) -> list[tuple[str, int | None, str, str]]:
    """Two ingest processes at once on the folder: (name, returncode or None on hang, out, err)."""
    procs = [subprocess.Popen([*CLI, "--quiet", "--db", db, "ingest", str(folder), "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    out = []
    deadline = time.monotonic() + timeout
    for k, p in enumerate(procs):
        try:
            o, e = p.communicate(timeout=max(1.0, deadline - time.monotonic()))
            out.append((f"p{k}", p.returncode, o, e))
        except subprocess.TimeoutExpired:
            p.kill()
            o, e = p.communicate()
            out.append((f"p{k}", None, o, e))
    return out


def _check_store(db: str) -> tuple[int, int, set[str]]:
    """(doubled rows, articles sharing a content hash, article ids) in the store."""
    from sqlalchemy import text

    from accord.store import Store

    st = Store(db)
    with st.engine.connect() as conn:
        doubled = 0
        for table in ("events", "entities", "quotes", "claims"):
            doubled += conn.execute(text(
                f"SELECT COUNT(*) FROM (SELECT article_id, ordinal FROM {table} "
                "WHERE ordinal IS NOT NULL GROUP BY article_id, ordinal "
                "HAVING COUNT(*) > 1) d")).scalar() or 0
        same = conn.execute(text("SELECT COUNT(*) - COUNT(DISTINCT content_hash) "
                                 "FROM articles")).scalar() or 0
        ids = {r[0] for r in conn.execute(text("SELECT id FROM articles"))}
    st.close()
    return doubled, same, ids


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000, help="documents to generate (default 1000)")
    ap.add_argument("--batch", type=int, default=1000, help="documents per ingest batch")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--db", default=None, help="store URL (default: a new SQLite file)")
    ap.add_argument("--timeout", type=float, default=900.0,
                    help="seconds before a batch's process counts as hung (default 900)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    counts = {"docs": 0, "items": 0, "crash": 0, "hang": 0, "dropped": 0, "lost": 0,
              "doubled": 0, "not_extracted": 0}
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or f"sqlite:///{tmp}/fuzz.db"
        done = 0
        while done < args.docs:
            folder = Path(tmp) / f"batch{done:06d}"
            folder.mkdir()
            expected: list[str] = []
            n = min(args.batch, args.docs - done)
            for k in range(done, done + n):
                expected += write_doc(folder, k, rng)
            done += n
            counts["docs"] += n
            counts["items"] += len(expected)
            reports = []
            for name, rc, out, err in _ingest(folder, db, args.timeout):
                if rc is None:
                    counts["hang"] += 1
                    continue
                if rc not in (0, 2) or "Traceback" in err or "internal error" in err:
                    counts["crash"] += 1
                    print(f"crash ({name}, exit {rc}): {err.strip()[-300:]}", file=sys.stderr)
                    continue
                reports.append(json.loads(out))
            for rep in reports:
                origins = {i["origin"].split("#")[0] for i in rep["items"]}  # feed#2, list#1
                missing = [o for o in expected if o not in origins]
                counts["dropped"] += len(missing)
                for o in missing[:3]:
                    print(f"dropped: {o}", file=sys.stderr)
            doubled, same, ids = _check_store(db)
            claimed = {i["id"] for rep in reports for i in rep["items"] if i.get("id")}
            counts["lost"] += len(claimed - ids)
            counts["doubled"] += doubled + same
            again = _ingest(folder, db, args.timeout)[0]
            if again[1] is None:
                counts["hang"] += 1
            elif again[1] not in (0, 2) or "Traceback" in again[3]:
                counts["crash"] += 1
            else:
                rep = json.loads(again[2])
                # articles whose extraction failed before (e.g. over the time budget on a
                # loaded machine) may be extracted now: a retry, not a double
                retry = {i["id"] for r in reports for i in r["items"]
                         if i.get("id") and "not extracted" in (i.get("error") or "")}
                counts["not_extracted"] += len(retry)
                counts["doubled"] += rep["stored"] + rep["near_duplicates"] + max(
                    0, (rep["extracted"] or 0) - len(retry))
            print(f"{done} docs, {time.monotonic() - t0:.0f} s: {counts}", flush=True)
    print(json.dumps({**counts, "seconds": round(time.monotonic() - t0)}))


if __name__ == "__main__":
    main()
