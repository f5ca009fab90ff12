"""The concession paths of a talks run (matplotlib, Agg): aspirations and the table."""

from __future__ import annotations

import base64
import io

import matplotlib
import matplotlib.pyplot as plt

from accord.models.talks.records import TalksResult

matplotlib.use("Agg")  # no display (caches: see accord.report's package docstring)


def concession_paths(res: TalksResult) -> bytes:
    """PNG: left, each party's aspiration by round (point run solid, mean over runs dashed)
    with its reservation value; right, the package on the table by round, per issue."""
    asp = res.path.get("aspiration", {})
    mean = res.path.get("mean_aspiration", {})
    table = res.path.get("table", {})
    reserv = res.outside_option.get("reservation", {})
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 3.8))
    for k, (actor, vals) in enumerate(asp.items()):
        color = f"C{k % 10}"
        a1.plot(range(1, len(vals) + 1), vals, color=color, label=actor)
        if actor in mean:
            a1.plot(range(1, len(vals) + 1), mean[actor], color=color, ls="--", lw=0.8)
        if actor in reserv:
            a1.axhline(reserv[actor], color=color, ls=":", lw=0.8)
    agreed = res.path.get("agreed_round", -1)
    for ax in (a1, a2):
        if agreed >= 0:
            ax.axvline(agreed + 1, color="k", lw=0.8)
        ax.set_xlabel("round")
    a1.set_ylabel("utility demanded")
    a1.set_title("aspirations (point run; dashed: mean over runs; dotted: no deal)",
                 fontsize=9)
    a1.legend(fontsize=7)
    for k, (issue, vals) in enumerate(table.items()):
        a2.plot(range(1, len(vals) + 1), vals, color=f"C{k % 10}", label=issue)
    a2.set_ylabel("terms on the table")
    a2.set_title(("mediator's text" if res.protocol == "mediator" else "offer on the table")
                 + " (point run)", fontsize=9)
    a2.legend(fontsize=7)
    fig.suptitle(f"{res.scenario}: {res.protocol} talks, P(agreement) = {res.p_agreement:.2f}",
                 fontsize=10)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def concession_paths_b64(res: TalksResult) -> str:
    """The same plot as base64 text (for HTML and JSON)."""
    return base64.b64encode(concession_paths(res)).decode("ascii")
