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
                key = tuple(t.key for t in tokenize(term.text))
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
