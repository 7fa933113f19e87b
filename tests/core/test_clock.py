"""The hybrid logical clock can neither overflow nor be fed into an unparsable state."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tafapp.storage.clock import LATEST_WALL_MS, MAX_COUNTER, Hlc, HybridClock

NOW = 1_764_000_000_000


def test_counter_carries_into_the_next_millisecond() -> None:
    clock = HybridClock("dev", f"{NOW:015d}.{MAX_COUNTER:06d}.dev", now=lambda: NOW)
    nxt = Hlc.parse(clock.tick())
    assert (nxt.wall_ms, nxt.counter) == (NOW + 1, 0)
    assert clock.tick() > f"{NOW:015d}.{MAX_COUNTER:06d}.dev"


def test_observe_refuses_beyond_the_bound_and_the_last_instant() -> None:
    clock = HybridClock("hub", now=lambda: NOW)
    assert not clock.observe(f"{NOW + 10_000:015d}.000000.dev", max_ahead_ms=1_000)
    assert not clock.observe(f"{LATEST_WALL_MS + 1:015d}.000000.dev")
    assert not clock.observe("0000000000000_1.000000.dev")  # int() would take this
    assert clock.observe(f"{NOW + 500:015d}.{MAX_COUNTER:06d}.dev", max_ahead_ms=1_000)
    assert Hlc.parse(clock.tick()) == Hlc(NOW + 501, 0, "hub")


HLC_LIKE = st.builds(lambda w, c, d: f"{w:015d}.{c:06d}.{d}",
                     st.integers(0, 10**15 - 1), st.integers(0, MAX_COUNTER),
                     st.from_regex(r"[0-9A-Za-z_.:-]{1,40}", fullmatch=True))


@settings(max_examples=400, deadline=None)
@given(inputs=st.lists(st.one_of(st.text(max_size=80), HLC_LIKE), max_size=8),
       bound=st.one_of(st.none(), st.integers(0, 10**13)),
       ticks=st.integers(0, 3))
def test_no_input_makes_the_clock_unparsable(inputs: list[str], bound: int | None,
                                             ticks: int) -> None:
    clock = HybridClock("hub-1", now=lambda: NOW)
    before = clock.last
    for text in inputs:
        clock.observe(text, bound)
        for _ in range(ticks):
            assert Hlc.parse(clock.tick()).device == "hub-1"
        last = clock.last
        assert Hlc.parse(last) >= Hlc.parse(before)  # monotonic
        assert HybridClock("hub-1", last, now=lambda: NOW).last == last  # survives storing
        before = last
    if bound is not None:
        assert Hlc.parse(clock.last).wall_ms <= NOW + bound + 4 * len(inputs) * (ticks + 1)
