"""KTAB SMP scenario files: reading, writing, round trips and error messages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.errors import InputError
from accord.io.ktab import read_ktab_csv, read_ktab_xml, write_ktab_csv, write_ktab_xml
from accord.models.smp import SMP

CSV_FILES = ["dummyData_3Dim", "dummyData_6Dim", "SOE-Pol-Comp", "SOE-Policy",
             "SOE-Competitive", "dummyData-a040", "dummyData-a080", "dummyData-a160"]


@pytest.fixture(scope="module")
def ktab(shared_data: Path) -> Path:
    return shared_data / "ktab"


def _same(a, b) -> None:  # noqa: ANN001 - two Scenarios
    x, y = a.arrays(), b.arrays()
    assert x.actors == y.actors and x.issues == y.issues
    assert np.allclose(x.position, y.position, rtol=0, atol=1e-9)
    assert np.allclose(x.salience, y.salience, rtol=0, atol=1e-12)
    assert np.allclose(x.capability, y.capability, rtol=0, atol=1e-9)
    assert [a.name for a in a.actors] == [a.name for a in b.actors]


@pytest.mark.parametrize("name", CSV_FILES)
def test_read_every_ktab_csv(ktab: Path, name: str) -> None:
    path = ktab / f"{name}.csv"
    scen = read_ktab_csv(path)
    first = path.read_text().splitlines()[0].split(",")
    assert len(scen.actors) == int(first[2]) and len(scen.issues) == int(first[3])
    arr = scen.arrays()
    assert not np.isnan(arr.position).any()
    assert (arr.salience.sum(axis=1) <= 1 + 1e-12).all()
    # KTAB divides the file's numbers by 100; the scenario's scaled view is that, bit for bit
    raw = [[float(c) for c in line.split(",")[3:3 + 2 * len(scen.issues)]]
           for line in path.read_text().splitlines()[2:] if line.strip()]
    raw = np.array(raw)
    assert np.array_equal(arr.scaled(), raw[:, 0::2] / 100.0)
    assert np.array_equal(arr.salience, raw[:, 1::2] / 100.0)


def test_csv_fields(ktab: Path) -> None:
    scen = read_ktab_csv(ktab / "SOE-Pol-Comp.csv")
    assert scen.name == "China Policy/Competitive; scen 2"
    assert scen.description.startswith("Scenario-0002;Combined")
    assert [i.id for i in scen.issues] == ["Policy", "Competitive"]
    xj = scen.actors[0]
    assert (xj.id, xj.name, xj.capability) == ("XJ", "Xi Jinping", 100.0)
    three = read_ktab_csv(ktab / "dummyData_3Dim.csv")
    assert three.description == "Dummy scenario to test reading format"
    assert [i.id for i in three.issues] == ["Pstn1", "Pstn2", "Pstn3"]


@pytest.mark.parametrize("name", ["dummyData_3Dim", "SOE-Pol-Comp", "dummyData_6Dim"])
def test_csv_round_trip(ktab: Path, name: str, tmp_path: Path) -> None:
    scen = read_ktab_csv(ktab / f"{name}.csv")
    out = tmp_path / "out.csv"
    write_ktab_csv(scen, out)
    back = read_ktab_csv(out)
    _same(scen, back)
    assert back.name == scen.name and back.description == scen.description
    write_ktab_csv(back, tmp_path / "again.csv")
    assert (tmp_path / "again.csv").read_text() == out.read_text()


def test_xml_reads_example_and_parameters(ktab: Path) -> None:
    scen, params = read_ktab_xml(ktab / "smpExample.xml")
    assert [a.id for a in scen.actors] == ["Alice", "Bob", "Carol", "David", "Ellie"]
    assert [i.id for i in scen.issues] == ["FirstDim", "SecondDim", "YADN"]
    arr = scen.arrays()
    assert arr.position[0].tolist() == [52.8, 39.8, 39.6]
    assert np.array_equal(arr.salience[0], np.array([32.3, 22.4, 13.4]) / 100.0)  # as KTAB
    assert params["seed"] == 3507583219545544127
    assert params["pce_model"] == "MarkovIncentive"
    assert params["state_transitions"] == "Stochastic"
    assert params["ideal_adjustment"]["Bob"] == {"Bob": 0.75, "Alice": 0.07}
    SMP(**{k: v for k, v in params.items() if k != "seed"})  # usable as constructor args


def test_xml_and_csv_versions_agree(ktab: Path) -> None:
    from_xml, params = read_ktab_xml(ktab / "dummyData_3Dim.xml")
    from_csv = read_ktab_csv(ktab / "dummyData_3Dim.csv")
    assert np.array_equal(from_xml.arrays().scaled(), from_csv.arrays().scaled())
    assert np.array_equal(from_xml.arrays().salience, from_csv.arrays().salience)
    assert "ideal_adjustment" not in params and "voting_rule" not in params
    a = SMP().solve(from_xml)
    b = SMP().solve(from_csv)
    assert a.rounds == b.rounds and a.positions == b.positions


@pytest.mark.parametrize("name", ["smpExample.xml", "dummyData_3Dim.xml"])
def test_xml_round_trip(ktab: Path, name: str, tmp_path: Path) -> None:
    scen, params = read_ktab_xml(ktab / name)
    out = tmp_path / "out.xml"
    write_ktab_xml(scen, out, params)
    back, params2 = read_ktab_xml(out)
    _same(scen, back)
    assert back.name == scen.name and back.description == scen.description
    expected = dict(params)
    if "ideal_adjustment" not in expected:  # written as identity, as KTAB's reader needs one
        expected["ideal_adjustment"] = {a.id: {a.id: 1.0} for a in scen.actors}
    if not any(k in params for k in ("voting_rule", "pce_model")):
        assert "voting_rule" not in params2
    assert params2 == expected


def test_csv_scenario_to_xml_with_parameters(ktab: Path, tmp_path: Path) -> None:
    scen = read_ktab_csv(ktab / "SOE-Pol-Comp.csv")
    out = tmp_path / "soe.xml"
    write_ktab_xml(scen, out, {"voting_rule": "PropCbc", "seed": 42})
    back, params = read_ktab_xml(out)
    _same(scen, back)
    assert params["voting_rule"] == "PropCbc" and params["seed"] == 42
    assert params["pce_model"] == "Conditional"  # every parameter is written once one is given
    text = out.read_text()
    assert "<IdealAdjustment>" in text and "<prngSeed>42</prngSeed>" in text


# ------------------------------------------------------------------------ errors
def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


GOOD_HEAD = "Scen,Desc,3,1\nActor,Description,Power,X Position,X Salience\n"


@pytest.mark.parametrize(("body", "where", "what"), [
    ("A,a,10,20,50\nB,b,x,30,50\nC,c,5,40,50\n", ":4: Power", "number"),
    ("A,a,10,20,50\nB,b,10,130,50\nC,c,5,40,50\n", ":4: X Position", "outside"),
    ("A,a,10,20,50\nB,b,10,30\nC,c,5,40,50\n", ":4", "fields"),
    ("A,a,10,20,50\nB,b,10,30,50\n", "bad.csv", "3 actors"),
    ("A,a,10,20,50\nB,b,-1,30,50\nC,c,5,40,50\n", ":4: Power", "positive"),
])
def test_bad_csv_names_file_and_line(tmp_path: Path, body: str, where: str, what: str) -> None:
    path = _write(tmp_path, "bad.csv", GOOD_HEAD + body)
    with pytest.raises(InputError) as exc:
        read_ktab_csv(path)
    assert str(path) in str(exc.value) and where in str(exc.value) and what in str(exc.value)


def test_bad_csv_first_line_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"bad\.csv:1: number of actors"):
        read_ktab_csv(_write(tmp_path, "bad.csv", "Scen,Desc,three,1\n" + GOOD_HEAD[15:]))
    with pytest.raises(InputError, match="cannot read"):
        read_ktab_csv(tmp_path / "absent.csv")


def test_bad_xml_names_element(ktab: Path, tmp_path: Path) -> None:
    good = (ktab / "smpExample.xml").read_text(encoding="utf-8-sig")
    cases = [
        (good.replace("<capability>93.2</capability>", "<capability>lots</capability>"),
         "Actor[2]/capability"),
        (good.replace("<VotingRule>PropCbc</VotingRule>", "<VotingRule>Most</VotingRule>"),
         "ModelParameters/VotingRule"),
        (good.replace("<dCoord>61.4</dCoord>", "", 1), "Actor[2]/Position"),
        (good.replace("<referencePos>David</referencePos>",
                      "<referencePos>Zed</referencePos>"), "iaPair[5]/referencePos"),
        (good.replace("</Scenario>", ""), "not well-formed"),
        (good.replace("<Dimensions>", "<Dims>").replace("</Dimensions>", "</Dims>"),
         "<Dimensions>"),
    ]
    for k, (text, where) in enumerate(cases):
        path = tmp_path / f"bad{k}.xml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as exc:
            read_ktab_xml(path)
        assert str(path) in str(exc.value) and where in str(exc.value), str(exc.value)
