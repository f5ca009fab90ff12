"""A crisis corpus (``../shared/data/crises`` layout) read without look-ahead, extracted once.

Layout: one folder per crisis with ``NN-YYYY-MM-DD.json`` articles (date, url, title, text)
and ``resolution.json`` (question, actors, resolved, resolution_date, outcome_class,
last_pre_date). Article files whose file-name date is after ``last_pre_date`` are never
opened; one whose own ``date`` field is later is refused (the corpus would be inconsistent).

The question's outcome class (which of deal / strike / collapse the yes/no question asks
about) is, in order: an explicit ``question_outcome`` field; for ``resolved: yes`` the
``outcome_class`` (the event that resolved it); for ``no``, the question text (agreement,
truce, ceasefire, deal, joint statement -> deal; attack, strike, offensive, intervention,
invasion, seize -> strike; talks broken off -> collapse). The binary forecast is
P(question class) at the horizon; the horizon runs to the question's deadline (the "before
YYYY-MM-DD" date of the question, else ``resolution_date`` for a "no") from each as-of date.

Extraction is the slow step: ``extract_crisis`` caches the Extractions per crisis in a JSON
file keyed by the article texts, the spaCy model and the source of ``accord.nlp``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from accord.errors import InputError
from accord.types import OUTCOMES, Article, Extraction

_FILE = re.compile(r"^\d+-(\d{4}-\d{2}-\d{2})\.json$")
_BEFORE = re.compile(r"\bbefore\s+(\d{4}-\d{2}-\d{2})\b", re.I)
_DEAL_WORDS = re.compile(r"\b(agree\w*|truce|ceasefire|cease-fire|deal|accord|pause|"
                         r"joint statement|sign\w*|treaty|settlement)\b", re.I)
_STRIKE_WORDS = re.compile(r"\b(attack\w*|strikes?|offensive|interven\w*|inva\w+|seiz\w*|"
                           r"bomb\w*|military operation)\b", re.I)
_COLLAPSE_WORDS = re.compile(r"\b(break off|broken off|walk out|suspend\w* (the )?talks)\b", re.I)


@dataclass
class Crisis:
    """One crisis: its question, resolution and the pre-resolution article files."""

    slug: str
    path: Path
    question: str
    actors: list[str]
    resolved: str
    resolution_date: dt.date
    deadline: dt.date
    outcome_class: str
    question_class: str
    last_pre_date: dt.date
    files: list[tuple[dt.date, Path]] = field(default_factory=list)

    @property
    def y(self) -> bool:
        """Did the question's event happen (resolved yes)?"""
        return self.resolved == "yes"


def question_class(res: dict, where: str = "resolution.json") -> str:
    """Which outcome the yes/no question asks about (module doc gives the rule)."""
    explicit = res.get("question_outcome")
    if explicit is not None:
        if explicit not in OUTCOMES:
            raise InputError(f"question_outcome must be one of {OUTCOMES}", where=where)
        return str(explicit)
    if res.get("resolved") == "yes":
        return str(res["outcome_class"])
    text = str(res.get("question", ""))
    hits = [k for k, rx in (("deal", _DEAL_WORDS), ("strike", _STRIKE_WORDS),
                            ("collapse", _COLLAPSE_WORDS)) if rx.search(text)]
    if len(hits) != 1:
        raise InputError("cannot tell from the question whether it asks about a deal, a "
                         f"strike or a collapse ({hits or 'none'}); add 'question_outcome'",
                         where=f"{where}: question")
    return hits[0]


def _date(value: object, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {value!r}", where=where) from None


def load_crisis(path: Path) -> Crisis:
    """Read ``resolution.json`` and list the article files dated <= last_pre_date."""
    rp = path / "resolution.json"
    try:
        res = json.loads(rp.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read resolution: {exc}", where=str(rp)) from None
    for key in ("question", "actors", "resolved", "resolution_date", "outcome_class",
                "last_pre_date"):
        if key not in res:
            raise InputError(f"missing field {key!r}", where=str(rp))
    if res["resolved"] not in ("yes", "no"):
        raise InputError("field 'resolved' must be yes or no", where=str(rp))
    if res["outcome_class"] not in OUTCOMES:
        raise InputError(f"field 'outcome_class' must be one of {OUTCOMES}", where=str(rp))
    resolution = _date(res["resolution_date"], f"{rp}: resolution_date")
    last_pre = _date(res["last_pre_date"], f"{rp}: last_pre_date")
    m = _BEFORE.search(res["question"])
    deadline = (_date(m.group(1), f"{rp}: question") - dt.timedelta(days=1)) if m else resolution
    files = []
    for f in sorted(path.iterdir()):
        fm = _FILE.match(f.name)
        if fm is None:
            continue
        day = _date(fm.group(1), str(f))
        if day <= last_pre:  # later files are outcomes: never opened
            files.append((day, f))
    from accord.nlp.codes import canonical_code

    actors = res["actors"]
    if not isinstance(actors, list) or not actors:
        raise InputError("field 'actors' must be a non-empty list of country codes", where=str(rp))
    return Crisis(slug=path.name, path=path, question=res["question"],
                  actors=[canonical_code(str(a).upper()) for a in actors], resolved=res["resolved"],
                  resolution_date=resolution, deadline=deadline,
                  outcome_class=res["outcome_class"], question_class=question_class(res, str(rp)),
                  last_pre_date=last_pre, files=files)


def load_corpus(directory: Path | Sequence[Path]) -> list[Crisis]:
    """All crisis folders (with a resolution.json) under ``directory`` (one folder or several),
    sorted by name within each folder; a crisis name may appear only once."""
    dirs = [Path(directory)] if isinstance(directory, (str, Path)) else [Path(d) for d in directory]
    out: list[Crisis] = []
    for d in dirs:
        if not d.is_dir():
            raise InputError("not a directory", where=str(d))
        found = [load_crisis(p) for p in sorted(d.iterdir())
                 if p.is_dir() and (p / "resolution.json").exists()]
        if not found:
            raise InputError("no crisis folders (with resolution.json) found", where=str(d))
        out.extend(found)
    seen: set[str] = set()
    for c in out:
        if c.slug in seen:
            raise InputError(f"crisis {c.slug!r} appears in more than one folder", where=str(c.path))
        seen.add(c.slug)
    return out


def is_corpus(directory: Path) -> bool:
    """Does ``directory`` hold crisis folders with a resolution.json?"""
    return directory.is_dir() and any((p / "resolution.json").exists()
                                      for p in directory.iterdir() if p.is_dir())


def read_articles(crisis: Crisis) -> list[Article]:
    """The pre-resolution articles (only files dated <= last_pre_date are opened)."""
    from accord.ingest.readers import tidy

    out = []
    for day, f in crisis.files:
        try:
            obj = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read article: {exc}", where=str(f)) from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise InputError("missing field 'text'", where=str(f))
        date = _date(obj.get("date", day.isoformat()), f"{f}: date")
        if date > crisis.last_pre_date:
            raise InputError(f"article dated {date} after last_pre_date", where=f"{f}: date")
        out.append(Article(title=obj.get("title") or None, text=tidy(obj["text"]), date=date,
                           date_source="metadata", url=obj.get("url") or None, path=str(f)))
    return out


def _code_version() -> str:
    """Hash of the spaCy model name, the accord.nlp sources and their data files (lexicons,
    actor tables, models): the extraction cache key."""
    import accord.nlp as nlp_pkg
    from accord.nlp.pipeline import model_name

    h = hashlib.sha256(model_name().encode())
    root = Path(nlp_pkg.__file__).parent
    for p in [*sorted(root.glob("*.py")), *sorted((root / "data").glob("*"))]:
        if p.is_file():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


def extract_crisis(crisis: Crisis, cache_dir: Path | None = None,
                   progress: Callable[[str], None] | None = None) -> list[Extraction]:
    """Extractions of the crisis's pre-resolution articles, from the cache when it holds them."""
    articles = read_articles(crisis)
    key = None
    if cache_dir is not None:
        h = hashlib.sha256(_code_version().encode())
        for a in articles:
            h.update(json.dumps([a.date.isoformat() if a.date else None, a.title, a.text]
                                ).encode())
        key = cache_dir / f"{crisis.slug}-{h.hexdigest()[:16]}.json"
        if key.exists():
            rows = json.loads(key.read_text(encoding="utf-8"))
            return [Extraction.model_validate(r) for r in rows]
    from accord.nlp.pipeline import extract_articles

    out = []
    for x in extract_articles(articles):
        out.append(x)
        if progress:
            progress(x.article.id)
    if key is not None:
        key.parent.mkdir(parents=True, exist_ok=True)
        key.write_text(json.dumps([x.model_dump(mode="json") for x in out]), encoding="utf-8")
    return out


def as_of_dates(crisis: Crisis) -> list[dt.date]:
    """Each distinct pre-resolution article date, in order."""
    return sorted({d for d, _ in crisis.files})


def horizon(crisis: Crisis, as_of: dt.date) -> int:
    """Days from ``as_of`` to the question's deadline (at least 1)."""
    return max((crisis.deadline - as_of).days, 1)


def outcomes_vector(outcome: str) -> list[float]:
    """One-hot vector over OUTCOMES."""
    return [1.0 if k == outcome else 0.0 for k in OUTCOMES]


def slugs(crises: Sequence[Crisis]) -> list[str]:
    return [c.slug for c in crises]
