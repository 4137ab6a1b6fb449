"""Packed lanes add many owners' weights at once and must agree with adding them one by one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from northalign.learning.lanes import MAX_WEIGHT, NEVER, Lanes

OWNERS = 5
weights = st.integers(min_value=-MAX_WEIGHT, max_value=MAX_WEIGHT)
rows = st.lists(st.lists(weights, min_size=OWNERS, max_size=OWNERS), max_size=40)
cutoffs = st.lists(
    st.one_of(st.integers(min_value=-(10**9), max_value=10**9), st.just(NEVER)),
    min_size=OWNERS,
    max_size=OWNERS,
)
intercepts = st.lists(
    st.integers(min_value=-(10**6), max_value=10**6), min_size=OWNERS, max_size=OWNERS
)


@given(rows, intercepts, cutoffs)
def test_packed_sums_agree_with_sums_owner_by_owner(features, bias, cut):
    lanes = Lanes(OWNERS)
    gate = lanes.gate(bias, cut)
    gated = lanes.gated(sum(lanes.pack(enumerate(row)) for row in features), len(features), gate)
    columns = [[row[owner] for row in features] for owner in range(OWNERS)]
    expected = [sum(column) + b for column, b in zip(columns, bias, strict=True)]
    assert lanes.values(gated, bias, cut) == expected
    assert lanes.any_reached(gated) == any(e >= c for e, c in zip(expected, cut, strict=True))


def test_an_owner_that_never_marks_is_never_reached():
    lanes = Lanes(2)
    gate = lanes.gate([0, 0], [NEVER, 0])
    heavy = lanes.pack(enumerate([MAX_WEIGHT, -1]))
    assert not lanes.any_reached(lanes.gated(heavy * 1000, 1000, gate))
    assert lanes.any_reached(lanes.gated(lanes.pack(enumerate([0, 5])), 1, gate))
