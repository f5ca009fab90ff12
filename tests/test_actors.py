"""Actor resolution on real text: the seed article, date-dependent offices, the gold set."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from spacy.tokens import Doc, Span, Token

from accord.nlp.actors import (
    load_actor_tables,
    load_nlp,
    make_doc,
    resolve_text,
)
from accord.nlp.evaluate import code_matches, gold_actor_code, iter_gold_actors
from accord.types import Entity

SEED_DATE = dt.date(2026, 2, 7)


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def seed_doc(nlp, seed_article: Path) -> Doc:
    text = seed_article.read_text(encoding="utf-8")
    return nlp(make_doc(nlp, text, SEED_DATE))


def _by_text(doc: Doc) -> dict[str, Entity]:
    return {sp.text: sp._.entity for sp in doc._.actor_spans}


def test_extensions_registered_with_none_defaults(nlp) -> None:
    doc = nlp.make_doc("Iran and Oman")
    for name in ("article_date", "actor_spans", "entities"):
        assert Doc.has_extension(name)
        assert getattr(doc._, name) is None
    assert Span.has_extension("entity") and Token.has_extension("entity")
    assert doc[0:1]._.entity is None and doc[0]._.entity is None
    assert nlp.pipe_names.index("accord_actors") == nlp.pipe_names.index("ner") + 1


def test_seed_article_countries(seed_doc: Doc) -> None:
    codes = {e.country for e in seed_doc._.entities}
    assert {"USA", "ISR", "IRN", "OMN", "TUR"} <= codes


def test_seed_article_actors(seed_doc: Doc) -> None:
    ents = seed_doc._.entities
    trump = [e for e in ents if e.text == "Trump"]
    assert trump and all(e.code == "USAGOV" and e.name == "Donald Trump" for e in trump)
    assert all(e.kind == "person" and e.role == "president" for e in trump)
    bibi = [e for e in ents if e.text == "Netanyahu"]
    assert bibi and all(e.code == "ISRGOV" and e.name == "Benjamin Netanyahu" for e in bibi)
    by_text = _by_text(seed_doc)
    assert by_text["USS Abraham Lincoln"].code == "USAMIL"
    assert by_text["White House"].code == "USAGOV"
    assert by_text["U.S. officials"].code == "USAGOV"
    assert by_text["U.S. forces"].code == "USAMIL"


def test_spans_offsets_and_tokens(seed_doc: Doc) -> None:
    spans = seed_doc._.actor_spans
    ents = seed_doc._.entities
    assert len(spans) == len(ents) > 10
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start  # sorted and non-overlapping
    for sp, ent in zip(spans, ents, strict=True):
        assert seed_doc.text[ent.start:ent.end] == sp.text == ent.text
        assert sp._.entity == ent
        assert all(tok._.entity == ent for tok in sp)


def test_date_dependence() -> None:
    assert resolve_text("President Biden", dt.date(2023, 6, 1)).code == "USAGOV"
    assert resolve_text("President Biden", dt.date(2023, 6, 1)).name == "Joe Biden"
    then = resolve_text("the U.S. president", dt.date(2023, 6, 1))
    now = resolve_text("the U.S. president", SEED_DATE)
    assert then.code == now.code == "USAGOV"
    assert (then.name, now.name) == ("Joe Biden", "Donald Trump")
    # Biden after leaving office is a former official (PLOVER ELI)
    assert resolve_text("Biden", SEED_DATE).code == "USAELI"
    assert resolve_text("Israeli Prime Minister", SEED_DATE).name == "Benjamin Netanyahu"
    assert resolve_text("Israeli Prime Minister", dt.date(2022, 1, 1)).name == "Naftali Bennett"
    fm = resolve_text("Iranian foreign minister", SEED_DATE)
    assert (fm.code, fm.name) == ("IRNGOV", "Abbas Araghchi")
    assert resolve_text("Iranian foreign minister", dt.date(2019, 1, 1)).name == (
        "Mohammad Javad Zarif"
    )
    assert resolve_text("the president", SEED_DATE) is None
    taliban = [resolve_text("Taliban", dt.date(y, 1, 1)).code for y in (2001, 2024)]
    assert taliban == ["AFGREB", "AFGGOV"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hungarian", "HUN"), ("United States", "USA"), ("U.S.", "USA"), ("American", "USA"),
        ("Washington", "USAGOV"), ("Iranian", "IRN"), ("Israeli", "ISR"),
        ("the White House", "USAGOV"), ("Tehran", "IRNGOV"), ("the Kremlin", "RUSGOV"),
        ("Downing Street", "GBRGOV"), ("Beijing", "CHNGOV"), ("the Pentagon", "USAMIL"),
        ("USS Gerald R. Ford", "USAMIL"), ("HMS Prince of Wales", "GBRMIL"),
        ("the IDF", "ISRMIL"), ("IRGC", "IRNMIL"), ("Iranian troops", "IRNMIL"),
        ("Iranian police", "IRNCOP"), ("Syrian rebels", "SYRREB"),
        ("the Venezuelan opposition", "VENOPP"), ("Israel's high court", "ISRJUD"),
        ("Polish parliament", "POLLEG"), ("Hamas", "PSEREB"), ("Hezbollah", "LBNREB"),
        ("the Houthis", "YEMREB"), ("ISIS", "IMG"), ("the UN", "IGO"), ("IAEA", "IGO"),
        ("NATO", "IGOMIL"), ("the European Union", "IGO"), ("Arab League", "IGO"),
        ("OPEC", "IGO"), ("ASEAN", "IGO"), ("APEC", "IGO"), ("African Union", "IGO"),
        ("U.S. Secretary of State Marco Rubio", "USAGOV"), ("Steve Witkoff", "USAGOV"),
        ("rebels in Darfur", "SDNREB"), ("Omani Foreign Minister Badr Albusaidi", "OMNGOV"),
    ],
)
def test_resolve_text_codes(text: str, code: str) -> None:
    ent = resolve_text(text, SEED_DATE)
    assert ent is not None and ent.code == code, (text, ent)


def test_unknown_person_with_context_and_coreference(nlp) -> None:
    text = ("Qatari Foreign Ministry spokesman Majed al-Ansari spoke on Sunday. "
            "Later, al-Ansari said the talks would resume.")
    doc = nlp(make_doc(nlp, text, SEED_DATE))
    ents = {e.text: e for e in doc._.entities}
    first = next(e for e in doc._.entities if "Majed al-Ansari" in e.text)
    assert first.code == "QATGOV" and first.name == "Majed al-Ansari"
    later = [e for e in doc._.entities if e.text == "al-Ansari"]
    assert later and later[0].name == "Majed al-Ansari" and later[0].code == "QATGOV"
    assert "Sunday" not in ents


def test_lowercase_common_words_are_not_countries(nlp) -> None:
    doc = nlp(make_doc(nlp, "They ate turkey on china plates in Turkey.", SEED_DATE))
    assert [e.code for e in doc._.entities] == ["TUR"]


def test_multiprocess_pipe(nlp, seed_article: Path) -> None:
    text = seed_article.read_text(encoding="utf-8")
    docs = [make_doc(nlp, text, SEED_DATE), make_doc(nlp, "Rubio met Lavrov.", SEED_DATE)]
    out = list(nlp.pipe(docs, n_process=2, batch_size=1))
    assert out[0]._.article_date == SEED_DATE
    assert {"USA", "ISR", "IRN"} <= {e.country for e in out[0]._.entities}
    assert [e.name for e in out[1]._.entities] == ["Marco Rubio", "Sergei Lavrov"]


def test_tables_versioned() -> None:
    tables = load_actor_tables()
    assert tables.version and tables.as_of == dt.date(2026, 2, 7)
    assert load_actor_tables() is tables


def test_gold_code_normalisation() -> None:
    assert gold_actor_code({"code": "JAP", "sector": "GOV"}) == "JPNGOV"
    assert gold_actor_code({"code": "SRB", "sector": "CVLalb"}) == "SRBCVL"
    assert code_matches("IRN", {"code": "IRN", "sector": "***"})
    assert code_matches("IRNGOV", {"code": "IRN", "sector": "***"})
    assert not code_matches("IRN", {"code": "IRN", "sector": "GOV"})


def test_gold_source_actor_coverage(shared_data: Path) -> None:
    """Share of gold source actorText strings resolve_text codes as the gold set does."""
    records = json.loads((shared_data / "plover_gsr_cameo.json").read_text(encoding="utf-8"))
    actors = list(iter_gold_actors(records, "source"))
    assert len(actors) > 300
    hits = sum(code_matches(getattr(resolve_text(a["actorText"]), "code", None), a)
               for a in actors)
    share = hits / len(actors)
    print(f"gold source actor coverage: {hits}/{len(actors)} = {share:.1%}")
    assert share >= 0.78


def test_country_words_in_names_of_seas_are_places(nlp) -> None:
    doc = nlp(make_doc(nlp, "Chinese and Russian warships sailed through the Sea of Japan "
                       "and the South China Sea, then entered the Persian Gulf.", SEED_DATE))
    codes = {e.code[:3] for e in _by_text(doc).values() if e is not None}
    assert codes == {"CHN", "RUS"}
