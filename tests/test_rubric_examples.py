"""The default rubric on what an analyst expects it to catch: the sample policies and the
themes of the source article, in our own words and in each language."""

from __future__ import annotations

import pytest

from northalign.ingest.load import load_document, parse_text
from northalign.match import Matcher
from northalign.pipeline import profile_document

from conftest import POLICIES


@pytest.fixture(scope="module")
def matcher(rubric):
    return Matcher(rubric)


def labels(matcher, text: str) -> set[str]:
    return {e.indicator for e in matcher.find(parse_text(text, "example.txt"))}


def test_inner_mongolia_plan_builds_transport_corridors(rubric, matcher):
    document = load_document(POLICIES / "inner-mongolia.md")
    profile = profile_document(document, rubric, matcher)
    assert profile.indicators["transport-corridors"].score >= 0.5
    quoted = {e.line for e in profile.evidence_for("transport-corridors")}
    lines = document.text.splitlines()
    # Trunk railways and high-speed rail; rail and road access to the border ports.
    trunk = next(n for n, line in enumerate(lines, 1) if "trunk railways" in line)
    access = next(n for n, line in enumerate(lines, 1) if "road access to the main border" in line)
    assert {trunk, access} <= quoted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A water conflict, named as the article names it.
        (
            "Between the two neighbours, disputes may well emerge, for instance over water use.",
            "water-use",
        ),
        ("Между соседями возможны противоречия, например в сфере водопользования.", "water-use"),
        ("双方在用水问题上可能出现分歧。", "water-use"),
        # A joint Russian-Chinese scientific project.
        (
            "The two academies agreed to carry out a joint Russian-Chinese scientific project.",
            "joint-research",
        ),
        (
            "Академии договорились реализовать совместный российско-китайский научный проект.",
            "joint-research",
        ),
        ("两国科学院商定共同实施中俄联合科研项目。", "joint-research"),
        # Joint projects with Chinese research institutes and enterprises.
        (
            "The university carries out joint projects with Chinese research institutes and companies.",
            "joint-research",
        ),
        (
            "Университет ведет совместные проекты с китайскими научными институтами и предприятиями.",
            "joint-research",
        ),
        ("该大学与俄罗斯科研院所和企业开展合作项目。", "joint-research"),
        # Chinese money for science infrastructure.
        (
            "Large Chinese investments could pay for the infrastructure that science and technology need.",
            "innovation-investment",
        ),
        (
            "Крупные китайские инвестиции могли бы пойти на строительство научной инфраструктуры.",
            "innovation-investment",
        ),
        ("吸引大规模投资建设科研基础设施，推动科技发展。", "innovation-investment"),
        # Compositional themes: partner x science, customs x crossing point.
        ("A Russian-Chinese institute of photonics opened in Harbin.", "joint-research"),
        (
            "Siberian and Chinese universities are expanding cooperation in materials science.",
            "joint-research",
        ),
        (
            "A delegation of Chinese scientists discussed a joint centre for laser research.",
            "joint-research",
        ),
        (
            "Customs officers at the road crossing point now inspect trucks around the clock.",
            "border-policy",
        ),
        (
            "Таможенный контроль в автомобильном пункте пропуска стал круглосуточным.",
            "border-policy",
        ),
        ("口岸查验实行24小时通关。", "border-policy"),
        # Environmental damage however it is named.
        ("Mining waste has polluted the tributaries of the Selenga.", "environmental-impact"),
        ("Сбросы горнодобывающих предприятий загрязняют притоки Селенги.", "environmental-impact"),
        ("采矿废水污染了色楞格河支流。", "environmental-impact"),
    ],
)
def test_source_article_themes(matcher, text, expected):
    assert expected in labels(matcher, text)


def test_a_continuation_sentence_reads_the_one_before(matcher):
    text = (
        "A road bridge across the Amur between Blagoveshchensk and Heihe is being built. "
        "The bridge will open to traffic in October."
    )
    found = matcher.find(parse_text(text, "example.txt"))
    lines = {e.segment for e in found if e.indicator == "transport-corridors"}
    assert "The bridge will open to traffic in October." in lines


@pytest.mark.parametrize(
    "text",
    [
        "The hospital corridor was repainted in October.",
        "Runners crossed the city bridge during the spring half marathon.",
        "The school pilot programme on healthy eating continues.",
        "The university library extends its opening hours.",
        "Drinking water supply in the town was restored after repairs.",
        "Школьники посетили городской музей.",
        "医院新建了病房楼。",
    ],
)
def test_unrelated_sentences_stay_silent(matcher, text):
    assert labels(matcher, text) == set()
