"""Many owners' integer sums in one Python integer: a sentence's logits in one addition per feature.

A sentence's logit for each of the model's 18 indicators and frictions is a
sum of weights over its features; summed owner by owner in Python that is one
bytecode loop step per (feature, owner), about six million on 4 MB of Chinese.
Instead each feature's weights are packed into one integer, a 64-bit lane per
owner, and a sentence's features are added with the built-in ``sum`` (one
big-integer addition each, in C). Integers are exact: the result does not
depend on the order of the features.

Lane ``i`` of a packed feature holds ``weight_i + BIAS`` (never negative, so
no lane borrows from the next while features are added). After ``n``
features, adding :meth:`Lanes.gate`'s constant and subtracting ``n`` biases
leaves in each lane ``sum_i + intercept_i - cutoff_i + TOP``: its top bit is
set exactly when the owner's logit reaches its cutoff. Weights are bounded
(:data:`MAX_WEIGHT`) so that a sentence's lanes never overflow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

LANE_BITS = 64
_MASK = (1 << LANE_BITS) - 1
BIAS = 1 << 40
TOP = 1 << 62
#: Larger scaled weights or intercepts are refused when a model is read: with up to 2**21
#: features in a sentence, every lane then stays within [0, 2**63).
MAX_WEIGHT = (1 << 38) - 1
#: The cutoff of an owner that never marks: no sum of bounded weights reaches it.
NEVER = 1 << 61


class Lanes:
    """Packing and reading of ``count`` integer lanes."""

    def __init__(self, count: int) -> None:
        self.biases = sum(BIAS << (LANE_BITS * i) for i in range(count))
        self.top = sum(TOP << (LANE_BITS * i) for i in range(count))

    def pack(self, weights: Iterable[tuple[int, int]]) -> int:
        """One feature's (lane, weight) pairs, biased: the integer sentences add up. Lanes
        not named weigh 0; a negative weight borrows from the lane above, which the biases
        repay."""
        return self.biases + sum(weight << (LANE_BITS * lane) for lane, weight in weights if weight)

    def gate(self, intercepts: Sequence[int], cutoffs: Sequence[int]) -> int:
        """The constant that turns a sentence's biased sum into top bits: set in lane ``i``
        when ``sum_i + intercepts[i] >= cutoffs[i]``."""
        return sum(
            (TOP + intercept - cutoff) << (LANE_BITS * i)
            for i, (intercept, cutoff) in enumerate(zip(intercepts, cutoffs, strict=True))
        )

    def gated(self, total: int, features: int, gate: int) -> int:
        """``total`` (the sum of ``features`` packed features) with ``gate`` applied."""
        return total + gate - features * self.biases

    def any_reached(self, gated: int) -> bool:
        return gated & self.top != 0

    def values(self, gated: int, intercepts: Sequence[int], cutoffs: Sequence[int]) -> list[int]:
        """Each lane's logit, ``sum_i + intercepts[i]``, back from a gated sum (the same
        ``intercepts`` and ``cutoffs`` as the gate's)."""
        return [
            ((gated >> (LANE_BITS * i)) & _MASK) - TOP + cutoff for i, cutoff in enumerate(cutoffs)
        ]
