"""Acceptance on texts written apart from the rubric: real strategies and a negative control.

The held-out digests (tests/data/heldout) were written by someone who had not
seen the rubric; the rubric was not tuned on them.
"""

import pytest
from conftest import HELDOUT

from northalign.pipeline import profile_paths

STRATEGIES = ["irkutsk-strategy.md", "heilongjiang-plan.md"]


@pytest.fixture(scope="module")
def profiles(rubric):
    paths = [HELDOUT / name for name in [*STRATEGIES, "public-health-plan.md"]]
    return {
        path.name: profile
        for path, profile in zip(paths, profile_paths(paths, rubric), strict=True)
    }


@pytest.mark.parametrize("name", STRATEGIES)
def test_strategies_score_on_every_vector_with_broad_evidence(profiles, rubric, name):
    profile = profiles[name]
    for vector in rubric.vectors:
        assert profile.vectors[vector.id].score >= 0.4, (vector.id, profile.vectors[vector.id])
        covered = {
            e.indicator
            for e in profile.evidence
            if rubric.indicators.get(e.indicator, None)
            and rubric.indicators[e.indicator].vector == vector.id
        }
        assert len(covered) >= 3, (vector.id, covered)


def test_unrelated_public_health_plan_scores_low(profiles, rubric):
    profile = profiles["public-health-plan.md"]
    for vector in rubric.vectors:
        assert profile.vectors[vector.id].score <= 0.2, (vector.id, profile.evidence)
