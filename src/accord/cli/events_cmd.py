"""`accord events export`: the analysts' reviewed events as training files.

`accord events` itself (the listing) is defined in extract_cmd; ``register`` turns it into
a group whose callback still lists events when no subcommand is given, and adds `export`.
Call it after extract_cmd.register.
"""

from __future__ import annotations

import functools
from pathlib import Path

import typer

from accord.cli.common import store
from accord.errors import InputError


def _as_group(app: typer.Typer) -> typer.Typer:
    """The `events` group, made from the registered `events` listing command."""
    info = next((c for c in app.registered_commands if c.name == "events"), None)
    group = typer.Typer(invoke_without_command=True, help="Stored events: list them (no "
                        "subcommand; see the options), or export reviewed ones.")
    if info is not None:
        app.registered_commands.remove(info)
        listing = info.callback

        @functools.wraps(listing)
        def events(ctx: typer.Context, **kwargs) -> None:  # noqa: ANN003
            if ctx.invoked_subcommand is None:
                listing(ctx, **kwargs)

        group.callback(invoke_without_command=True, help=listing.__doc__)(events)
    app.add_typer(group, name="events")
    return group


def register(app: typer.Typer) -> None:
    group = _as_group(app)

    @group.command("export")
    def export(
        ctx: typer.Context,
        corrections: bool = typer.Option(False, "--corrections", help="Only sentences with an "
                                         "analyst's correction in force (default: every "
                                         "sentence with an event, as the coder read it)."),
        fmt: str = typer.Option("quad", "--format", help="quad: `text<TAB>quad` TSV for "
                                "`accord train events --quad`; roles: BIO tokens (S actor, T "
                                "recipient) for `accord eval roles`."),
        out: Path = typer.Option(..., "--out", "-o", help="File to write."),
    ) -> None:
        """Write reviewed events in the training formats of `accord train events`."""
        from accord.nlp.corrections_export import bio_lines, quad_rows
        from accord.store import review as rv

        if fmt not in ("quad", "roles"):
            raise InputError(f"must be quad or roles, got {fmt!r}", where="--format")
        st = store(ctx)
        act = rv.active(rv.corrections(st))
        if corrections and not act:
            raise InputError("no corrections in force: review events first (dashboard review "
                             "queue or POST /api/events/ID/review)", where="--corrections")
        raw = st.events(include_duplicates=True)
        keys = [rv.event_key(e) for e in raw]
        groups: dict[tuple[str, str], list] = {}
        reviewed: set[tuple[str, str]] = set()
        for e, key in zip(raw, keys, strict=True):
            g = (e.evidence.article_id or "", e.evidence.sentence)
            groups.setdefault(g, [])
            c = act.get(key)
            if c is not None:
                reviewed.add(g)
            ne = e if c is None else rv.corrected(e, c)
            if ne is not None:
                groups[g].append(ne)
        chosen = [g for g in groups if g in reviewed or not corrections]
        if fmt == "quad":
            lines = quad_rows((s, groups[(a, s)]) for a, s in chosen)
            n = len(lines) - 1
            text = "\n".join(lines) + "\n"
        else:
            blocks = []
            texts = {a.id: a.text for a in st.articles(ids=sorted({a for a, _ in chosen}))}
            for aid, sentence in chosen:
                evs = [e for e in groups[(aid, sentence)] if not e.negated]
                main = max(evs, key=lambda e: e.confidence) if evs else None
                start = texts.get(aid, "").find(sentence) if sentence else -1
                lines = bio_lines(sentence, main, st.entities(aid) if main else [],
                                  start if start >= 0 else None)
                if lines:
                    blocks.append("\n".join(lines))
            n = len(blocks)
            text = "\n\n".join(blocks) + ("\n" if blocks else "")
        out.write_text(text, encoding="utf-8")
        print(f"wrote {n} sentence(s) to {out} ({fmt})")
