"""Bad input: one clear line naming the file/line/field, exit code 2, store unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from accord.store import Store

CLI = [sys.executable, "-m", "accord.cli.main"]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "us-iran-2026"


def run(args: list[str], cwd: Path, db: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if db:
        env["ACCORD_DB"] = db
    return subprocess.run(CLI + args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def one_error_line(proc: subprocess.CompletedProcess, *needles: str) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


@pytest.fixture()
def seeded(tmp_path: Path, db_url: str) -> tuple[Path, str]:
    """A store holding one article, so 'unchanged' is a real check."""
    (tmp_path / "a.txt").write_text("Oman hosted the first round of talks on 6 February 2026.\n")
    proc = run(["ingest", "a.txt"], tmp_path, db_url)
    assert proc.returncode == 0, proc.stderr
    return tmp_path, db_url


def _snapshot(db: str) -> dict:
    st = Store(db)
    snap = {"counts": st.counts(), "ids": [a.id for a in st.articles()]}
    st.close()
    return snap


BAD_FILES = {
    "empty.txt": (b"", "empty file"),
    "binary.bin": (bytes(range(256)) * 8, "binary"),
    "latin1.txt": ("Gespr\u00e4che in Maskat \u00fcber das Atomprogramm".encode("latin-1"), "UTF-8"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_article_files(seeded: tuple[Path, str], name: str) -> None:
    cwd, db = seeded
    data, needle = BAD_FILES[name]
    (cwd / name).write_bytes(data)
    before = _snapshot(db)
    one_error_line(run(["ingest", name], cwd, db), name, needle)
    assert _snapshot(db) == before


def test_file_over_size_limit(seeded: tuple[Path, str]) -> None:
    cwd, db = seeded
    big = cwd / "big.txt"
    line = b"The talks in Muscat continued without a breakthrough on the nuclear file.\n"
    with big.open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size >= 50 * 1024 * 1024
    before = _snapshot(db)
    one_error_line(run(["ingest", "big.txt"], cwd, db), "big.txt", "limit")
    assert _snapshot(db) == before
    # the limit is configurable: a larger limit accepts the file
    proc = run(["ingest", "--max-bytes", str(60 * 1024 * 1024), "big.txt"], cwd, db)
    # stored; too long to extract (over ACCORD_MAX_EXTRACT_CHARS): a reported failure, exit 2
    assert proc.returncode == 2 and "not extracted: longer than" in proc.stderr, proc.stderr
    assert _snapshot(db)["counts"]["articles"] == before["counts"]["articles"] + 1


def _scenario_variant(cwd: Path, old: str, new: str) -> str:
    text = (EXAMPLE / "scenario.yaml").read_text(encoding="utf-8")
    assert old in text
    (cwd / "bad.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    lineno = text[: text.index(old)].count("\n") + 1
    return f"bad.yaml:{lineno}"


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("capability: 100", "capability: lots", "actors[0].capability"),
        ("{actor: IRN, issue: scope", "{actor: PRK, issue: scope", "positions[1].actor"),
        ("position: 95, salience: 0.50", "position: 95, salience: 1.7", "positions[2].salience"),
        ("capability: 30", "capabilty: 30", "capabilty"),
    ],
    ids=["wrong-type", "unknown-actor", "salience-range", "unknown-field"],
)
def test_bad_scenarios(seeded: tuple[Path, str], old: str, new: str, field: str) -> None:
    cwd, db = seeded
    where = _scenario_variant(cwd, old, new)
    before = _snapshot(db)
    line = one_error_line(run(["simulate", "bad.yaml", "--model", "compromise"], cwd, db), field)
    assert where in line, line
    assert _snapshot(db) == before


def test_bad_yaml_syntax(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text("name: x\nactors: [\n  - id: USA\n")
    one_error_line(run(["scenario", "check", "s.yaml"], tmp_path), "s.yaml:", "invalid YAML")


@pytest.mark.parametrize("url", ["notaurl://x/y", "postgresql://postgres@127.0.0.1:1/test",
                                 "sqlite:////nonexistent-dir/x/accord.db"])
def test_bad_database_url(tmp_path: Path, url: str) -> None:
    (tmp_path / "a.txt").write_text("Some text about talks.")
    one_error_line(run(["--db", url, "ingest", "a.txt"], tmp_path), "--db")


def test_missing_file_and_usage(tmp_path: Path) -> None:
    one_error_line(run(["ingest", "nope.txt"], tmp_path), "nope.txt", "no such file")
    one_error_line(run(["simulate", "nope.yaml"], tmp_path), "nope.yaml")
    one_error_line(run(["forecast", "--actors", "USA", "--as-of", "7/2/2026"], tmp_path), "--as-of")


# a verb whose body fails the way a bug in accord would (ZeroDivisionError, not an
# AccordError), added to the real `accord` app and run through the real entry point
_BUGGY = """
import sys
from accord.cli.main import app, main

@app.command("buggy")
def buggy() -> None:
    rows = []
    print(sum(rows) / len(rows))

main(sys.argv[1:])
"""


def test_internal_error_exit_1(tmp_path: Path) -> None:
    """An internal error is one line naming its type, exit 1; --debug shows the traceback."""
    proc = subprocess.run([sys.executable, "-c", _BUGGY, "buggy"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    (line,) = proc.stderr.splitlines()
    assert line.startswith("accord: internal error: ZeroDivisionError: division by zero")
    assert "--debug" in line and "Traceback" not in proc.stderr
    dbg = subprocess.run([sys.executable, "-c", _BUGGY, "--debug", "buggy"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert dbg.returncode == 1 and "Traceback" in dbg.stderr and "ZeroDivisionError" in dbg.stderr


def test_mixed_directory_one_command(tmp_path: Path, db_url: str) -> None:
    """Text, Markdown, HTML, a feed, JSONL and bad files: failures reported, the rest stored."""
    import json
    import shutil

    mix = tmp_path / "mix"
    shutil.copytree(Path(__file__).parent / "data" / "ingest_mix", mix)
    proc = run(["ingest", "mix", "--json"], tmp_path, db_url)
    assert proc.returncode == 2, proc.stderr  # some items failed (each in the report)
    rep = json.loads(proc.stdout)
    failed = {Path(i["origin"].split(":")[0]).name for i in rep["items"] if i["status"] == "failed"}
    assert {"06_empty.txt", "07_image.png", "08_broken.html", "09_latin.txt",
            "05_batch.jsonl"} <= failed
    kinds = {Path(i["origin"].split(":")[0].split("#")[0]).suffix
             for i in rep["items"] if i["status"] != "failed"}
    assert {".txt", ".md", ".html", ".xml", ".jsonl"} <= kinds
    st = Store(db_url)
    assert st.article_count() == rep["stored"] + rep["near_duplicates"] > 5
    # re-running the same batch stores nothing new
    again = json.loads(run(["ingest", "mix", "--json"], tmp_path, db_url).stdout)
    assert again["stored"] == 0 and again["duplicates"] == rep["stored"] + rep["near_duplicates"]
    assert Store(db_url).article_count() == st.article_count()
