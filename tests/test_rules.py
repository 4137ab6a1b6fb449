"""Rules (one phrase of each named list in a sentence) and reach to the previous sentence."""

from __future__ import annotations

import json

import pytest

from northalign.errors import RubricError
from northalign.evaluation.evaluate import evaluate
from northalign.evaluation.gold import GoldItem, read_gold, read_split
from northalign.ingest.load import parse_lines, parse_text
from northalign.match import Matcher
from northalign.rubric import lint, parse_rubric

RULES_RUBRIC = """\
name: rules
version: "1"
title: Rules under test
source: written for northalign's tests
contexts:
  partner: {en: [Chinese, Sino-Russian, Mongolian], ru: [китайский], zh: [中俄, 俄方]}
  science-actor: {en: [research institute, university, laboratory], ru: [научный институт],
                  zh: [科研院所]}
  money: {en: [investment, funding], ru: [инвестиции], zh: [投资]}
  science-object: {en: [science, research infrastructure], ru: [наука], zh: [科研]}
  bridge-word: {en: [bridge], ru: [мост], zh: [大桥]}
  cross-border: {en: [cross-border, Amur], ru: [Амур], zh: [跨境]}
  water: {en: [water], ru: [вода], zh: [水]}
  conflict: {en: [conflicting situations, dispute], ru: [конфликт], zh: [争端]}
vectors:
  - id: science
    title: Science
    indicators:
      - id: joint-research
        title: Joint research
        terms: {en: [joint laboratory], ru: [совместная лаборатория], zh: [联合实验室]}
        rules:
          - {all: [partner, science-actor]}
      - id: innovation-investment
        title: Money for science
        terms: {en: [venture fund], ru: [венчурный фонд], zh: [风险投资]}
        rules:
          - {all: [money, science-object]}
        exclude:
          en: [investment climate]
  - id: connectivity
    title: Connectivity
    indicators:
      - id: transport-corridors
        title: Transport corridors
        terms:
          en: [railway, {term: crossing, context: cross-border, previous: true}]
          ru: [железная дорога]
          zh: [铁路]
        rules:
          - {all: [bridge-word, cross-border], previous: true}
frictions:
  - id: water-use
    title: Water use
    terms: {en: [water withdrawal], ru: [водозабор], zh: [调水]}
    rules:
      - {all: [water, conflict]}
"""


@pytest.fixture(scope="module")
def rubric():
    return parse_rubric(RULES_RUBRIC, "rules.yaml")


@pytest.fixture(scope="module")
def matcher(rubric):
    return Matcher(rubric)


def found(matcher, text):
    return [(e.indicator, e.term, e.text, e.line) for e in matcher.find(parse_text(text, "t.md"))]


def test_rule_counts_when_every_list_is_in_the_sentence(matcher):
    text = "The region will run projects with Chinese research institutes and firms."
    evidence = matcher.find(parse_text(text, "t.md"))
    assert [(e.indicator, e.term, e.text) for e in evidence] == [
        ("joint-research", "partner + science-actor", "Chinese")
    ]
    parts = [(p.list, p.text, p.line, p.previous) for p in evidence[0].parts]
    assert parts == [
        ("partner", "Chinese", 1, False),
        ("science-actor", "research institutes", 1, False),
    ]


def test_rule_needs_every_list(matcher):
    assert found(matcher, "Chinese tourists visited the region.") == []
    assert found(matcher, "The university opened a new building.") == []


def test_rule_in_each_language(matcher):
    assert found(matcher, "Проекты с китайскими научными институтами.")[0][:2] == (
        "joint-research",
        "partner + science-actor",
    )
    assert found(matcher, "中俄科研院所开展合作。")[0][:2] == (
        "joint-research",
        "partner + science-actor",
    )
    assert found(matcher, "Investment to build research infrastructure for science.")[0][:2] == (
        "innovation-investment",
        "money + science-object",
    )


def test_one_phrase_never_fills_two_lists(rubric):
    both = rubric.contexts["partner"] + rubric.contexts["science-actor"]
    assert {t.text for t in both} >= {"Chinese", "university"}
    matcher = Matcher(rubric)
    # "Sino-Russian" is a partner only; without a science actor nothing counts.
    assert found(matcher, "A Sino-Russian meeting took place.") == []


def test_term_of_the_indicator_comes_first_and_rule_adds_nothing(matcher):
    text = "A joint laboratory with a Chinese university opened."
    assert found(matcher, text) == [("joint-research", "joint laboratory", "joint laboratory", 1)]


def test_exclusion_over_the_anchor_vetoes_the_rule(matcher):
    assert found(matcher, "The investment climate for science improved.") == []
    assert (
        found(matcher, "New investment in science was announced.")[0][0] == "innovation-investment"
    )


def test_friction_rule(matcher):
    text = "Conflicting situations may arise, for example over water."
    assert [row[:2] for row in found(matcher, text)] == [("water-use", "water + conflict")]


def test_previous_sentence_of_the_same_paragraph(matcher):
    text = (
        "A cross-border road bridge over the Amur is planned. The bridge will open in October.\n"
        "\n"
        "The bridge in the city park is closed for repairs."
    )
    evidence = matcher.find(parse_text(text, "t.md"))
    assert [(e.indicator, e.segment) for e in evidence] == [
        ("transport-corridors", "A cross-border road bridge over the Amur is planned."),
        ("transport-corridors", "The bridge will open in October."),
    ]
    reached = evidence[1].parts[1]
    assert (reached.list, reached.text, reached.previous) == ("cross-border", "cross-border", True)


def test_previous_reach_is_off_by_default(matcher):
    text = "Chinese delegates visited. The university signed nothing."
    assert found(matcher, text) == []


def test_term_context_may_reach_the_previous_sentence(matcher):
    text = "Trade across the Amur grows. The new crossing opens in May."
    assert found(matcher, text) == [("transport-corridors", "crossing", "crossing", 1)]
    assert found(matcher, "The new crossing opens in May.") == []


def test_explain_names_the_missing_list(matcher):
    document = parse_text("The bridge will open in October.", "t.md")
    evidence, rejected = matcher.explain(document, {"transport-corridors"})
    assert evidence == []
    reasons = [r.reason for r in rejected if r.term == "bridge-word + cross-border"]
    assert reasons == [
        "rule bridge-word + cross-border: no phrase of 'cross-border' in the sentence "
        "or the one before"
    ]


def test_find_and_explain_agree_with_rules(matcher):
    text = (
        "Projects with Chinese research institutes grow. A bridge over the Amur is planned.\n"
        "The bridge will open in October. Conflicting situations over water may arise."
    )
    document = parse_text(text, "t.md")
    owners = {"joint-research", "transport-corridors", "water-use", "innovation-investment"}
    explained, _ = matcher.explain(document, owners)
    assert explained == matcher.find(document)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("{all: [partner, nowhere]}", "names unknown list 'nowhere'"),
        ("{all: [partner]}", "needs at least two lists"),
        ("{all: [partner, partner]}", "names list 'partner' twice"),
        ("{all: [partner, money], previous: maybe}", "previous must be true or false"),
        ("{any: [partner, money]}", "unknown key 'any'"),
    ],
)
def test_bad_rules_are_errors_with_their_line(rule, message):
    text = RULES_RUBRIC.replace("- {all: [partner, science-actor]}", f"- {rule}")
    with pytest.raises(RubricError) as caught:
        parse_rubric(text, "bad.yaml")
    assert message in str(caught.value)
    assert "bad.yaml:23" in str(caught.value)


def test_previous_on_a_term_needs_a_context():
    text = RULES_RUBRIC.replace(
        "{term: crossing, context: cross-border, previous: true}",
        "{term: crossing, previous: true}",
    )
    with pytest.raises(RubricError, match="has 'previous' but no context"):
        parse_rubric(text, "bad.yaml")


def lint_with_money(money: str) -> list[str]:
    """Lint messages of the rules rubric with its 'money' list written as ``money``."""
    text = RULES_RUBRIC.replace(
        "money: {en: [investment, funding], ru: [инвестиции], zh: [投资]}", f"money: {money}"
    )
    return [p.message for p in lint(parse_rubric(text, "lint.yaml"))]


def test_lint_warns_about_rules_that_cannot_fire_and_unused_lists():
    messages = lint_with_money("{en: [investment, funding]}\n  spare: {en: [spare]}")
    assert (
        "rule money + science-object of 'innovation-investment' never fires in Russian: "
        "list 'money' has no ru phrases" in messages
    )
    assert "context list 'spare' is used by no term and no rule" in messages


def test_rules_parts_survive_json_and_profile_codec(rubric, tmp_path):
    from northalign.corpus.store import profile_dict, profile_from_dict
    from northalign.pipeline import profile_document

    document = parse_text("Projects with Chinese research institutes.", "t.md")
    profile = profile_document(document, rubric, Matcher(rubric))
    data = json.loads(json.dumps(profile_dict(profile)))
    assert data["evidence"][0]["parts"][1] == {
        "list": "science-actor",
        "term": "research institute",
        "text": "research institutes",
        "line": 1,
        "previous_sentence": False,
        "span": [22, 41],
    }
    again = profile_from_dict(data, rubric.stamp)
    assert again.evidence[0].parts == profile.evidence[0].parts


def test_lines_of_a_document_are_one_paragraph_a_line_each():
    document = parse_lines(["Headline without a stop", "A sentence. Another one."], "d")
    assert [(s.line, document.segment_text(s)) for s in document.segments] == [
        (1, "Headline without a stop"),
        (2, "A sentence."),
        (2, "Another one."),
    ]


def test_evaluate_scores_rows_of_a_document_in_context(rubric):
    rows = ["A bridge over the Amur is planned.", "The bridge will open in October."]
    labels = frozenset({"transport-corridors"})
    in_document = [
        GoldItem(f"d:{n}", text, "en", labels, n, "d.txt") for n, text in enumerate(rows, 1)
    ]
    alone = [GoldItem(f"s:{n}", text, "en", labels, n) for n, text in enumerate(rows, 1)]
    assert evaluate(in_document, rubric).indicators.labels["transport-corridors"].tp == 2
    assert evaluate(alone, rubric).indicators.labels["transport-corridors"].tp == 1


def test_gold_rows_name_their_document_and_a_split_selects_documents(rubric, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(
            json.dumps(
                {"id": f"{doc}:{n}", "doc": doc, "line": n, "lang": "en", "text": t, "labels": []}
            )
            for doc, n, t in [("a.txt", 1, "One."), ("a.txt", 2, "Two."), ("b.txt", 1, "Three.")]
        ),
        encoding="utf-8",
    )
    split = tmp_path / "split.tsv"
    split.write_text("# note\ndocument\tlanguage\tpart\na.txt\ten\tdev\nb.txt\ten\ttest\n")
    items = read_gold(gold, rubric)
    assert [i.document for i in items] == ["a.txt", "a.txt", "b.txt"]
    assert read_split(split, "test") == frozenset({"b.txt"})
    with pytest.raises(Exception, match="no document in part 'held-out'"):
        read_split(split, "held-out")


def test_a_phrase_without_letters_stands_in_every_language():
    messages = lint_with_money('{en: ["2035"]}')
    assert not any("list 'money'" in message for message in messages)


def test_validate_counts_notes_and_lists_them_on_request(tmp_path):
    from typer.testing import CliRunner

    from northalign.cli import app

    text = RULES_RUBRIC.replace(
        "terms: {en: [venture fund], ru: [венчурный фонд], zh: [风险投资]}",
        "terms: {en: [venture fund, joint laboratory fund], ru: [венчурный фонд], zh: [风险投资]}",
    )
    path = tmp_path / "notes.yaml"
    path.write_text(text, encoding="utf-8")
    plain = CliRunner().invoke(app, ["rubric", "validate", str(path)])
    assert plain.exit_code == 0
    assert plain.stdout.splitlines()[-1].endswith(
        "valid — 0 errors, 0 warnings, 1 note (--notes lists them)"
    )
    listed = CliRunner().invoke(app, ["rubric", "validate", str(path), "--notes"])
    assert "note: " in listed.stdout and "is shadowed by the longer" in listed.stdout
