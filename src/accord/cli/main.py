"""The `accord` command: verb groups wired to the Python API. Thin: parse, call, print."""

from __future__ import annotations

import sys
import traceback

import typer

from accord import __version__
from accord.cli import (
    db_cmd,
    demo_cmd,
    eval_cmd,
    events_cmd,
    extract_cmd,
    forecast_cmd,
    ingest_cmd,
    report_cmd,
    scenario_cmd,
    serve_cmd,
    simulate_cmd,
    talks_cmd,
    train_cmd,
)
from accord.cli.common import Opts
from accord.errors import AccordError

app = typer.Typer(
    name="accord", add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    help="News about a negotiation or crisis -> events -> scenario -> bargaining -> forecasts.",
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: str = typer.Option(None, "--db", envvar="ACCORD_DB",
                           help="Database URL (sqlite:///file.db, postgresql://user@host/db) or a path to a "
                           "SQLite file; default sqlite:///accord.db."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars and no summary lines (ingest, demo); warnings and failures still print."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of internal errors."),
) -> None:
    ctx.obj = Opts(db=db, quiet=quiet, debug=debug)


@app.command("version")
def version() -> None:
    """Print accord's version."""
    print(__version__)


ingest_cmd.register(app)
extract_cmd.register(app)
events_cmd.register(app)  # after extract_cmd: makes `events` a group with `export`
scenario_cmd.register(app)
simulate_cmd.register(app)
talks_cmd.register(app)
talks_cmd.register_eval(app)
talks_cmd.register_genius(app)
forecast_cmd.register(app)
report_cmd.register(app)
eval_cmd.register(app)
train_cmd.register(app)
db_cmd.register(app)
demo_cmd.register(app)
serve_cmd.register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point: user errors print one line and exit 2; internal errors exit 1."""
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    try:
        rc = app(args=argv, standalone_mode=False, prog_name="accord")
        sys.exit(rc if isinstance(rc, int) else 0)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except AccordError as exc:
        if debug:
            traceback.print_exc()
        print(f"accord: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except (KeyboardInterrupt, typer.Abort):
        print("accord: aborted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            # a command-line usage error (unknown option, missing argument, bad value)
            print(f"accord: error: {exc.format_message()}", file=sys.stderr)
            sys.exit(exc.exit_code)
        # anything else is an internal error: a bug in accord, not in the input
        if debug:
            traceback.print_exc()
        else:
            first = (str(exc).strip().splitlines() or [""])[0][:300]
            print(f"accord: internal error: {type(exc).__name__}: {first} (run with --debug "
                  "for the traceback)", file=sys.stderr)
        sys.exit(1)

if __name__ == "__main__":
    main()
