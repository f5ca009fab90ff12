"""`accord db`: schema migrations and store information."""

from __future__ import annotations

import typer

from accord.cli.common import opts, print_json, store


def register(app: typer.Typer) -> None:
    db = typer.Typer(help="The store: migrate and inspect.", no_args_is_help=True)
    app.add_typer(db, name="db")

    @db.command("upgrade")
    def upgrade(ctx: typer.Context) -> None:
        """Create or migrate the schema to the newest revision."""
        st = store(ctx)
        print(f"{st._safe_url()} at revision {st.revision()}")

    @db.command("info")
    def info(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
        """Database URL, schema revision and row counts."""
        st = store(ctx)
        data = {"url": st._safe_url(), "revision": st.revision(), "counts": st.counts()}
        if as_json:
            print_json(data)
        else:
            print(f"{data['url']} (revision {data['revision']})")
            for k, v in data["counts"].items():
                print(f"  {k:<10} {v}")

    @db.command("url")
    def url(ctx: typer.Context) -> None:
        """Print the database URL in use."""
        from accord.store import resolve_url

        print(resolve_url(opts(ctx).db))
