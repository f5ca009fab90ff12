"""Corpus input: find the items of a JSONL file, a Parquet file or a directory of articles,
cut them into partitions in a fixed order, and read one partition back on a worker.

A partition is a list of *pieces*; a piece is a byte range of lines of a JSONL file, a row
range of a Parquet file, or a list of article files (text, HTML, Markdown, JSON, feeds,
read by ``accord.ingest.readers`` exactly as ``accord extract`` reads them). The plan depends
only on the corpus (file names, sizes, modification times) and the partition size, so a
re-run finds the same partitions and can skip the finished ones.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from accord.errors import InputError

JSONL_EXT = {".jsonl", ".ndjson"}
PARQUET_EXT = {".parquet", ".pq"}
ARTICLE_FIELDS = ("text", "title", "url", "source", "date")


def _files(root: Path, glob: str) -> list[Path]:
    """The files of a directory in the order ``accord extract DIR`` reads them."""
    from accord.ingest.readers import is_hidden

    return sorted(f for f in root.glob(glob) if f.is_file() and not is_hidden(f.relative_to(root)))


def _line_starts(path: Path, every: int) -> tuple[list[int], int]:
    """Byte offsets of line 1, every+1, 2*every+1 ... and the number of lines (a last line
    without a newline counts)."""
    starts, n, pos, last = [0], 0, 0, b"\n"
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            k = -1
            while (k := block.find(b"\n", k + 1)) >= 0:
                n += 1
                if n % every == 0:
                    starts.append(pos + k + 1)
            pos += len(block)
            last = block[-1:]
    if last != b"\n":
        n += 1
    if starts[-1] >= pos:
        starts.pop()
    return starts, n


def _parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path).metadata.num_rows
    except Exception as exc:  # noqa: BLE001 - a bad Parquet file is a one-line input error
        raise InputError(f"cannot read as Parquet: {exc}", where=str(path)) from None


def _units(path: Path, size: int, glob: str) -> Iterator[dict]:
    """Pieces of at most ``size`` items, in corpus order; each has an item count ``n``."""
    files = _files(path, glob) if path.is_dir() else [path]
    loose: list[str] = []
    for f in files:
        ext = f.suffix.lower()
        if ext in JSONL_EXT or ext in PARQUET_EXT:
            if loose:
                yield {"kind": "files", "files": loose, "n": len(loose)}
                loose = []
            if ext in JSONL_EXT:
                starts, n = _line_starts(f, size)
                for k, start in enumerate(starts):
                    end = starts[k + 1] if k + 1 < len(starts) else f.stat().st_size
                    yield {"kind": "jsonl", "file": str(f), "start": start, "end": end,
                           "line": k * size + 1, "n": min(size, n - k * size)}
            else:
                rows = _parquet_rows(f)
                for lo in range(0, rows, size):
                    yield {"kind": "parquet", "file": str(f), "start": lo,
                           "end": min(rows, lo + size), "n": min(rows, lo + size) - lo}
        else:
            loose.append(str(f))
            if len(loose) == size:
                yield {"kind": "files", "files": loose, "n": len(loose)}
                loose = []
    if loose:
        yield {"kind": "files", "files": loose, "n": len(loose)}


def plan(path: str | Path, partition_size: int = 200, glob: str = "**/*") -> dict:
    """The partitions of a corpus: {"corpus", "partition_size", "fingerprint", "partitions"};
    each partition is {"id": "part-00000", "pieces": [...], "items": n}."""
    p = Path(path)
    if partition_size < 1:
        raise InputError("must be at least 1", where="--partition-size")
    if not p.exists():
        raise InputError("no such file or directory", where=str(p))
    if p.is_file() and p.suffix.lower() not in JSONL_EXT | PARQUET_EXT:
        raise InputError("a corpus is a .jsonl or .parquet file or a directory of articles",
                         where=str(p))
    parts: list[dict] = []
    cur: list[dict] = []
    room = partition_size
    for unit in _units(p, partition_size, glob):
        for piece in _split(unit, room, partition_size):
            cur.append(piece)
            room -= piece["n"]
            if room == 0:
                parts.append(cur)
                cur, room = [], partition_size
    if cur:
        parts.append(cur)
    if not parts:
        raise InputError("no articles: an empty corpus", where=str(p))
    files = _files(p, glob) if p.is_dir() else [p]
    fingerprint = [[str(f), f.stat().st_size, f.stat().st_mtime_ns] for f in files]
    return {
        "corpus": str(p), "partition_size": partition_size, "glob": glob,
        "fingerprint": fingerprint,
        "partitions": [{"id": f"part-{k:05d}", "pieces": ps, "items": sum(x["n"] for x in ps)}
                       for k, ps in enumerate(parts)],
    }


def _split(unit: dict, room: int, size: int) -> Iterator[dict]:
    """Cut a unit so that it fills the current partition's remaining ``room`` first."""
    if unit["n"] <= room:
        yield unit
        return
    if unit["kind"] == "files":
        files = unit["files"]
        yield {"kind": "files", "files": files[:room], "n": room}
        rest = files[room:]
        while rest:
            yield {"kind": "files", "files": rest[:size], "n": len(rest[:size])}
            rest = rest[size:]
        return
    if unit["kind"] == "parquet":
        lo, end = unit["start"], unit["end"]
        cut = lo + room
        yield {**unit, "end": cut, "n": room}
        while cut < end:
            hi = min(end, cut + size)
            yield {**unit, "start": cut, "end": hi, "n": hi - cut}
            cut = hi
        return
    # a JSONL piece: cut at a line boundary found by reading the piece
    path = Path(unit["file"])
    with path.open("rb") as fh:
        fh.seek(unit["start"])
        data = fh.read(unit["end"] - unit["start"])
    offsets = [0]
    k = -1
    while (k := data.find(b"\n", k + 1)) >= 0 and k + 1 < len(data):
        offsets.append(k + 1)
    first, line = 0, unit["line"]
    for cut_at in [room, *range(room + size, len(offsets), size)]:
        if cut_at >= len(offsets):
            break
        yield {**unit, "start": unit["start"] + offsets[first],
               "end": unit["start"] + offsets[cut_at], "line": line + first, "n": cut_at - first}
        first = cut_at
    yield {**unit, "start": unit["start"] + offsets[first], "line": line + first,
           "n": len(offsets) - first}


# --------------------------------------------------------------------------- reading
def read_partition(part: dict, max_bytes: int | None = None) -> Iterator:
    """The IngestItems (article or one-line error) of a partition, in corpus order."""
    for piece in part["pieces"]:
        if piece["kind"] == "files":
            from accord.ingest.readers import read_file

            for f in piece["files"]:
                yield from read_file(f, max_bytes)
        elif piece["kind"] == "jsonl":
            yield from _read_jsonl_piece(piece, max_bytes)
        else:
            yield from _read_parquet_piece(piece, max_bytes)


def _record(obj_text: str, where: str, raw_len: int, limit: int):  # noqa: ANN202
    """One JSON record to an IngestItem, as `accord extract FILE.jsonl` reads a line."""
    from accord.ingest.readers import (
        IngestItem,
        jsonl_article,
        one_line,
        storable_item,
        too_big,
    )

    if raw_len > limit:
        return IngestItem(where, error=too_big(raw_len, limit))
    try:
        return storable_item(IngestItem(where, jsonl_article(obj_text, where)))
    except ValueError as exc:
        return IngestItem(where, error=one_line(exc))


def _read_jsonl_piece(piece: dict, max_bytes: int | None) -> Iterator:
    from accord.ingest.readers import IngestItem, max_bytes_limit

    limit = max_bytes_limit(max_bytes)
    path = piece["file"]
    try:
        with open(path, "rb") as fh:
            fh.seek(piece["start"])
            data = fh.read(piece["end"] - piece["start"])
    except OSError as exc:
        yield IngestItem(path, error=f"cannot read: {exc.strerror or exc}")
        return
    for n, raw in enumerate(data.split(b"\n"), start=piece["line"]):
        if n >= piece["line"] + piece["n"]:
            break
        where = f"{path}:{n}"
        try:
            line = raw.decode("utf-8-sig" if n == 1 else "utf-8").removesuffix("\r")
        except UnicodeDecodeError as exc:
            yield IngestItem(where, error=f"invalid UTF-8 at byte {exc.start}")
            continue
        line = unicodedata.normalize("NFC", line)
        if line.strip():
            yield _record(line, where, len(raw), limit)


def _read_parquet_piece(piece: dict, max_bytes: int | None) -> Iterator:
    import datetime as dt

    import pyarrow.parquet as pq

    from accord.ingest.readers import IngestItem, max_bytes_limit

    limit = max_bytes_limit(max_bytes)
    path = piece["file"]
    try:
        pf = pq.ParquetFile(path)
        cols = [c for c in ARTICLE_FIELDS if c in pf.schema_arrow.names]
        if "text" not in cols:
            yield IngestItem(path, error="Parquet corpus has no 'text' column")
            return
        rows: list[dict] = []
        seen = 0
        for batch in pf.iter_batches(columns=cols, batch_size=1024):
            if seen + batch.num_rows > piece["start"]:
                lo = max(0, piece["start"] - seen)
                hi = min(batch.num_rows, piece["end"] - seen)
                rows += batch.slice(lo, hi - lo).to_pylist()
            seen += batch.num_rows
            if seen >= piece["end"]:
                break
    except Exception as exc:  # noqa: BLE001 - the file's failure, reported for the partition
        yield IngestItem(path, error=f"cannot read as Parquet: {exc}")
        return
    for k, row in enumerate(rows, start=piece["start"] + 1):
        d = row.get("date")
        if isinstance(d, dt.datetime | dt.date):
            row["date"] = d.isoformat()
        text = json.dumps(row, ensure_ascii=False, default=str)
        yield _record(text, f"{path}:{k}", len(text.encode("utf-8")), limit)
