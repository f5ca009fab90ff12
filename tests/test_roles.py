"""Who did what to whom on real prose (issue 8, item 3).

Sentences come from the dev crisis corpus (../shared/data/crises, one article per JSON file)
and from the roles training file (../shared/data/events_train); they are read at run time and
located by file plus a few of their words, never copied here. The expected actor/recipient of
each case was written down before the coder was run on it. Codes are compared on the country
(first three letters) and, where the phenomenon is about it, on the sector.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from tests.conftest import skip_unless_ci

from accord.types import ActorRef, Article, Event

CRISES = Path(__file__).resolve().parents[2] / "shared" / "data" / "crises"
ROLES = (Path(__file__).resolve().parents[2] / "shared" / "data" / "events_train"
         / "conflibert_cameo_roles_train.txt")


@cache
def _article_events(rel: str) -> tuple[Event, ...]:
    """All events of one crisis article, extracted with its publication date."""
    from accord.nlp.pipeline import extract_articles

    d = json.loads((CRISES / rel).read_text(encoding="utf-8"))
    art = Article(id=rel, text=d["text"], title=d.get("title") or None,
                  date=dt.date.fromisoformat(d["date"]))
    return tuple(next(iter(extract_articles([art]))).events)


def _sentence(shared_data: Path, rel: str, words: str) -> list[Event]:
    """Events of the sentence of article `rel` that contains `words` (which must exist)."""
    d = json.loads((shared_data / "crises" / rel).read_text(encoding="utf-8"))
    assert words in d["text"], f"{rel}: fragment not found: {words!r}"
    return [e for e in _article_events(rel) if words in e.evidence.sentence]


@cache
def _training_events(words: str) -> tuple[str, tuple[Event, ...]]:
    from accord.nlp.evaluate_roles import read_roles
    from accord.nlp.pipeline import extract_sentences

    text = next(s.text for s in read_roles(ROLES) if words in s.text)
    return text, tuple(extract_sentences([text])[0])


def _training(shared_data: Path, words: str) -> list[Event]:
    assert (shared_data / "events_train").is_dir()
    return list(_training_events(words)[1])


def _countries(refs: list[ActorRef]) -> set[str]:
    return {r.code[:3] for r in refs}


def _codes(refs: list[ActorRef]) -> set[str]:
    return {r.code for r in refs}


def _with_actor(events: list[Event], country: str) -> list[Event]:
    return [e for e in events if country in _countries(e.actor)]


# ---------------------------------------------------------------- passive voice
def test_passive_ship_attacked_by_houthi_boats(shared_data):
    evs = _sentence(shared_data, "houthi-red-sea-us-strikes-2024/03-2023-12-31.json",
                    "was attacked by four ships operated by Houthi rebels")
    yem = _with_actor(evs, "YEM")
    assert yem and all("YEMREB" in _codes(e.actor) for e in yem)
    assert not _with_actor(evs, "DNK")  # the Danish-owned ship was attacked; it did not attack


def test_passive_killed_by_israeli_strikes(shared_data):
    evs = _sentence(shared_data, "israel-hamas-truce-nov-2023/03-2023-11-12.json",
                    "have been killed by Israeli air and artillery strikes")
    assert any("ISR" in _countries(e.actor) and "PSE" in _countries(e.recipient) for e in evs)
    assert not any("PSE" in _countries(e.actor) and e.type == "ASSAULT" for e in evs)


def test_passive_tanker_hit_missile_fired_by_houthis(shared_data):
    evs = _sentence(shared_data, "houthi-red-sea-us-strikes-2024/01-2023-12-12.json",
                    "allegedly fired by Houthi rebels")
    assert any("YEMREB" in _codes(e.actor) for e in evs)
    assert not _with_actor(evs, "NOR")


# --------------------------------------------------- possessives and reported speech
def test_possessive_military_reports_hezbollah_fire(shared_data):
    evs = _sentence(shared_data, "israel-hezbollah-ceasefire-nov-2024/06-2024-11-25.json",
                    "Israel's military said Hezbollah had fired 250 rockets")
    assert any("LBNREB" in _codes(e.actor) and "ISR" in _countries(e.recipient) for e in evs)
    assert not any("ISR" in _countries(e.actor) and "ISR" in _countries(e.recipient)
                   for e in evs)


def test_withdrawing_its_forces_from_lebanon(shared_data):
    evs = _sentence(shared_data, "israel-hezbollah-ceasefire-nov-2024/01-2024-10-31.json",
                    "Israel would begin withdrawing its forces from Lebanon")
    assert any("ISR" in _countries(e.actor) and "LBN" in _countries(e.recipient) for e in evs)


def test_reported_speech_netanyahu_on_resuming_offensive(shared_data):
    evs = _sentence(shared_data, "israel-hamas-truce-nov-2023/08-2023-11-22.json",
                    "Israel would resume its offensive against Hamas")
    hits = [e for e in evs if "ISR" in _countries(e.actor) and "PSE" in _countries(e.recipient)]
    assert hits
    assert all("ISR" not in _countries(e.recipient) for e in hits)


def test_reported_speech_katz_if_iran_attacks(shared_data):
    evs = _sentence(shared_data, "iran-israel-april-2024/04-2024-04-10.json",
                    "Israel will respond if Iran attacks Israel")
    assert any("IRN" in _countries(e.actor) and "ISR" in _countries(e.recipient) for e in evs)
    assert not any("ISR" in _countries(e.actor) and "ISR" in _countries(e.recipient)
                   for e in evs)


def test_reported_speech_hamas_suspended_negotiations(shared_data):
    evs = _sentence(shared_data, "israel-hamas-truce-nov-2023/03-2023-11-12.json",
                    "said Hamas had suspended the negotiations")
    assert any("PSEREB" in _codes(e.actor) for e in evs)


# ------------------------------------------- a speaker is not its own recipient
@pytest.mark.parametrize(("rel", "words", "country"), [
    ("russia-ukraine-buildup-apr-2021/03-2021-04-13.json",
     "the United States will act", "USA"),
    ("russia-ukraine-buildup-apr-2021/04-2021-04-14.json",
     "The Kremlin said it would", "RUS"),
])
def test_speaker_is_not_its_own_recipient(shared_data, rel, words, country):
    evs = _sentence(shared_data, rel, words)
    assert _with_actor(evs, country)
    for e in _with_actor(evs, country):
        own = {r.code for r in e.recipient if r.code[:3] == country}
        assert not own & {country, country + "GOV", country + "MIL"}, (e.type, own)


# ------------------------------------------- perpetrators that are not states
def test_militia_storming_embassy_is_not_the_iraqi_state(shared_data):
    evs = _sentence(shared_data, "us-iran-soleimani-2020/04-2020-01-03.json",
                    "stormed by an Iran-backed militia")
    actors = {c for e in evs for c in _codes(e.actor)}
    assert actors
    assert not actors & {"IRQ", "IRQGOV", "IRQMIL"}


def test_hostages_held_by_militants_in_gaza(shared_data):
    # the militants holding the hostages are a party (here of the protesters' demand), coded
    # as an armed group of their territory, never as the Palestinian state or people
    evs = _sentence(shared_data, "israel-hamas-truce-nov-2023/03-2023-11-12.json",
                    "being held by Palestinian militants")
    parties = {c for e in evs for c in _codes(e.actor) | _codes(e.recipient)
               if c.startswith("PSE")}
    assert parties == {"PSEREB"}


@pytest.mark.parametrize(("rel", "words", "code", "target"), [
    ("houthi-red-sea-us-strikes-2024/06-2024-01-10.json",
     "Houthi rebels fired their largest barrage", "YEMREB", None),
    ("houthi-red-sea-us-strikes-2024/01-2023-12-12.json",
     "the Houthis seized an Israeli-linked", "YEMREB", None),
    ("iran-israel-april-2024/04-2024-04-10.json",
     "Hezbollah group has exchanged fire on a daily basis", "LBNREB", "ISR"),
])
def test_non_state_group_is_the_actor_with_its_sector(shared_data, rel, words, code, target):
    evs = _sentence(shared_data, rel, words)
    hits = [e for e in evs if code in _codes(e.actor)]
    assert hits, [(e.type, _codes(e.actor)) for e in evs]
    if target:
        assert any(target in _countries(e.recipient) for e in hits)


# --------------------------------------------- one code per country for forces
def test_us_and_british_warships_are_both_military(shared_data):
    evs = _sentence(shared_data, "houthi-red-sea-us-strikes-2024/04-2024-01-04.json",
                    "US and British warships in the region")
    assert any({"USAMIL", "GBRMIL"} <= _codes(e.actor) for e in evs)


def test_coordinated_armies_share_the_sector(shared_data):
    evs = _training(shared_data, "Australian armies have agreed")
    assert any({"JPNMIL", "AUSMIL"} <= _codes(e.actor) for e in evs)


def test_iraqi_troops_launched_assault(shared_data):
    evs = _training(shared_data, "troops launched an assault on the last")
    assert any("IRQMIL" in _codes(e.actor) for e in evs)


def test_reciprocal_parties_are_joint_actors(shared_data):
    # a joint act keeps both parties as actors and no recipient (the gold-set convention;
    # the situation layer links joint actors to each other)
    evs = _training(shared_data, "signed a landmark data sharing agreement")
    assert any(_countries(e.actor) == {"GBR", "USA"} and not e.recipient for e in evs)


# ------------------------------------ the issue's own examples (our wording)
@pytest.fixture(scope="module")
def own() -> dict[str, list[Event]]:
    from accord.nlp.pipeline import extract_sentences

    lines = [
        "Pakistani troops were placed on high alert along the border.",
        "Indian troops fired on Pakistani troops across the Line of Control.",
        "Pakistani troops fired on Indian troops across the Line of Control.",
        "Pakistan said India would attack within days.",
        "Gunmen killed 26 tourists in Pahalgam.",
        "M23 rebels seized the city of Goma.",
        "An Indian army post was attacked by Pakistani troops.",
    ]
    return dict(zip(lines, extract_sentences(lines, dt.date(2025, 5, 1)), strict=True))


def _one(own: dict[str, list[Event]], start: str) -> list[Event]:
    return next(v for k, v in own.items() if k.startswith(start))


def test_own_high_alert_actor_is_the_forces_owner(own):
    evs = _one(own, "Pakistani troops were placed")
    assert any(_codes(e.actor) == {"PAKMIL"} and not e.recipient for e in evs)


def test_own_forces_coded_alike_on_both_sides(own):
    a = _one(own, "Indian troops fired")
    b = _one(own, "Pakistani troops fired")
    assert _codes(a[0].actor) == {"INDMIL"} and _codes(a[0].recipient) == {"PAKMIL"}
    assert _codes(b[0].actor) == {"PAKMIL"} and _codes(b[0].recipient) == {"INDMIL"}


def test_own_reported_attack_actor_is_the_attacker(monkeypatch):
    # the roles of the rules' reading (alleged ASSAULT by India): the learned layer drops the
    # sentence as no event, as the CAMEO-labelled training file labels claims of an attack to
    # come; keeping alleged acts through its "no event" cost 0.006 macro-F1 (issue 18 note)
    from accord.nlp.pipeline import extract_sentences

    monkeypatch.setenv("ACCORD_EVENT_MODEL", "none")
    (evs,) = extract_sentences(["Pakistan said India would attack within days."],
                               dt.date(2025, 5, 1))
    assert evs and all(_countries(e.actor) == {"IND"} for e in evs)
    assert all("IND" not in _countries(e.recipient) for e in evs)


def test_own_unnamed_gunmen_are_not_the_state(own):
    evs = _one(own, "Gunmen killed")
    assert evs and _codes(evs[0].actor) == {"INDREB"}


def test_own_m23_and_passive_agent(own):
    assert _codes(_one(own, "M23 rebels")[0].actor) == {"CODREB"}
    evs = _one(own, "An Indian army post")
    assert _codes(evs[0].actor) == {"PAKMIL"} and "IND" in _countries(evs[0].recipient)


# ------------------------------------------------------------ the measurement
def test_eval_roles_on_a_slice_of_the_training_file(shared_data, tmp_path, monkeypatch):
    from accord.nlp.evaluate_roles import evaluate_roles, read_roles

    monkeypatch.setenv("ACCORD_EVENT_MODEL", "none")  # rules only: nothing to retrain per fold

    src = shared_data / "events_train" / "conflibert_cameo_roles_train.txt"
    blocks = src.read_text(encoding="utf-8").split("\n\n")[:40]
    part = tmp_path / "roles.txt"
    part.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    assert len(read_roles(part)) == 40
    res = evaluate_roles(part, folds=4)
    assert res["sentences"] == 40 and res["no_event_counts_as"] == "wrong"
    assert 0.0 <= res["recipient"] <= res["recipient_when_event"] <= 1.0
    assert 0.0 <= res["actor"] <= res["actor_when_event"] <= 1.0
    # measured on this slice with the rules: actor 0.875, recipient 0.850 (35 and 34 of 40);
    # floors two sentences under, so losing three sentences fails
    assert res["actor"] >= 0.825 and res["recipient"] >= 0.80, res
    assert len(res["folds"]) == 4 and res["fitted"] is False and res["coder"] == "rules"


def test_eval_roles_cv_with_a_model_needs_its_training_files(shared_data, tmp_path):
    from accord.errors import InputError
    from accord.nlp.evaluate_roles import evaluate_roles
    from accord.nlp.learned import get_model

    if get_model() is None:
        skip_unless_ci("no learned event model (packaged, or ACCORD_EVENT_MODEL=none)")
    src = shared_data / "events_train" / "conflibert_cameo_roles_train.txt"
    part = tmp_path / "roles.txt"
    part.write_text(src.read_text(encoding="utf-8").split("\n\n")[0] + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="--train"):
        evaluate_roles(part, folds=2, train_files=[])


def test_eval_roles_bad_line_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Iran B-S\nattacked X-Q\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "accord.cli.main", "eval", "roles", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and f"{bad}:2" in lines[0] and "Traceback" not in proc.stderr
