"""`accord eval acts`: the key-act scorer of annotated sentence sets (sentences written here)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from accord.cli.main import main
from accord.nlp.evaluate_acts import read_act_set, score_acts
from accord.types import ActorRef, Event, Evidence


def _ev(t: str, actors: list[str], recips: list[str], fact: str = "asserted", quad: int = 4,
        date: dt.date | None = None, period: dt.date | None = None) -> Event:
    return Event(type=t, actor=[ActorRef(code=c) for c in actors],
                 recipient=[ActorRef(code=c) for c in recips], quad=quad, score=0,
                 factuality=fact, date=date, period_start=period, confidence=0.8,
                 evidence=Evidence(start=0, end=1))


def _row(acts: list[dict], aid: str = "a") -> dict:
    return {"article_id": aid, "sentence": "s", "acts": acts}


def _act(t: str, a: str, r: str, fact: str = "asserted", date: str | None = None,
         **kw: object) -> dict:
    return {"type": t, "actor": a, "recipient": r, "factuality": fact, "date": date,
            "key": True, **kw}


def test_joint_act_read_either_way_and_unknown_sides_not_scored() -> None:
    rows = [_row([_act("AGREE", "EGY", "SDN")]), _row([_act("AGREE", "EGY", "SDN")]),
            _row([_act("CONSULT", "EGY", "---")]), _row([_act("ASSAULT", "ARM", "AZE")])]
    preds = [[_ev("AGREE", ["EGY", "SDN"], [], quad=1)],   # PLOVER joint act
             [_ev("AGREE", ["SDN"], ["EGY"], quad=1)],       # the sides swapped
             [_ev("CONSULT", ["EGY"], ["ISR"], quad=1)],    # gold target unknown
             [_ev("ASSAULT", ["AZE"], ["ARM"])]]            # an attack is not symmetric
    res = score_acts(rows, preds, {})
    assert res["found"]["right"] == 4
    assert res["fully_right"]["right"] == 3
    assert res["actor"] == {"right": 3, "of": 4, "share": 0.75}
    assert res["recipient"]["of"] == 3  # the "---" target is not scored


def test_non_state_sector_must_match_and_denied_is_negated() -> None:
    rows = [_row([_act("ASSAULT", "PAKREB", "PAK")]), _row([_act("ASSAULT", "PAK", "AFG")]),
            _row([_act("ASSAULT", "RUS", "UKR", fact="denied")])]
    preds = [[_ev("ASSAULT", ["PAK"], ["PAK"])],             # the state for the militants
             [_ev("ASSAULT", ["PAKREB"], ["AFG"])],          # militants for the state
             [_ev("ASSAULT", ["RUS"], ["UKR"], fact="negated")]]
    res = score_acts(rows, preds, {})
    assert res["actor"]["right"] == 1
    assert res["fully_right"]["right"] == 1
    assert res["factuality"]["right"] == 3


def test_dates_scored_off_the_article_day_only() -> None:
    arts = {"a": {"date": dt.date(2021, 5, 13)}}
    rows = [_row([_act("ASSAULT", "ARM", "AZE", date="2021-05-11")]),
            _row([_act("ASSAULT", "ARM", "AZE", date="2021-05-13")]),  # the article's day
            _row([_act("SANCTION", "USA", "IRN", date="2021-04-01", precision="month")]),
            _row([_act("ASSAULT", "ARM", "AZE", date="2021-05-10")])]
    preds = [[_ev("ASSAULT", ["ARM"], ["AZE"], date=dt.date(2021, 5, 11))],
             [_ev("ASSAULT", ["ARM"], ["AZE"], date=dt.date(2021, 5, 13))],
             [_ev("SANCTION", ["USA"], ["IRN"], period=dt.date(2021, 4, 1))],
             [_ev("ASSAULT", ["ARM"], ["AZE"], date=dt.date(2021, 5, 13))]]
    res = score_acts(rows, preds, arts)
    assert res["dates"] == {"right": 2, "of": 3, "share": 2 / 3}


def test_missed_acts_and_no_act_sentences() -> None:
    rows = [_row([]), _row([]), _row([_act("THREATEN", "PRK", "USA")])]
    preds = [[_ev("ASSAULT", ["ARM"], ["AZE"])],
             [_ev("ASSAULT", ["ARM"], ["AZE"], fact="hypothetical")],
             [_ev("ACCUSE", ["PRK"], ["USA"], quad=3)]]
    res = score_acts(rows, preds, {})
    assert res["no_act"]["right"] == 1
    assert res["found"]["right"] == 0 and res["missed_by_type"] == {"THREATEN": 1}
    # the sentence class counts every event that is not negated (the quad files' reading)
    assert res["quad"]["confusion"][0][4] == 2 and res["quad"]["confusion"][3][3] == 1


def _write(tmp: Path, lines: list[dict], dates: dict[str, str]) -> Path:
    (tmp / "gold.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n",
                                    encoding="utf-8")
    (tmp / "articles.jsonl").write_text("\n".join(
        json.dumps({"article_id": k, "date": v}) for k, v in dates.items()) + "\n",
        encoding="utf-8")
    return tmp


def test_cli_codes_each_article_as_one_passage(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    lines = [
        {"article_id": "x1", "sentence": "India expelled two Pakistani diplomats on Sunday.",
         "acts": [_act("SANCTION", "IND", "PAK", date="2021-05-09")]},
        {"article_id": "x1", "sentence": "The region has about two million inhabitants.",
         "acts": []},
        {"article_id": "x2", "sentence": "Egypt and Sudan agreed to resume talks next month.",
         "acts": [_act("AGREE", "EGY", "SDN")]},
    ]
    d = _write(tmp_path, lines, {"x1": "2021-05-12", "x2": "2021-05-12"})
    rows, arts = read_act_set(d)
    assert [r["article_id"] for r in rows] == ["x1", "x1", "x2"]
    assert arts["x1"]["date"] == dt.date(2021, 5, 12)
    try:
        main(["eval", "acts", str(d), "--json"])
    except SystemExit as exc:
        assert not exc.code
    res = json.loads(capsys.readouterr().out)
    assert res["sentences"] == 3 and res["articles"] == 2 and res["key_acts"] == 2
    assert res["found"]["right"] == 2  # both acts are plain and stated
    assert res["dates"] == {"right": 1, "of": 1, "share": 1.0}  # "on Sunday" of that week
    assert res["no_act"]["right"] == 1


def test_cli_bad_line_names_file_and_field(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    lines = [{"article_id": "x1", "sentence": "A text.", "acts": [{"type": "BOMB"}]}]
    d = _write(tmp_path, lines, {"x1": "2021-05-12"})
    try:
        main(["eval", "acts", str(d)])
        rc = 0
    except SystemExit as exc:
        rc = int(exc.code or 0)
    err = capsys.readouterr().err
    assert rc == 2 and "gold.jsonl:1:acts.type" in err and err.count("\n") == 1


@pytest.mark.parametrize("act, field", [
    ({"type": "ASSAULT", "factuality": "maybe"}, "acts.factuality"),
    ({"type": "ASSAULT", "actor": 7}, "acts.actor"),
    ({"type": "ASSAULT", "key": "yes"}, "acts.key"),
])
def test_bad_act_fields_name_their_field(tmp_path: Path, capsys, act: dict,  # noqa: ANN001
                                         field: str) -> None:
    d = _write(tmp_path, [{"article_id": "x1", "sentence": "A text.", "acts": [act]}],
               {"x1": "2021-05-12"})
    with pytest.raises(SystemExit) as exc:
        main(["eval", "acts", str(d)])
    assert exc.value.code == 2 and f"gold.jsonl:1:{field}" in capsys.readouterr().err


def test_the_listing_names_each_act_not_fully_right() -> None:
    rows = [_row([_act("ASSAULT", "ARM", "AZE")]), _row([_act("THREATEN", "PRK", "USA")]),
            _row([])]
    preds = [[_ev("ASSAULT", ["AZE"], ["ARM"])], [], [_ev("ASSAULT", ["ARM"], ["AZE"])]]
    res = score_acts(rows, preds, {})
    assert [(a["sentence"], a["status"]) for a in res["acts"]] == [
        (0, "wrong actor, recipient"), (1, "no event of its type"),
        (2, "act read into a sentence with none")]
