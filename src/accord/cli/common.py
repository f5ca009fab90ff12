"""Shared CLI plumbing: global options, JSON printing, progress bars, date parsing."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import typer

from accord.errors import InputError


class _LazyConsole:
    """A rich Console made on first use, so importing the CLI loads no rendering library."""

    def __init__(self, stderr: bool) -> None:
        self._stderr = stderr
        self._console = None

    def __getattr__(self, name: str) -> object:
        if self._console is None:
            from rich.console import Console

            # soft_wrap: a message longer than the terminal stays one line (scripts read
            # one line per failure; the terminal may wrap it visually, never a newline)
            self._console = Console(stderr=self._stderr, soft_wrap=True)
        return getattr(self._console, name)

    def get(self):  # noqa: ANN201
        """The rich Console itself (for APIs that check its type, e.g. Progress)."""
        self.__getattr__("print")
        return self._console


err_console = _LazyConsole(stderr=True)
out_console = _LazyConsole(stderr=False)


@dataclass
class Opts:
    db: str | None = None
    quiet: bool = False
    debug: bool = False


def opts(ctx: typer.Context) -> Opts:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, Opts) else Opts()


def store(ctx: typer.Context):  # noqa: ANN201
    from accord.store import Store

    return Store(opts(ctx).db)


def print_json(data: object) -> None:
    """Stable JSON on stdout: sorted keys only where the documented order does not matter."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def parse_date(value: str | None, where: str = "--as-of") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {value!r}", where=where) from None


ACTORS_HELP = "Core actors: comma-separated codes or names, e.g. USA,IRN or India,Pakistan."


def parse_actors(value: str | None, where: str = "--actors") -> list[str]:
    """Codes from comma-separated codes, names or aliases ("IRN", "India", "Hamas",
    "the United States"); an unknown name is a one-line user error naming it."""
    from accord.api import resolve_actors

    if not value or not value.strip(","):
        raise InputError("give core actors as comma-separated codes or names, e.g. USA,IRN,ISR "
                         "or India,Pakistan", where=where)
    try:
        return resolve_actors(value)
    except InputError as exc:
        raise InputError(str(exc).removeprefix("--actors: "), where=where) from None


def check_actors(codes: list[str], st, where: str = "--actors") -> list[str]:  # noqa: ANN001
    """Refuse a code that is neither a country or organisation code of the actor tables nor
    seen in any stored event (a typo would otherwise match nothing, silently)."""
    import pycountry

    from accord.nlp.actors import INTL_CODES, load_actor_tables

    known = load_actor_tables().country_names
    unknown = [c for c in codes if c[:3] not in known and c[:3] not in INTL_CODES
               and (len(c) != 3 or pycountry.countries.get(alpha_3=c) is None)]
    if unknown:
        seen = {r.code[:3] for e in st.events(include_duplicates=True)
                for r in (*e.actor, *e.recipient)}
        bad = [c for c in unknown if c[:3] not in seen]
        if bad:
            raise InputError(f"unknown actor code {bad[0]!r}: not a country or organisation "
                             "code of the actor tables and not in any stored event", where=where)
    return codes


def warn(messages: list[str]) -> None:
    """Print each warning as one line on stderr (also with --quiet: a gap is never silent)."""
    for m in messages:
        print(f"accord: warning: {m}", file=sys.stderr)


def need_file(path: Path, where: str | None = None) -> Path:
    if not path.exists():
        raise InputError("no such file", where=where or str(path))
    return path


@contextmanager
def progress_bar(ctx: typer.Context, label: str, total: int | None = None) -> Iterator:
    """Yield a callback(done, total, note); draws a bar only on a TTY and without --quiet."""
    show = sys.stderr.isatty() and not opts(ctx).quiet
    if not show:
        yield lambda done, tot=None, note="": None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    cols = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), TextColumn("{task.fields[note]}")]
    with Progress(*cols, console=err_console.get(), transient=True) as prog:
        task = prog.add_task(label, total=total, note="")

        def update(done: int, tot: int | None = None, note: str = "") -> None:
            prog.update(task, completed=done, total=tot if tot is not None else total,
                        note=note[-40:])

        yield update
