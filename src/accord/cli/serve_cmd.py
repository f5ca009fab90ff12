"""`accord serve` (the REST API and dashboard) and `accord token` (API tokens)."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.cli.common import opts, print_json, store
from accord.errors import InputError


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        ctx: typer.Context,
        host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on "
                                 "(0.0.0.0 for every interface)."),
        port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port (0: any free)."),
        private: bool = typer.Option(False, "--private", help="Reads need a token too."),
        cors: list[str] = typer.Option(None, "--cors", help="An origin allowed to call the API "
                                       "from a browser, e.g. https://desk.example.org "
                                       "(repeatable; default: none)."),
        max_body: int = typer.Option(10 * 1024 * 1024, "--max-body", min=1024,
                                     help="Largest request body in bytes (default 10 MB)."),
        scenario: list[Path] = typer.Option(None, "--scenario", help="A scenario file to store "
                                            "under its name at start when absent (repeatable)."),
        workers: int = typer.Option(2, "--job-workers", min=1, max=16,
                                    help="Threads running simulate/backtest jobs."),
    ) -> None:
        """Serve the REST API under /api and the dashboard at / (FastAPI on uvicorn).

        Writes need `Authorization: Bearer TOKEN` ($ACCORD_TOKEN of the server or a token
        from `accord token create`); reads are open unless --private."""
        import re

        import uvicorn

        from accord import api
        from accord.server.app import Config, create_app
        from accord.store import review

        st = store(ctx)
        for path in scenario or []:
            sc = api.load_scenario(path)
            sid = re.sub(r"[^A-Za-z0-9_.-]+", "-", sc.name).strip("-")[:64] or "scenario"
            if review.scenario(st, sid) is None:
                review.save_scenario(st, sid, sc, author="accord serve --scenario")
        cfg = Config(db=st.url, private=private, cors=list(cors or []), max_body=max_body,
                     job_workers=workers)
        if not opts(ctx).quiet:
            print(f"accord: serving {st._safe_url()} on http://{host}:{port}/ "
                  f"(API docs /api/docs)")
        uvicorn.run(create_app(cfg, store=st), host=host, port=port,
                    log_level="warning" if opts(ctx).quiet else "info")

    tok = typer.Typer(help="API tokens of `accord serve` (stored as SHA-256 only).",
                      no_args_is_help=True)
    app.add_typer(tok, name="token")

    @tok.command("create")
    def create(ctx: typer.Context,
               name: str = typer.Option("analyst", "--name", help="Who uses it; recorded as "
                                        "the author of their corrections.")) -> None:
        """Make a token and print it once (only its hash is stored)."""
        from accord.store import review

        print(review.create_token(store(ctx), name))

    @tok.command("list")
    def list_(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
        """Tokens by id and name (never the token)."""
        from accord.store import review

        rows = review.tokens(store(ctx))
        if as_json:
            print_json({"tokens": rows})
            return
        for r in rows:
            print(f"{r['id']:>4}  {r['name']:<24} {r['created_at']}"
                  f"{'  revoked' if r['revoked'] else ''}")

    @tok.command("revoke")
    def revoke(ctx: typer.Context, token_id: int = typer.Argument(..., help="Id from "
                                                                  "`accord token list`.")) -> None:
        """Revoke a token: requests with it get 401 from then on."""
        from accord.store import review

        if token_id < 1:
            raise InputError("must be a positive id", where="TOKEN_ID")
        review.revoke_token(store(ctx), token_id)
        print(f"revoked token {token_id}")
