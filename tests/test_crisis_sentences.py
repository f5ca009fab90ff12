"""Event coding on real crisis reporting: factuality and the misread classes of issue 8.

Every case names an article of the dev crisis corpus (../shared/data/crises/<slug>/NN-...json),
a short fragment that identifies one sentence in it, and the reading a careful analyst gives
that sentence: the event that must be there (type, factuality, main actor / recipient
country) and the readings that must not be there (a proposal coded as the act it proposes,
a failed agreement coded AGREE, a warning coded as the attack it warns of ...). The
sentences are read from ../shared at run time; none is copied here. The whole article is
coded (so pronouns, the dateline and the article date work as in production) and the
events whose evidence sentence contains the fragment are checked.

Log. The expected readings were written down from the articles before the coder was run on
any of them (78 cases, every crisis, every misread class of issue 8). First run, before the
factuality layer of issue 8 item 1: 38 of the 78 passed (a case passes when its wanted event
is found and none of its excluded readings is). After it: 68 pass; the 10 left failed on who
the parties are (roles) or on a parse the small model gets wrong, not on type or factuality.
The role work after it (an event noun's own by/between phrase, family-name-first second
mentions, typographic apostrophes in names, Niger's leaders in the table) fixed 3: 71 pass,
and 7 remained; one more parse fix left 6. The last six were fixed without changing their
expectations: the "it's intent" typo read as a possessive (accord.nlp.repairs), "X on Friday
suspended talks" re-attached as subject-verb-object (same module), a plural group subject
("The rebels have ...") kept as the antecedent of the next "They", "coup leaders" resolved to
the military of the country whose coup the text named, an unlisted subject ("the group of
mainly Western countries") kept as an actor of unknown country, and a quotation after "he
felt that" attributed to its speaker (found through "Ecowas Commissioner"). KNOWN is empty. One expectation was revised after the first run: an announced meeting ("will
meet ... on June 12") may be coded AGREE (PLOVER's single category for intended
cooperation, which the gold set follows) as long as it is future. The excluded readings are
also checked on the whole production pipeline (learned layer included).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from accord.types import Article, Event


@dataclass(frozen=True)
class Want:
    """An event reading: every field given must match (types/facts: any of the tuple)."""

    types: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    actor: str | None = None  # country code prefix of some actor
    recip: str | None = None  # country code prefix of some recipient


@dataclass(frozen=True)
class Case:
    crisis: str
    file: str
    frag: str
    want: Want | None = None
    never: tuple[Want, ...] = field(default_factory=tuple)


def W(types: str = "", facts: str = "", actor: str | None = None,  # noqa: N802
      recip: str | None = None) -> Want:
    return Want(tuple(types.split()), tuple(facts.split()), actor, recip)


A = "asserted"
NOT_DONE = "proposed hypothetical future alleged negated denied"
RU1, RU2 = "russia-ukraine-buildup-apr-2021", "russia-ukraine-invasion-2022"
SOL, IIS = "us-iran-soleimani-2020", "iran-israel-april-2024"
HOU, AZE = "houthi-red-sea-us-strikes-2024", "azerbaijan-karabakh-offensive-2023"
NIG, CHN = "niger-ecowas-2023", "china-taiwan-pelosi-2022"
GERD, HAM = "egypt-ethiopia-gerd-talks-2023", "israel-hamas-truce-nov-2023"
HEZ, PRK = "israel-hezbollah-ceasefire-nov-2024", "us-north-korea-singapore-summit-2018"

CASES = [
    # ------------------------------------------------ Russia-Ukraine build-up, April 2021
    # a proposal is not an agreement reached (issue 18; signals read an asserted AGREE as a
    # deal): the proposing AGREE is "proposed" (the expectation was asserted before)
    Case(RU1, "02-2021-04-13.json", "Biden proposed a summit in a third",
         W("AGREE", "proposed", "USA"), (W("CONSULT", A), W("AGREE", A))),
    Case(RU1, "03-2021-04-13.json", "has called on Russia to de-escalate",
         W("REQUEST", A, "USA", "RUS"), (W("CONSULT", A), W("AGREE", A, "RUS"))),
    Case(RU1, "04-2021-04-14.json", "without accepting the offer",
         None, (W("CONSULT", A), W("AGREE", A, "RUS"))),
    Case(RU1, "06-2021-04-20.json", "will send warships to the Black Sea",
         W("MOBILIZE THREATEN", "", "GBR"), (W("MOBILIZE", A),)),
    Case(RU1, "07-2021-04-22.json", "accused Moscow of preparing a war",
         W("ACCUSE", A, "UKR", "RUS"), (W("ASSAULT", A),)),
    Case(RU1, "06-2021-04-20.json", "has called for a summit with Russia",
         W("REQUEST", A, "UKR"), (W("CONSULT", A),)),
    # ------------------------------------------------ Russia-Ukraine invasion, 2021-22
    Case(RU2, "04-2022-01-11.json", "could not agree on the main thing",
         W("AGREE REJECT", "negated asserted"), (W("AGREE", A),)),
    Case(RU2, "07-2022-02-10.json", "warned that a Russian invasion of Ukraine could",
         None, (W("ASSAULT", A), W("THREATEN", A, "USA"))),
    Case(RU2, "08-2022-02-11.json", "continued to deny it",
         W("", "denied", "RUS"), (W("ASSAULT", A),)),
    Case(RU2, "09-2022-02-15.json", "accused the US of fuelling the crisis",
         W("ACCUSE", A, "RUS", "USA"), (W("ASSAULT", A),)),
    Case(RU2, "10-2022-02-21.json", "has contended it has no plans to invade",
         None, (W("ASSAULT", A),)),
    Case(RU2, "10-2022-02-21.json", "agreed “in principle” late Sunday",
         W("AGREE", A, "USA"), (W("CONSULT", A),)),
    Case(RU2, "05-2022-01-12.json", "unanimously rebuffed Moscow",
         W("REJECT", A, None, "RUS")),
    Case(RU2, "02-2021-12-14.json", "alleges that Ukraine has deployed",
         W("MOBILIZE", "alleged", "UKR"), (W("MOBILIZE", A),)),
    # ------------------------------------------------ US-Iran, Soleimani, 2020
    Case(SOL, "03-2020-01-03.json", "actively developing plans to attack",
         W("ASSAULT", "alleged proposed hypothetical", "IRN"), (W("ASSAULT", A, "IRN"),)),
    Case(SOL, "04-2020-01-03.json", "pledged Friday to seek violent revenge",
         W("THREATEN", A, "IRN")),
    Case(SOL, "05-2020-01-06.json", "would levy harsh sanctions if Iraq expels",
         W("THREATEN", A, "USA", "IRQ"), (W("SANCTION", A), W("COERCE", A))),
    # ------------------------------------------------ Iran-Israel, April 2024
    Case(IIS, "04-2024-04-10.json", "Israel will respond if Iran attacks Israel",
         W("THREATEN", A, "ISR", "IRN"), (W("ASSAULT", A),)),
    Case(IIS, "06-2024-04-12.json", "the assault could involve over 100 drones",
         None, (W("ASSAULT", A),)),
    Case(IIS, "05-2024-04-11.json", "has heightened its preparedness",
         None, (W("ASSAULT", A),)),
    Case(IIS, "07-2024-04-12.json", "if the U.S. gets involved in the fighting",
         W("THREATEN", A, "IRN"), (W("ASSAULT", A),)),
    Case(IIS, "08-2024-04-13.json", "wide-ranging drone strike against Israel",
         W("ASSAULT", A, "IRN", "ISR")),
    Case(IIS, "03-2024-04-04.json", "vowed Israel would pay for the attack",
         W("THREATEN", A, "IRN", "ISR")),
    Case(IIS, "04-2024-04-10.json", "has exchanged fire on a daily basis",
         W("ASSAULT", A, "LBN"), (W("COOPERATE", A),)),
    # ------------------------------------------------ Houthis, Red Sea, 2023-24
    Case(HOU, "01-2023-12-12.json", "allegedly fired by Houthi rebels",
         W("ASSAULT", "alleged", "YEM"), (W("ASSAULT", A, "YEM"),)),
    Case(HOU, "01-2023-12-12.json", "They have threatened to attack any ship",
         W("THREATEN", A, "YEM"), (W("ASSAULT", A),)),
    Case(HOU, "02-2023-12-30.json", "would stop attacks on the ships if food",
         None, (W("RETREAT", A), W("ASSAULT", A), W("SANCTION", A))),
    Case(HOU, "04-2024-01-04.json", "will face consequences if they continue",
         W("THREATEN", A, None, "YEM"), (W("ASSAULT", A),)),
    Case(HOU, "04-2024-01-04.json", "called for an immediate end to the attacks",
         W("REQUEST", A), (W("RETREAT", A), W("ASSAULT", A))),
    Case(HOU, "06-2024-01-10.json", "raises the risk of a U.S. retaliatory strike",
         None, (W("ASSAULT", A),)),
    Case(HOU, "03-2023-12-31.json", "following an attack by Houthi rebels",
         W("ASSAULT", A, "YEM")),
    # ------------------------------------------------ Azerbaijan-Karabakh, 2023
    Case(AZE, "02-2023-08-15.json", "Azerbaijan accused Armenia on Monday",
         W("ACCUSE", A, "AZE", "ARM"), (W("MOBILIZE", A), W("ASSAULT", A))),
    Case(AZE, "02-2023-08-15.json", "denied Baku’s claim that it had amassed",
         W("MOBILIZE", "denied", "ARM"), (W("MOBILIZE", A),)),
    Case(AZE, "02-2023-08-15.json", "have been unable to reach a lasting peace",
         W("AGREE", "negated"), (W("AGREE", A),)),
    Case(AZE, "05-2023-09-07.json", "pleaded with the international community",
         W("REQUEST", A, "ARM"), (W("ASSAULT", A),)),
    Case(AZE, "08-2023-09-19.json", "has denied having any military personnel",
         None, (W("MOBILIZE", A),)),
    Case(AZE, "04-2023-08-21.json", "have repeatedly called on Azerbaijan to allow",
         W("REQUEST", A, None, "AZE"), (W("CONCEDE", A),)),
    Case(AZE, "01-2023-08-03.json", "authorities have blockaded the Lachin corridor",
         W("COERCE", A, "AZE")),
    # ------------------------------------------------ Niger-ECOWAS, 2023
    Case(NIG, "01-2023-07-30.json", "may resort to use “force” if the coup",
         W("THREATEN", "", None, "NER"), (W("ASSAULT", A),)),
    Case(NIG, "03-2023-08-11.json", "will be killed if there is any attempt",
         W("THREATEN", A, "NER"), (W("ASSAULT", A),)),
    Case(NIG, "05-2023-08-22.json", "has rejected a proposal by Niger",
         W("REJECT", A, None, "NER"), (W("AGREE", A), W("CONSULT", A))),
    Case(NIG, "07-2023-08-25.json", "has neither declared war on the people",
         None, (W("ASSAULT", A),)),
    Case(NIG, "06-2023-08-24.json", "has demanded Bazoum be freed",
         W("REQUEST", A, None, "NER"), (W("RETREAT", A),)),
    Case(NIG, "09-2023-09-01.json", "has imposed sanctions on Niger",
         W("SANCTION", A, None, "NER")),
    Case(NIG, "10-2023-11-30.json", "under no circumstances will we accept",
         W("REJECT", A), (W("AGREE", A), W("ASSAULT", A), W("COERCE", A))),
    # ------------------------------------------------ China-Taiwan, Pelosi visit, 2022
    Case(CHN, "02-2022-07-27.json", "would \"bear the consequences\" if US House",
         W("THREATEN", A, "CHN", "USA"), (W("CONSULT", A),)),
    Case(CHN, "04-2022-08-01.json", "speculated that the speaker might visit",
         None, (W("CONSULT", A),)),
    Case(CHN, "05-2022-08-02.json", "China will hold military drills from Aug 4",
         W("MOBILIZE THREATEN", "", "CHN"), (W("MOBILIZE", A),)),
    Case(CHN, "07-2022-08-05.json", "Beijing on Friday suspended climate talks",
         W("SANCTION", A, "CHN", "USA")),
    Case(CHN, "07-2022-08-05.json", "agreed a deal to cut methane emission",
         W("AGREE", "historical", "CHN")),
    Case(CHN, "03-2022-07-29.json", "has not ruled out the use of force",
         None, (W("ASSAULT", A),)),
    Case(CHN, "06-2022-08-03.json", "deployed air defense missile systems",
         W("MOBILIZE", A, "TWN")),
    Case(CHN, "05-2022-08-02.json", "is on high alert and will launch",
         W("MOBILIZE", A, "CHN")),
    # ------------------------------------------------ Egypt-Ethiopia, GERD talks, 2023
    Case(GERD, "01-2023-07-14.json", "no agreement has been reached between",
         W("AGREE", "negated"), (W("AGREE", A),)),
    Case(GERD, "04-2023-09-11.json", "is a violation of a 2015 tripartite",
         W("ACCUSE", A, "EGY", "ETH"), (W("AGREE", A),)),
    Case(GERD, "07-2023-12-20.json", "persistent refusal",
         W("REJECT", A, "ETH"), (W("AGREE", A), W("CONCEDE", A))),
    Case(GERD, "03-2023-08-29.json", "pledged in July to finalize an agreement",
         W("AGREE", "", "EGY")),
    # ------------------------------------------------ Israel-Hamas truce, Nov 2023
    Case(HAM, "01-2023-11-03.json", "would not agree to a temporary truce",
         W("REJECT", A, "ISR"), (W("AGREE", A), W("RETREAT", A))),
    Case(HAM, "01-2023-11-03.json", "Israel is refusing a temporary truce",
         W("REJECT", A, "ISR"), (W("AGREE", A), W("RETREAT", A))),
    Case(HAM, "02-2023-11-09.json", "are discussing a proposal to announce",
         W("CONSULT", A), (W("RETREAT", A),)),
    Case(HAM, "03-2023-11-12.json", "Hamas had suspended the negotiations",
         W("SANCTION", A, "PSE")),
    Case(HAM, "04-2023-11-13.json", "officials denied on Sunday the suspension",
         W("SANCTION", "denied", "PSE"), (W("SANCTION", A),)),
    Case(HAM, "07-2023-11-19.json", "also denied reports that a hostage deal",
         None, (W("AGREE", A),)),
    Case(HAM, "08-2023-11-22.json", "Cabinet on Wednesday approved a ceasefire deal",
         W("AGREE SUPPORT", A, "ISR")),
    Case(HAM, "05-2023-11-14.json", "has rejected a ceasefire, arguing",
         W("REJECT", A, "ISR"), (W("RETREAT", A), W("AGREE", A))),
    # ------------------------------------------------ Israel-Hezbollah ceasefire, Nov 2024
    Case(HEZ, "01-2024-10-31.json", "released a draft proposal for a ceasefire",
         None, (W("RETREAT", A), W("AGREE", A))),
    Case(HEZ, "02-2024-11-15.json", "has handed over a draft ceasefire agreement",
         W("AGREE", "proposed"), (W("AGREE", A), W("RETREAT", A), W("AID", A))),
    Case(HEZ, "01-2024-10-31.json", "Hochstein proposed a 60-day truce",
         W("", "proposed"), (W("RETREAT", A),)),
    Case(HEZ, "05-2024-11-20.json", "includes a 60-day ceasefire trial period",
         None, (W("RETREAT", A),)),
    Case(HEZ, "03-2024-11-17.json", "refusal to compromise on its sovereignty",
         W("REJECT", A, "LBN"), (W("CONCEDE", A),)),
    Case(HEZ, "07-2024-11-26.json", "cease-fire has been agreed to between",
         W("AGREE", A)),
    Case(HEZ, "07-2024-11-26.json", "Israeli airstrikes continue to drop",
         W("ASSAULT", A, "ISR")),
    Case(HEZ, "04-2024-11-19.json", "to seize the present opportunity",
         W("REQUEST", A, "USA"), (W("AGREE", A), W("RETREAT", A))),
    # ------------------------------------------------ US-North Korea summit, 2018
    Case(PRK, "01-2018-03-08.json", "has invited President Donald Trump",
         W("AGREE", A, "PRK", "USA"), (W("CONSULT", A),)),
    # revised after the first run (see the log): an announced meeting is AGREE, PLOVER's
    # single category for intended cooperation; what matters here is that it is future
    Case(PRK, "03-2018-05-10.json", "in Singapore on June 12, Trump announced",
         W("CONSULT AGREE", "future", "USA", "PRK"), (W("CONSULT", A),)),
    Case(PRK, "04-2018-05-16.json", "casts doubt on the proposed summit",
         None, (W("CONSULT", A),)),
    Case(PRK, "07-2018-06-10.json", "will be pressing for North Korea to commit",
         W("REQUEST", "", "USA", "PRK"), (W("AGREE", A),)),
    Case(PRK, "08-2018-06-12.json", "agreed to destroy a “major” missile",
         W("AGREE", A, "PRK")),
]


# Cases expected to fail, with the reason (none left: see the log in the module doc). Their
# reading stays written above; only a known coder error may be listed here, never a new case.
KNOWN: dict[str, str] = {}


def _matches(ev: Event, w: Want) -> bool:
    if w.types and ev.type not in w.types:
        return False
    if w.facts and ev.factuality not in w.facts:
        return False
    if w.actor and not any(a.code.startswith(w.actor) for a in ev.actor):
        return False
    return not (w.recip and not any(r.code.startswith(w.recip) for r in ev.recipient))


def _norm(s: str) -> str:
    return " ".join(s.split()).lower()


def _articles(shared_data: Path) -> tuple[list[tuple[str, str]], list[Article]]:
    keys = sorted({(c.crisis, c.file) for c in CASES})
    arts = []
    for crisis, name in keys:
        raw = json.loads((shared_data / "crises" / crisis / name).read_text("utf-8"))
        arts.append(Article(id=f"{crisis}/{name}", text=raw["text"], title=raw.get("title"),
                            date=raw["date"]))
    return keys, arts


@pytest.fixture(scope="module")
def coded(shared_data: Path) -> dict[tuple[str, str], tuple[str, list[Event]]]:
    """Every article the cases name, coded once by the parse coder with its factuality layer
    (accord.nlp.events, no learned re-typing): (crisis, file) -> (text, events)."""
    from accord.nlp.events import code_doc
    from accord.nlp.pipeline import get_pipeline

    keys, arts = _articles(shared_data)
    nlp = get_pipeline()
    ctx = ((a.text, {"id": a.id, "date": a.date.isoformat()}) for a in arts)
    out = {}
    for key, a, (doc, _) in zip(keys, arts, nlp.pipe(ctx, as_tuples=True), strict=True):
        out[key] = (a.text, code_doc(doc, a.id, learned=False))
    return out


@pytest.fixture(scope="module")
def extracted(shared_data: Path) -> dict[tuple[str, str], tuple[str, list[Event]]]:
    """The same articles through the whole production pipeline (learned layer included)."""
    from accord.nlp.pipeline import extract_articles

    keys, arts = _articles(shared_data)
    return {key: (ex.article.text, ex.events)
            for key, ex in zip(keys, extract_articles(arts), strict=True)}


def sentence_events(coded: dict, case: Case) -> list[Event]:
    """The events whose evidence sentence holds the case's fragment (the fragment must be
    in the article)."""
    text, events = coded[(case.crisis, case.file)]
    frag = _norm(case.frag)
    assert frag in _norm(text), f"fragment not in {case.crisis}/{case.file}: {case.frag!r}"
    return [e for e in events if frag in _norm(e.evidence.sentence or "")]


def check(evs: list[Event], case: Case) -> list[str]:
    """What is wrong with the coding of one case (empty when right)."""
    problems = []
    if case.want is not None and not any(_matches(e, case.want) for e in evs):
        problems.append(f"missing {case.want}")
    for w in case.never:
        bad = [e for e in evs if _matches(e, w)]
        if bad:
            problems.append(f"excluded reading present: {w}")
    return problems


def _show(evs: list[Event]) -> str:
    return "; ".join(
        f"{e.type}[{e.factuality}] {','.join(a.code for a in e.actor)}->"
        f"{','.join(r.code for r in e.recipient)} src={','.join(s.code for s in e.source)}"
        for e in evs) or "(no events)"


def test_every_crisis_is_covered() -> None:
    assert len({c.crisis for c in CASES}) == 12
    assert all(c.want or c.never for c in CASES)


def _param(c: Case):  # noqa: ANN202
    reason = KNOWN.get(c.frag)
    marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
    return pytest.param(c, id=f"{c.crisis[:14]}:{c.frag[:28]}", marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_crisis_sentence(coded: dict, case: Case) -> None:
    evs = sentence_events(coded, case)
    problems = check(evs, case)
    assert not problems, f"{problems} | coded: {_show(evs)}"


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{c.crisis[:14]}:{c.frag[:28]}")
                                  for c in CASES if c.never])
def test_production_pipeline_keeps_the_exclusions(extracted: dict, case: Case) -> None:
    """The learned layer may re-type or drop events, but never turn a proposal, a denial, a
    failed agreement or a warning into the asserted act it names."""
    evs = sentence_events(extracted, case)
    bad = [w for w in case.never if any(_matches(e, w) for e in evs)]
    assert not bad, f"excluded readings present: {bad} | coded: {_show(evs)}"


def test_flags_agree_with_factuality(coded: dict) -> None:
    """The old booleans stay consistent with the factuality on every coded event."""
    n = 0
    for _text, events in coded.values():
        for e in events:
            n += 1
            assert e.negated == (e.factuality == "negated")
            assert e.historical == (e.factuality == "historical")
            assert e.future == (e.factuality == "future")
            assert e.hypothetical == (
                e.factuality in ("hypothetical", "proposed", "alleged", "denied"))
            assert e.asserted == (e.factuality == "asserted")
    assert n > 100
