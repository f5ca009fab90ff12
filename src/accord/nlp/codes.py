"""Alternative country codes (XKX, KSV, ROM ...) mapped to the codes accord's tables use.

Data: ``accord/nlp/data/code_aliases.tsv`` (one alias a line, with who uses it). Kept apart
from ``accord.nlp.actors`` so resolving a command-line code loads no spaCy.
"""

from __future__ import annotations

import functools
from importlib import resources


@functools.lru_cache(maxsize=1)
def code_aliases() -> dict[str, str]:
    """Alternative three-letter code -> accord's code, from the packaged table."""
    text = resources.files("accord.nlp").joinpath("data/code_aliases.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            alt, code, *_ = line.split("\t")
            out[alt.strip()] = code.strip()
    return out


def canonical_code(code: str) -> str:
    """accord's code for ``code``: XKX -> KOS, xkxgov -> KOSGOV (a sector suffix is kept);
    anything that is no alias comes back unchanged."""
    if not (code.isalpha() and len(code) in (3, 6, 9)):
        return code
    up = code.upper()
    head = code_aliases().get(up[:3])
    return code if head is None else head + up[3:]
