"""Factuality of coded events (accord.nlp.factuality): each value on real sentences.

Real text is read at run time from ../shared/data (crisis excerpts, the events_train
sentences) and located by a short fragment; nothing is copied here. A few short sentences
written for accord (not taken from any source) pin the misreads named in issue 8 ("troops
exchanged artillery fire", "did not provide evidence" ...). The parse coder is used without
the learned layer: factuality is the parse's job (the learned layer keeps it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.types import Event


def _id(value: object) -> str:
    """A parameter's test id; a set in sorted order (its own order follows the process's
    hash seed, and the two pytest-xdist workers of `make test` must collect the same ids)."""
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(map(repr, value))) + "}"
    return str(value)

# (crisis, article file, fragment, type or "" for any, factuality, actor prefix, source prefix)
CRISIS_CASES = [
    ("iran-israel-april-2024", "08-2024-04-13.json", "wide-ranging drone strike",
     "ASSAULT", "asserted", "IRN", None),
    ("egypt-ethiopia-gerd-talks-2023", "04-2023-09-11.json", "is a violation of a 2015",
     "ACCUSE", "asserted", "EGY", None),  # the treaty's old year does not date the charge
    ("russia-ukraine-invasion-2022", "04-2022-01-11.json", "could not agree on the main",
     "AGREE", "negated", "USA", None),
    ("azerbaijan-karabakh-offensive-2023", "02-2023-08-15.json", "unable to reach a lasting",
     "AGREE", "negated", "AZE", None),
    ("niger-ecowas-2023", "07-2023-08-25.json", "has neither declared war",
     "ASSAULT", "negated", None, None),
    ("russia-ukraine-invasion-2022", "07-2022-02-10.json", "if Russia invades",
     "ASSAULT", "hypothetical", "RUS", None),
    ("iran-israel-april-2024", "04-2024-04-10.json", "If Iran attacks from its own",
     "ASSAULT", "hypothetical", "IRN", None),
    ("israel-hezbollah-ceasefire-nov-2024", "02-2024-11-15.json", "handed over a draft",
     "AGREE", "proposed", "USA", None),
    ("israel-hezbollah-ceasefire-nov-2024", "01-2024-10-31.json", "proposed a 60-day truce",
     "RETREAT", "proposed", None, None),
    ("russia-ukraine-buildup-apr-2021", "02-2021-04-13.json", "Biden proposed a summit",
     "CONSULT", "proposed", "USA", None),
    ("us-north-korea-singapore-summit-2018", "03-2018-05-10.json", "in Singapore on June 12",
     "", "future", "USA", None),
    ("niger-ecowas-2023", "10-2023-11-30.json", "will take place on December 10",
     "", "future", None, None),
    ("china-taiwan-pelosi-2022", "07-2022-08-05.json", "agreed a deal to cut methane",
     "AGREE", "historical", "CHN", None),
    ("iran-israel-april-2024", "07-2024-04-12.json", "since the U.S. assassinated",
     "ASSAULT", "historical", "USA", None),
    ("russia-ukraine-invasion-2022", "02-2021-12-14.json", "alleges that Ukraine has",
     "MOBILIZE", "alleged", "UKR", "RUS"),
    ("russia-ukraine-invasion-2022", "07-2022-02-10.json", "warned that a Russian invasion",
     "ASSAULT", "alleged", "RUS", "USA"),
    ("houthi-red-sea-us-strikes-2024", "01-2023-12-12.json", "allegedly fired by Houthi",
     "ASSAULT", "alleged", "YEM", None),
    ("azerbaijan-karabakh-offensive-2023", "02-2023-08-15.json", "denied Baku’s claim",
     "MOBILIZE", "denied", "ARM", "ARM"),
    ("israel-hamas-truce-nov-2023", "04-2023-11-13.json", "denied on Sunday the suspension",
     "SANCTION", "denied", "PSE", "PSE"),
]

# sentences written for accord: (sentence, type that must be there or None, types that must not)
OWN_CASES = [
    ("Indian and Pakistani troops exchanged artillery fire across the border.",
     "ASSAULT", {"COOPERATE"}),
    ("Indian and Pakistani army chiefs agreed on a hotline call to stop firing.",
     "AGREE", {"THREATEN", "ASSAULT"}),
    ("Pakistani troops were placed on high alert.", "MOBILIZE", set()),
    ("The ministry did not provide evidence for its claim.", None, {"AID"}),
]

# sentences written for accord: (sentence, type, factuality, source prefix or None)
OWN_FACTUALITY = [
    ("Israel said Hezbollah was about to launch a major rocket attack on Haifa.",
     "ASSAULT", "alleged", "ISR"),
    ("Russia suspended its participation in the 2010 arms treaty on Tuesday.",
     "SANCTION", "asserted", None),  # the treaty's year does not make the suspension past
    ("Pakistan offered to hold talks with India.", "CONSULT", "proposed", None),
    # an offer is not an agreement reached (issue 18): the offered AGREE is proposed, as the
    # talks it offers are (the situation stage reads an asserted AGREE as a deal)
    ("Pakistan offered to hold talks with India.", "AGREE", "proposed", None),
    ("Pakistan denied that its troops had fired on Indian posts.", "ASSAULT", "denied", "PAK"),
    ("Pakistan said it would retaliate if India attacked.", "THREATEN", "asserted", None),
    ("Pakistan said it would retaliate if India attacked.", "ASSAULT", "hypothetical", None),
]


def _norm(s: str) -> str:
    return " ".join(s.split()).lower()


def _code_article(path: Path) -> tuple[str, list[Event]]:
    from accord.nlp.events import code_doc
    from accord.nlp.pipeline import get_pipeline

    raw = json.loads(path.read_text("utf-8"))
    doc, _ = next(get_pipeline().pipe([(raw["text"], {"id": path.stem, "date": raw["date"]})],
                                      as_tuples=True))
    return raw["text"], code_doc(doc, path.stem, learned=False)


@pytest.fixture(scope="module")
def crisis_events(shared_data: Path) -> dict[tuple[str, str], tuple[str, list[Event]]]:
    return {(c, f): _code_article(shared_data / "crises" / c / f)
            for c, f in sorted({(c[0], c[1]) for c in CRISIS_CASES})}


def _show(evs: list[Event]) -> str:
    return "; ".join(f"{e.type}[{e.factuality}] {[a.code for a in e.actor]} "
                     f"src={[s.code for s in e.source]}" for e in evs) or "(none)"


@pytest.mark.parametrize("case", CRISIS_CASES, ids=lambda c: f"{c[4]}:{c[2][:24]}")
def test_factuality_on_crisis_reporting(crisis_events: dict, case: tuple) -> None:
    crisis, name, frag, etype, fact, actor, source = case
    text, events = crisis_events[(crisis, name)]
    assert _norm(frag) in _norm(text), f"fragment not found in {crisis}/{name}"
    evs = [e for e in events if _norm(frag) in _norm(e.evidence.sentence or "")]
    hits = [e for e in evs if (not etype or e.type == etype) and e.factuality == fact
            and (actor is None or any(a.code.startswith(actor) for a in e.actor))
            and (source is None or any(s.code.startswith(source) for s in e.source))]
    assert hits, f"no {etype or 'event'} [{fact}] actor {actor} source {source}: {_show(evs)}"


def test_every_factuality_value_is_covered() -> None:
    from accord.types import FACTUALITY

    assert {c[4] for c in CRISIS_CASES} == set(FACTUALITY)


def test_exchange_of_fire_on_training_news(shared_data: Path) -> None:
    """"exchanged fire with gunmen" in the events_train sentences is force, not cooperation."""
    from accord.nlp.events import code_doc
    from accord.nlp.pipeline import get_pipeline

    rows = (shared_data / "events_train" / "conflibert_cameo_quad_train.tsv").read_text(
        "utf-8").splitlines()
    text = next(r.split("\t")[0] for r in rows if "exchanged fire with gunmen" in r)
    doc, _ = next(get_pipeline().pipe([(text, {"id": None, "date": None})], as_tuples=True))
    evs = code_doc(doc, learned=False)
    assert any(e.type == "ASSAULT" and e.asserted for e in evs), _show(evs)
    assert not any(e.type == "COOPERATE" for e in evs), _show(evs)


@pytest.mark.parametrize("sentence,want,never", OWN_CASES, ids=lambda x: _id(x)[:30])
def test_misread_classes_of_issue_8(sentence: str, want: str | None, never: set) -> None:
    from accord.nlp.events import code_doc
    from accord.nlp.pipeline import get_pipeline

    doc, _ = next(get_pipeline().pipe([(sentence, {"id": None, "date": None})], as_tuples=True))
    evs = code_doc(doc, learned=False)
    if want is not None:
        assert any(e.type == want and e.asserted for e in evs), _show(evs)
    assert not any(e.type in never for e in evs), _show(evs)


@pytest.mark.parametrize("sentence,etype,fact,source", OWN_FACTUALITY,
                         ids=lambda x: _id(x)[:30])
def test_factuality_on_own_sentences(sentence: str, etype: str, fact: str,
                                     source: str | None) -> None:
    from accord.nlp.events import code_doc
    from accord.nlp.pipeline import get_pipeline

    doc, _ = next(get_pipeline().pipe([(sentence, {"id": None, "date": "2026-03-04"})],
                                      as_tuples=True))
    evs = code_doc(doc, learned=False)
    assert any(e.type == etype and e.factuality == fact and (
        source is None or any(s.code.startswith(source) for s in e.source)) for e in evs), (
        _show(evs))
