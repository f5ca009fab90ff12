"""The talks themselves: a negotiation simulator fed by the scenario and the crisis model.

Mechanisms (``protocols``: multilateral alternating offers, a mediator's single negotiating
text, subgame-perfect two-party alternating offers, all under a deadline with a cost of
delay) are kept apart from the negotiators (``negotiators``: time-dependent concession,
tit-for-tat, a learner of the others' saliences), from the utilities (``utility``: built
from the scenario, reservation values from the crisis model) and from the analysis
(``analysis``: Monte Carlo, agreed terms, Pareto and Nash gaps, deal-breakers).
``genius`` reads and writes Genius/ANAC XML domains and profiles.
"""

from __future__ import annotations

from accord.models.talks.analysis import TalksModel, run_talks
from accord.models.talks.records import TalksConfig, TalksResult

__all__ = ["TalksConfig", "TalksModel", "TalksResult", "run_talks"]
