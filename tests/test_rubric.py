import re
from pathlib import Path

import pytest

from northalign.errors import RubricError
from northalign.rubric import DEFAULT_RUBRIC, bundled_rubrics, load_rubric, parse_rubric

from conftest import MINI_RUBRIC, ROOT

DESIGN_INDICATORS = {
    "strategy": [
        "initiative-alignment",
        "development-models",
        "resource-industries",
        "agro-food",
        "green-economy",
        "border-policy",
    ],
    "connectivity": [
        "transport-corridors",
        "economic-corridors",
        "logistics-hubs",
        "northern-sea-route",
        "integrated-connectivity",
    ],
    "science": [
        "research-base",
        "commercialization",
        "joint-research",
        "intellectual-property",
        "innovation-investment",
    ],
}


def error_for(text: str) -> RubricError:
    with pytest.raises(RubricError) as caught:
        parse_rubric(text, "bad.yaml")
    return caught.value


def line_of(text: str, needle: str) -> int:
    """The line of the last occurrence of ``needle``."""
    return max(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# -- the default rubric ------------------------------------------------------------


def test_default_rubric_matches_the_design(rubric):
    assert rubric.name == DEFAULT_RUBRIC
    assert {v.id: [i.id for i in v.indicators] for v in rubric.vectors} == DESIGN_INDICATORS
    assert [f.id for f in rubric.frictions] == ["water-use", "environmental-impact"]
    pairs = {frozenset(pair) for pair in rubric.complements}
    for pair in [
        ("research-base", "commercialization"),
        ("research-base", "innovation-investment"),
        ("transport-corridors", "logistics-hubs"),
    ]:
        assert frozenset(pair) in pairs
    assert rubric.source and rubric.version and len(rubric.sha256) == 64


def test_default_rubric_has_enough_terms_in_each_language(rubric):
    for indicator in rubric.indicators.values():
        counts = {
            lang: sum(t.language == lang for t in indicator.terms) for lang in ("en", "ru", "zh")
        }
        assert counts["en"] >= 8 and counts["ru"] >= 6 and counts["zh"] >= 6, (indicator.id, counts)
        assert indicator.title and indicator.weight > 0


def test_default_rubric_terms_are_not_generic_or_duplicated(rubric):
    from northalign.text.normalize import tokenize

    generic = {
        "development",
        "cooperation",
        "innovation",
        "investment",
        "project",
        "развитие",
        "сотрудничество",
        "发展",
        "合作",
    }
    # The same words twice in a layer only with different contexts (each counts where the
    # other's context is missing); indicators and frictions are separate layers.
    for layer in (
        [(i.id, i.terms) for i in rubric.indicators.values()],
        [(f.id, f.terms) for f in rubric.frictions],
    ):
        owners: dict[tuple[str, ...], tuple[str, str | None]] = {}
        for owner, terms in layer:
            for term in terms:
                # An exact term is known by its word forms, as rubric lint knows it: it
                # matches no other form (new industrialization, not new industrial parks).
                key = tuple(t.form if term.exact else t.key for t in tokenize(term.text))
                # A generic word may count only where a context says what it is about.
                assert term.context is not None or term.text.casefold() not in generic, term
                if key in owners:
                    assert owners[key][1] not in (None, term.context), (term.text, owners[key])
                else:
                    owners[key] = (owner, term.context)


def test_repository_rubric_is_the_bundled_one(rubric):
    assert (ROOT / "rubrics" / f"{DEFAULT_RUBRIC}.yaml").read_bytes()
    assert DEFAULT_RUBRIC in bundled_rubrics()
    assert load_rubric(ROOT / "rubrics" / f"{DEFAULT_RUBRIC}.yaml").sha256 == rubric.sha256


def test_mini_rubric_parses(mini):
    assert [v.id for v in mini.vectors] == ["strategy", "connectivity"]
    assert mini.vectors[1].weight == 2
    nsr = next(t for t in mini.indicators["transport-corridors"].terms if t.text == "NSR")
    assert nsr.case_sensitive and nsr.line == line_of(MINI_RUBRIC, "NSR")


# -- validation errors name the file and the line --------------------------------------


@pytest.mark.parametrize(
    ("change", "needle", "message"),
    [
        (
            ("title: Resource industries", "title: Resource industries\n        colour: red"),
            "colour: red",
            "unknown key 'colour'",
        ),
        (
            ("- id: agro-food", "- id: resource-industries"),
            "- id: resource-industries",
            "duplicate id 'resource-industries'",
        ),
        (("en: [dairy industry, milk processing]", "en: []"), "en: []", "is empty"),
        (("    weight: 2", "    weight: -1"), "weight: -1", "weight must be above 0"),
        (("    weight: 2", "    weight: .inf"), "weight: .inf", "weight must be above 0"),
        (("    weight: 2", "    weight: heavy"), "weight: heavy", "weight must be a number"),
        (
            ("threshold: 88", "threshold: 140"),
            "threshold: 140",
            "threshold must be at least 0 and at most 100",
        ),
        (
            ("          zh: [煤化工]", "          xx: [煤化工]"),
            "xx: [煤化工]",
            "unknown language code 'xx'",
        ),
        (
            (
                "  - [resource-industries, transport-corridors]",
                "  - [resource-industries, nowhere]",
            ),
            "nowhere",
            "unknown indicator 'nowhere'",
        ),
        (
            ("title: A small rubric for tests", "title: !!python/object:os.system echo"),
            "!!python",
            "unsupported YAML tag",
        ),
    ],
)
def test_validation_errors_name_file_and_line(change, needle, message):
    old, new = change
    assert old in MINI_RUBRIC
    text = MINI_RUBRIC.replace(old, new, 1)
    error = error_for(text)
    expected_line = line_of(text, needle)
    assert message in str(error)
    assert str(error).startswith(f"bad.yaml:{expected_line}"), str(error)


def test_invalid_yaml_reports_line_and_column():
    error = error_for("name: x\nvectors: [\n  - a: b\n")
    assert re.match(r"bad\.yaml:\d+:\d+: invalid YAML", str(error))


def test_missing_required_key():
    assert "missing 'vectors'" in str(error_for("name: x\nversion: 1\ntitle: t\nsource: s\n"))


def test_alias_bomb_is_rejected_without_expansion():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(10)
    )
    assert "unknown key" in str(error_for(bomb))


def test_unknown_bundled_name_or_missing_path():
    with pytest.raises(RubricError, match=r"no such rubric file.*northern-cooperation"):
        load_rubric("no-such-rubric")


def test_rubric_from_path(tmp_path: Path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINI_RUBRIC, encoding="utf-8")
    assert load_rubric(path).name == "mini"
    assert load_rubric(str(path)).path == str(path)


def test_a_term_without_words_is_ignored_with_a_warning():
    text = MINI_RUBRIC.replace("[dairy industry, milk processing]", "[dairy industry, '---']")
    rubric = parse_rubric(text, "x.yaml")
    assert [t.text for t in rubric.indicators["agro-food"].terms] == ["dairy industry"]
    assert any("has no words" in str(w) and str(w).startswith("x.yaml:") for w in rubric.warnings)


def test_every_error_is_reported_at_once():
    text = (
        MINI_RUBRIC.replace("    weight: 2", "    weight: -2")
        .replace("title: Resource industries", "title: Resource industries\n        colour: red", 1)
        .replace("zh: [煤化工]", "xx: [煤化工]")
    )
    with pytest.raises(RubricError) as caught:
        parse_rubric(text, "bad.yaml")
    problems = caught.value.problems
    assert len(problems) == 3, problems
    assert all(p.startswith("bad.yaml:") for p in problems)
    assert "(and 2 more errors)" in str(caught.value)


def test_lint_warns_about_duplicates_vetoes_and_shadowed_terms():
    from northalign.rubric import lint

    text = MINI_RUBRIC.replace(
        "[dairy industry, milk processing]", "[dairy industry, milk processing, railway bridge]"
    ).replace("en: [railway museum]", "en: [railway museum, railway]")
    messages = [p.message for p in lint(parse_rubric(text, "x.yaml"))]
    assert any(
        "'railway bridge' is in both 'agro-food' and 'transport-corridors'" in m for m in messages
    ), messages
    assert any("'railway' of 'transport-corridors' is also excluded" in m for m in messages), (
        messages
    )
    assert any("'coal' of 'resource-industries'" in m for m in messages) is False
    assert any("'dry port'" in m for m in messages) is False


LOPSIDED = """\
name: lopsided
version: "0.1"
title: Languages of unequal weight
source: written for northalign's tests
contexts:
  partner: {en: [Chinese], ru: [китайский], zh: [中俄]}
  lab: {en: [laboratory], ru: [лаборатория], zh: [实验室]}
vectors:
  - id: science
    title: Science
    indicators:
      - id: joint-research
        title: Joint research
        terms:
          en: [joint laboratory, joint institute, joint project, joint study, joint centre, joint expedition]
          ru: [совместная лаборатория, совместный институт, совместный проект, совместное исследование,
               совместный центр, совместная экспедиция]
          zh: [联合实验室]
      - id: research-base
        title: Research base
        terms:
          en: [academy of sciences, research institute, synchrotron]
          ru: [академия наук, научный институт, синхротрон]
          zh: [科学院, 研究所]
frictions:
  - id: water-use
    title: Water use
    terms:
      en: [water withdrawal, dam, reservoir]
      ru: [водозабор, плотина, водохранилище]
"""


def lopsided(text: str) -> list:
    from northalign.rubric import lint

    return [p for p in lint(parse_rubric(text, "lop.yaml")) if "lopsided" in p.message]


def test_lint_warns_about_a_language_far_thinner_than_the_others():
    found = lopsided(LOPSIDED)
    assert [p.message for p in found] == [
        "'joint-research' is lopsided: 1 Chinese terms and rules against 6 in the other "
        "languages (median); Chinese text will read silent on it for want of terms",
        "'water-use' is lopsided: 0 Chinese terms and rules against 3 in the other "
        "languages (median); Chinese text will read silent on it for want of terms",
    ]
    # A warning where the list to fill is (the Chinese terms), or the friction's first term.
    assert found[0].line == line_of(LOPSIDED, "zh: [联合实验室]") and not found[0].note
    assert found[1].line == line_of(LOPSIDED, "en: [water withdrawal")
    # Two Chinese terms of three in English and Russian are not lopsided: Chinese terms need
    # no inflected variants.
    assert not [p for p in found if "'research-base'" in p.message]


def test_a_rule_counts_for_the_languages_it_can_fire_in():
    with_rule = LOPSIDED.replace(
        "          zh: [联合实验室]\n",
        "          zh: [联合实验室, 联合研究所]\n        rules:\n          - {all: [partner, lab]}\n",
    )
    # 2 terms and the rule in Chinese against 7 in English and Russian: a third or more.
    assert not [p for p in lopsided(with_rule) if "'joint-research'" in p.message]
    # Without Chinese phrases in one of its lists the rule cannot fire in Chinese text.
    no_chinese_partner = with_rule.replace("zh: [中俄]}", "}").replace(
        "partner: {en: [Chinese], ru: [китайский], }", "partner: {en: [Chinese], ru: [китайский]}"
    )
    assert [p.message for p in lopsided(no_chinese_partner) if "'joint-research'" in p.message] == [
        "'joint-research' is lopsided: 2 Chinese terms and rules against 7 in the other "
        "languages (median); Chinese text will read silent on it for want of terms"
    ]


def test_default_rubric_has_no_lopsided_language_and_no_lint_warning(rubric):
    from northalign.rubric import lint

    # Every problem lint finds in the bundled rubric is a note (a shorter term that a longer
    # one of another indicator hides, by design); none is a warning, lopsided or other.
    assert [str(p) for p in lint(rubric) if not p.note] == []
