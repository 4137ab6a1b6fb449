"""Acceptance on texts written apart from the rubric: real strategies and negative controls.

``tests/data/heldout`` was written without sight of the rubric, but the rubric's
author ran the matcher on it while checking for false positives.
``tests/data/unseen`` was written after the rubric was finished, by someone who
never read it, and no term was changed because of it.
"""

from pathlib import Path

import pytest

from northalign.pipeline import profile_paths

from conftest import HELDOUT

UNSEEN = HELDOUT.parent / "unseen"
STRATEGIES = [
    HELDOUT / "irkutsk-strategy.md",
    HELDOUT / "heilongjiang-plan.md",
    UNSEEN / "zabaikalsky-strategy.md",
    UNSEEN / "mongolia-vision-2050.md",
]
UNRELATED = [HELDOUT / "public-health-plan.md", UNSEEN / "school-education-plan.md"]


@pytest.fixture(scope="module")
def profiles(rubric):
    paths = [*STRATEGIES, *UNRELATED, UNSEEN / "altai-agri-strategy.md"]
    return dict(zip(paths, profile_paths(paths, rubric), strict=True))


@pytest.mark.parametrize("path", STRATEGIES, ids=lambda p: p.name)
def test_strategies_score_on_every_vector_with_broad_evidence(profiles, rubric, path: Path):
    profile = profiles[path]
    for vector in rubric.vectors:
        assert profile.vectors[vector.id].score >= 0.4, (vector.id, profile.vectors[vector.id])
        covered = {
            e.indicator
            for e in profile.evidence
            if e.indicator in rubric.indicators
            and rubric.indicators[e.indicator].vector == vector.id
        }
        assert len(covered) >= 3, (vector.id, covered)


@pytest.mark.parametrize("path", UNRELATED, ids=lambda p: p.name)
def test_unrelated_plans_score_low(profiles, rubric, path: Path):
    profile = profiles[path]
    for vector in rubric.vectors:
        assert profile.vectors[vector.id].score <= 0.2, (vector.id, profile.evidence)


def test_an_uneven_strategy_is_strong_where_it_is_strong(profiles):
    altai = profiles[UNSEEN / "altai-agri-strategy.md"]
    assert altai.indicators["agro-food"].score >= 0.8
    assert altai.vectors["strategy"].score > altai.vectors["connectivity"].score
