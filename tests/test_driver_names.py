"""A driver's name lists whole effect names and says how many it left out (a new-user trial
read "...; targ: likelihood ratio" where the list had been cut at 300 characters)."""

from __future__ import annotations

from accord.forecast.engine import _names
from accord.models.crisis import Effect


def _effect(name: str) -> Effect:
    return Effect(name=name, group="target_resolve", effect="likelihood ratio 0.9")


def test_a_long_driver_keeps_whole_names_and_counts_the_rest() -> None:
    sig = [_effect(f"target flexibility: ERI/ETH CONSULT, 2018-07-{d:02d}") for d in range(1, 21)]
    text = _names(sig)
    assert text.endswith("more")
    kept, more = text.rsplit("; and ", 1)
    parts = kept.split("; ")
    assert all(p in {e.name for e in sig} for p in parts)  # no name cut mid-word
    assert len(parts) + int(more.split()[0]) == 20
    assert len(kept) <= 300


def test_a_short_driver_lists_every_name_once() -> None:
    sig = [_effect("a"), _effect("b"), _effect("a")]
    assert _names(sig) == "a; b"


def test_a_driver_that_gains_a_signal_is_the_same_driver_in_explain():
    from accord.forecast.engine import _driver_key

    a = "threat: IRN THREATEN -> IRQ, 2022-11-14; threat: IRN THREATEN -> IRQ, 2022-11-18"
    b = a + "; threat: IRN THREATEN -> IRQ, 2022-11-23"
    assert _driver_key(a) == _driver_key(b) == "threat"
    assert _driver_key("force in use touching the parties: 0.74 (acts of 2022-09-28)") == (
        _driver_key("force in use touching the parties: 0.81 (acts of 2022-09-28 to 2022-11-14)"))
    assert _driver_key("threat: X") != _driver_key("target resolve: X")
