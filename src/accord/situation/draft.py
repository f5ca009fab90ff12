"""Draft an evidence-linked Scenario from the events and claims known as of a date.

* Actors: the core actors given, capability = CINC score from the bundled Correlates of War
  NMC v6.0 table (2016; ``accord/data/capabilities.csv``), Source(kind="table"); a party
  missing from the table (a non-state group coded by its territory such as PSE, an
  organisation such as IGO) gets the fallback of ``capability_fallback``: the median CINC of
  the table's states with the 10th-90th percentile as its uncertainty range,
  Source(kind="default").
* Issues: claims are mapped to the generic issue dimensions of ``accord/data/issues.yaml``
  (labels name no crisis; only issues this evidence touches enter the draft) by keyword; positions come from the claim's stance terms (formula in the YAML header).
  Threats, mobilisations and conditional strikes between core actors also place their
  actors on ``use_of_force`` (THREATEN 75, MOBILIZE 70, hypothetical ASSAULT 80), and the
  recipient of such threats at 0 with Source(kind="default").
* Salience = clip(0.2 + 0.5 attention + 0.3 strength, 0.05, 1), attention = the share of the
  actor's claims and events (evidence sentences) that touch the issue, strength = the
  firmest cue in its claims ("insist", "must" 1.0; "want", "seek" 0.6; "hope", "could" 0.3;
  otherwise 0.5).
* A ``base`` scenario keeps every value whose source is the analyst (analyst edits win);
  its issues and actors that the evidence does not touch are carried over.
* A core actor the evidence places on no issue is named in the description
  (``unplaced_actors``), so a draft never hides that it could not place someone.
* ``evidence_only`` (the analyst's draft of `accord scenario draft` and the report; the
  forecast engine keeps the rules above): no position from a claim that states no stance,
  use_of_force only from military threats against another party, no "assumed opposed" for a
  threatened party that is reported attacking its threatener, a mediator's profile for a
  stance-less party shown mediating, everyone else left out; each decision is a note (one
  party placed is written, and refused by the validator until the analyst adds another).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources

import yaml

from accord.errors import ScenarioError
from accord.situation.escalation import country, event_date, events_as_of
from accord.types import Actor, Claim, Event, Evidence, Issue, Position, Scenario, Source

STRONG = ("insist", "must", "demand", "will not", "never", "red line", "require", "non-negotiable")
MEDIUM = ("want", "seek", "prefer", "call for", "urge", "push", "press", "ask")
WEAK = ("hope", "consider", "could", "may", "might", "open to")
FORCE_POSITION = {"THREATEN": 75.0, "MOBILIZE": 70.0, "ASSAULT": 80.0, "COERCE": 70.0}
UNPLACED = "Not placed on any issue:"
# evidence_only drafts (`accord scenario draft`, the report): which threats are about force.
# PLOVER modes of THREATEN / MOBILIZE that name military means; without a mode, a sentence
# that touches use_of_force and names no economic or diplomatic measure
MILITARY_MODES = frozenset({"violence", "territory", "troops", "weapons", "militia"})
NON_MILITARY = re.compile(r"\b(tariff|trade|sanction|export|import|econom|embargo|duties|"
                          r"visa|diplomat|ambassador|relations)\w*", re.I)
MEDIATOR_SALIENCE = 0.3  # a broker weighs a settlement, not the substance of each issue


def unplaced_actors(scenario: Scenario) -> list[str]:
    """Actors of a scenario with no position on any issue (a draft could not place them)."""
    placed = {p.actor for p in scenario.positions}
    return [a.id for a in scenario.actors if a.id not in placed]


@lru_cache(maxsize=1)
def issue_table() -> dict[str, dict]:
    """The bundled issue keyword table (accord/data/issues.yaml)."""
    text = resources.files("accord").joinpath("data/issues.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def capability_table() -> dict[str, dict]:
    """ISO-3 code -> row of the bundled COW NMC v6.0 (2016) capability table."""
    text = resources.files("accord").joinpath("data/capabilities.csv").read_text("utf-8")
    rows = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    from accord.nlp.codes import canonical_code

    # keyed by ISO-3 and by accord's own code where it differs (XKX and KOS: Kosovo)
    return {k: r for r in csv.DictReader(io.StringIO("\n".join(rows)))
            for k in dict.fromkeys((r["iso3"], canonical_code(r["iso3"])))}


FALLBACK_QUANTILES = (0.10, 0.50, 0.90)  # low, point, high of the capability fallback


@lru_cache(maxsize=1)
def capability_fallback() -> tuple[float, tuple[float, float]]:
    """(point, (low, high)) capability for a party with no row in the table.

    No comparable measure of material capability exists for non-state groups, territories
    or organisations, so the fallback is uninformative within the table's own scale: the
    median 2016 CINC of the states in it, with the 10th-90th percentile as a wide range
    (documented in accord/data/README.md)."""
    import numpy as np

    vals = np.array([float(r["cinc"]) for r in capability_table().values()])
    lo, mid, hi = (float(v) for v in np.quantile(vals, FALLBACK_QUANTILES))
    return mid, (lo, hi)


def fallback_note(code: str) -> str:
    """Why and how a party got the fallback capability, for Source notes and drivers."""
    mid, (lo, hi) = capability_fallback()
    return (f"{code} has no row in the COW NMC capability table (a non-state party, territory "
            f"or organisation): fallback capability {mid:.2g}, range {lo:.2g}-{hi:.2g} (median "
            "and 10th-90th percentile of the 2016 CINC of all states; accord/data/README.md)")


def table_actor(code: str) -> Actor:
    """An Actor with its capability from the table, or the documented fallback."""
    row = capability_table().get(code)
    if row is not None:
        return Actor(id=code, name=row["name"], code=code, capability=float(row["cinc"]),
                     source=Source(kind="table", note=f"COW NMC v6.0 CINC {row['year']} "
                                   f"({row['cow_abb']}); accord/data/capabilities.csv"))
    mid, rng = capability_fallback()
    return Actor(id=code, name=code, code=code, capability=mid, capability_range=rng,
                 source=Source(kind="default", note=fallback_note(code)))


def classify_claim(claim: Claim) -> str | None:
    """The issue a claim is about: most keyword hits in its issue and stance text, or None."""
    text = f"{claim.issue} {claim.stance}".lower()
    best, hits = None, 0
    for iid, spec in issue_table().items():
        n = sum(text.count(k) for k in spec["keywords"]) + (3 if claim.issue.lower() == iid else 0)
        if n > hits:
            best, hits = iid, n
    return best


def stance_position(issue: str, text: str) -> float:
    """Position 0-100 from the stance's low and high terms (smoothed share of high terms)."""
    spec = issue_table()[issue]
    t = text.lower()
    h = sum(t.count(k) for k in spec["high_terms"])
    lo = sum(t.count(k) for k in spec["low_terms"])
    return 100.0 * (h + 0.5) / (h + lo + 1.0)


def claim_strength(text: str) -> float:
    """How firmly a stance is put: 1.0 strong cue, 0.6 medium, 0.3 weak, else 0.5."""
    t = text.lower()
    if any(k in t for k in STRONG):
        return 1.0
    if any(k in t for k in MEDIUM):
        return 0.6
    if any(k in t for k in WEAK):
        return 0.3
    return 0.5


def claims_as_of(claims: Iterable[Claim], article_dates: Mapping[str, dt.date],
                 as_of: dt.date) -> list[Claim]:
    """Claims whose article is dated on or before ``as_of`` (undated sources are left out)."""
    out = []
    for c in claims:
        aid = c.evidence.article_id
        d = article_dates.get(aid) if aid is not None else None
        if d is not None and d <= as_of:
            out.append(c)
    return out


def _touches(sentence: str, issue: str) -> bool:
    s = sentence.lower()
    return any(k in s for k in issue_table()[issue]["keywords"])


def _stance_terms(issue: str, text: str) -> int:
    """How many of the issue's low and high terms a claim's text contains (0: no stance)."""
    spec = issue_table()[issue]
    t = text.lower()
    return sum(t.count(k) for k in (*spec["high_terms"], *spec["low_terms"]))


def is_military_threat(e: Event) -> bool:
    """Whether a threat, deployment or conditional strike is about military force (a trade
    or diplomatic warning is not a position on the use of force)."""
    if e.type == "ASSAULT":
        return True
    if e.type not in ("THREATEN", "MOBILIZE"):
        return False
    if e.mode:
        return e.mode in MILITARY_MODES
    sent = e.evidence.sentence or ""
    return _touches(sent, "use_of_force") and not NON_MILITARY.search(sent)


def mediation_evidence(events: Sequence[Event], who: str, others: Sequence[str]) -> list[Evidence]:
    """Sentences showing ``who`` as a go-between of the ``others``: an act of its, toward one
    of them or toward no one named, whose sentence names mediation, brokering or hosting
    talks (accord.situation.cues.MEDIATION)."""
    from accord.situation.cues import MEDIATION

    out = []
    for e in events:
        if e.negated or e.hypothetical or e.historical:
            continue
        if who not in {country(x.code) for x in e.actor}:
            continue
        toward = {country(x.code) for x in e.recipient} & set(others)
        sent = e.evidence.sentence or ""
        if MEDIATION.search(sent) and (toward or not e.recipient):
            out.append(e.evidence)
    return out


def draft_scenario(
    events: Sequence[Event],
    claims: Sequence[Claim],
    article_dates: Mapping[str, dt.date],
    actors: Sequence[str],
    as_of: dt.date,
    base: Scenario | None = None,
    *,
    evidence_only: bool = False,
    notes: list[str] | None = None,
) -> Scenario:
    """Draft actors, issues and positions from evidence dated <= as_of (see module doc).

    ``evidence_only`` (the analyst's draft: `accord scenario draft`, the report) places a
    party only where the evidence states its stance: a claim with none of the issue's stance
    terms gives no position (not the middle of the scale), only threats of military force
    place parties on use_of_force, a party with no stance that the evidence shows mediating
    gets a mediator's profile, and any other party is left out. Each such decision is
    appended to ``notes`` and to the description. The default keeps the forecast engine's
    inputs as they were (its figures were measured on them)."""
    notes = [] if notes is None else notes
    core = [country(a) for a in dict.fromkeys(actors)]
    evs = events_as_of(events, article_dates, as_of)
    cls = claims_as_of(claims, article_dates, as_of)
    drafted_actors = [table_actor(a) for a in core]
    # ---- claims -> (actor, issue) cells
    cells: dict[tuple[str, str], list[tuple[float, float, Evidence]]] = {}
    stanceless: dict[str, set[str]] = {}
    for c in cls:
        a = country(c.actor.code)
        iss = classify_claim(c)
        if a not in core or iss is None:
            continue
        text = f"{c.issue} {c.stance}"
        if evidence_only and _stance_terms(iss, text) == 0:
            stanceless.setdefault(iss, set()).add(a)  # touches the issue, says no side
            continue
        cells.setdefault((a, iss), []).append(
            (stance_position(iss, text), claim_strength(c.stance), c.evidence))
    # ---- threats and deployments -> use_of_force
    force: dict[str, list[tuple[float, Evidence]]] = {}
    threatened: dict[str, list[Evidence]] = {}
    threatened_by: dict[str, set[str]] = {}
    attacks: dict[str, set[str]] = {}  # party -> core parties it is reported attacking
    for e in evs:
        if e.type == "ASSAULT" and e.asserted:
            for s in {country(x.code) for x in e.actor} & set(core):
                attacks.setdefault(s, set()).update(
                    {country(x.code) for x in e.recipient} & set(core) - {s})
        if e.negated or e.historical or e.type not in FORCE_POSITION:
            continue
        if e.type in ("ASSAULT", "COERCE") and not (e.hypothetical or e.future):
            continue  # an act of force is not a stated position
        if evidence_only and not is_military_threat(e):
            continue  # a trade or diplomatic warning says nothing about military force
        src = [country(x.code) for x in e.actor if country(x.code) in core]
        dst = [country(x.code) for x in e.recipient if country(x.code) in core]
        if evidence_only and not set(dst) - set(src):
            continue  # force against the other side: a deployment at home is no such threat
        for d in dst:
            threatened_by.setdefault(d, set()).update(src)
        for s in src:
            force.setdefault(s, []).append((FORCE_POSITION[e.type], e.evidence))
        for d in dst:
            if d not in src:
                threatened.setdefault(d, []).append(e.evidence)
    per_actor_total = {a: 0 for a in core}
    per_actor_issue: dict[tuple[str, str], int] = {}
    for c in cls:
        a = country(c.actor.code)
        iss = classify_claim(c)
        if a in per_actor_total:
            per_actor_total[a] += 1
            if iss:
                per_actor_issue[(a, iss)] = per_actor_issue.get((a, iss), 0) + 1
    for e in evs:
        if e.negated:
            continue
        for a in {country(x.code) for x in e.actor} & set(core):
            per_actor_total[a] += 1
            for iss in issue_table():
                if _touches(e.evidence.sentence, iss):
                    per_actor_issue[(a, iss)] = per_actor_issue.get((a, iss), 0) + 1
    positions: list[Position] = []
    for (a, iss), rows in sorted(cells.items()):
        wsum = sum(s for _, s, _ in rows)
        pos = sum(p * s for p, s, _ in rows) / wsum
        strength = max(s for _, s, _ in rows)
        att = per_actor_issue.get((a, iss), 0) / max(per_actor_total[a], 1)
        sal = min(max(0.2 + 0.5 * att + 0.3 * strength, 0.05), 1.0)
        positions.append(Position(
            actor=a, issue=iss, position=round(pos, 3), salience=round(sal, 4),
            source=Source(kind="evidence", evidence=[ev for _, _, ev in rows],
                          note=f"{len(rows)} claim(s); attention {att:.2f}, "
                               f"strength {strength:.1f}")))
    have = {(p.actor, p.issue) for p in positions}
    for a, rows in sorted(force.items()):
        if (a, "use_of_force") in have:
            continue
        att = per_actor_issue.get((a, "use_of_force"), 0) / max(per_actor_total[a], 1)
        positions.append(Position(
            actor=a, issue="use_of_force", position=max(p for p, _ in rows),
            salience=round(min(max(0.2 + 0.5 * att + 0.3 * 1.0, 0.05), 1.0), 4),
            source=Source(kind="evidence", evidence=[ev for _, ev in rows],
                          note=f"{len(rows)} threat/deployment event(s)")))
        have.add((a, "use_of_force"))
    if any(i == "use_of_force" for _, i in have):
        for d, evid in sorted(threatened.items()):
            fights = sorted(attacks.get(d, set()) & threatened_by.get(d, set()))
            if evidence_only and fights and (d, "use_of_force") not in have:
                notes.append(f"{d} is threatened by {', '.join(fights)} but reported attacking "
                             "it too: not assumed opposed to force (no position on "
                             "use_of_force)")
                continue
            if (d, "use_of_force") not in have:
                positions.append(Position(
                    actor=d, issue="use_of_force", position=0.0, salience=0.8,
                    source=Source(kind="default", evidence=evid,
                                  note="recipient of threats: assumed opposed to force")))
                have.add((d, "use_of_force"))
    scen_roles: dict[str, str] = {}
    all_drafted = list(drafted_actors)
    if evidence_only:
        positions, scen_roles, core_kept = _place_or_leave_out(
            positions, core, evs, as_of, stanceless, notes)
        drafted_actors = [a.model_copy(update={"role": scen_roles[a.id]}) if a.id in scen_roles
                          else a for a in drafted_actors if a.id in core_kept]
    used = sorted({p.issue for p in positions})
    table = issue_table()
    issues = [Issue(id=i, name=table[i]["name"], low=table[i]["low"], high=table[i]["high"],
                    source=Source(kind="table", note="accord/data/issues.yaml"))
              for i in used]
    scen_actors = drafted_actors
    if base is not None:
        scen_actors, issues, positions = _merge(base, drafted_actors, issues, positions)
    if not issues and evidence_only and base is None:
        # nothing to bargain over in the evidence: the question's generic issue is listed with
        # no positions and the parties kept, for the analyst to complete; `scenario check`,
        # `simulate` and `report` refuse it with one line until positions are given
        i = table["use_of_force"]
        issues = [Issue(id="use_of_force", name=i["name"], low=i["low"], high=i["high"],
                        source=Source(kind="table", note="accord/data/issues.yaml"))]
        scen_actors = scen_actors or all_drafted
        notes.append(f"no issue could be drafted: no claim or threat with a stance among "
                     f"{', '.join(core)} as of {as_of}; use_of_force is listed with no "
                     "positions, so `scenario check` and every model refuse this draft until "
                     "you give positions (by hand, or with --base FILE)")
    if not issues:
        raise ScenarioError("no issue could be drafted: no claims or threats among the actors "
                            f"{', '.join(core)} as of {as_of}", where="draft")
    if evidence_only and len(scen_actors) < 2 and positions:
        # one party is no bargaining: written for the analyst to complete, and refused by
        # `scenario check`, `simulate` and `report` until another party is added
        notes.append(f"only {scen_actors[0].id} could be placed as of {as_of}: bargaining "
                     "needs two parties, so `scenario check` and every model refuse this draft "
                     "until you add the other side's positions (by hand, or with --base FILE)")
    when = max((d for e in evs if (d := event_date(e, article_dates))), default=as_of)
    placed = {p.actor for p in positions}
    unplaced = [] if evidence_only else [a for a in core if a not in placed]  # else: notes
    gap = (f". {UNPLACED} {', '.join(unplaced)} (no claim, threat or deployment of theirs in "
           "the evidence); give their positions by hand" if unplaced else "")
    if evidence_only and notes:
        gap += ". " + ". ".join(n[0].upper() + n[1:] for n in notes)
    return Scenario(
        name=f"draft {'-'.join(core)} {as_of.isoformat()}",
        description=f"drafted from {len(evs)} events and {len(cls)} claims dated <= "
                    f"{as_of.isoformat()} (latest event {when.isoformat()}); issues from the "
                    f"generic table accord/data/issues.yaml that the evidence touches{gap}",
        as_of=as_of, actors=scen_actors, issues=issues, positions=positions,
    )


def _place_or_leave_out(
    positions: list[Position], core: list[str], evs: Sequence[Event], as_of: dt.date,
    stanceless: Mapping[str, set[str]], notes: list[str],
) -> tuple[list[Position], dict[str, str], list[str]]:
    """The evidence_only rules for parties without a stated stance: a mediator's profile
    when the evidence shows them mediating, else out of the draft; each decision a note.
    Returns (positions, roles by actor, the actors kept)."""
    placed = {p.actor for p in positions}
    parties = [a for a in core if a in placed]
    roles: dict[str, str] = {}
    kept = list(parties)
    out = list(positions)
    for iss, who in sorted(stanceless.items()):
        silent = sorted(w for w in who if not any(p.actor == w and p.issue == iss
                                                   for p in positions))
        if silent:
            notes.append(f"issue {iss}: the claims of {', '.join(silent)} on it state no stance "
                         "(none of its low or high terms), so no position is drafted for them "
                         "there (no evidence, not the middle of the scale)")
    for a in core:
        if a in placed:
            continue
        evid = mediation_evidence(evs, a, [c for c in core if c != a])
        if evid and parties:
            roles[a] = "mediator"
            kept.append(a)
            out += _mediator_positions(a, out, parties, evid)
            notes.append(f"{a} placed as a mediator: no stance of its own in the evidence, "
                         f"{len(evid)} sentence(s) show it mediating; on each issue it stands "
                         "midway between the parties' positions, salience "
                         f"{MEDIATOR_SALIENCE} (edit by hand)")
        else:
            notes.append(f"{a} left out of the draft: no stated stance, threat or deployment "
                         f"of its own and no mediation in the evidence dated <= "
                         f"{as_of.isoformat()}; add it with its positions by hand")
    return sorted(out, key=lambda p: (p.actor, p.issue)), roles, [a for a in core if a in kept]


def _mediator_positions(who: str, positions: Sequence[Position], parties: Sequence[str],
                        evid: list[Evidence]) -> list[Position]:
    """A mediator's profile: on each drafted issue, midway between the parties' extreme
    positions, with a low salience; its source is the mediation evidence."""
    out = []
    for iss in sorted({p.issue for p in positions if p.actor in parties}):
        vals = [p.position for p in positions if p.issue == iss and p.actor in parties]
        out.append(Position(
            actor=who, issue=iss, position=round((min(vals) + max(vals)) / 2, 3),
            salience=MEDIATOR_SALIENCE,
            source=Source(kind="default", evidence=evid[:5],
                          note="mediator: midway between the parties' positions, low salience")))
    return out


def _merge(base: Scenario, actors: list[Actor], issues: list[Issue], positions: list[Position]
           ) -> tuple[list[Actor], list[Issue], list[Position]]:
    """Analyst values in ``base`` win; what the evidence does not touch is carried over."""
    out_a = {a.id: a for a in actors}
    for a in base.actors:
        if a.source.kind == "analyst" or a.id not in out_a:
            out_a[a.id] = a
    out_i = {i.id: i for i in issues}
    for i in base.issues:
        if i.source.kind == "analyst" or i.id not in out_i:
            out_i[i.id] = i
    out_p = {(p.actor, p.issue): p for p in positions}
    for p in base.positions:
        if p.source.kind == "analyst" or (p.actor, p.issue) not in out_p:
            out_p[(p.actor, p.issue)] = p
    keep_p = [p for p in out_p.values() if p.actor in out_a and p.issue in out_i]
    live = {p.issue for p in keep_p}
    return (list(out_a.values()), [i for i in out_i.values() if i.id in live],
            sorted(keep_p, key=lambda p: (p.actor, p.issue)))
