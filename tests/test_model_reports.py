"""The learned model's evidence is told apart in every output, and its model named.

A model that fires often (tests/learned.py) scores two policies; every format
must mark its evidence ("model P" beside the location, its pushing words
highlighted), name the model beside the rubric, and keep the agreement the
rubric-only reports keep; JSON and CSV must carry source, probability, reasons
and the model stamp and read them back exactly; explain must say why the model
fired (features for and against) or held back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from learned import keen_model
from test_report_agreement import in_order, plain, quote_texts, sections
from typer.testing import CliRunner

from northalign.cli import app
from northalign.corpus.store import (
    csv_fields,
    profile_dict,
    profile_from_dict,
    profile_from_record,
    profile_from_row,
    profile_record,
    profile_row,
)
from northalign.learning.classifier import Classifier
from northalign.learning.modelfile import load_model
from northalign.model import Comparison, Rubric
from northalign.pipeline import compare_paths, explain_paths
from northalign.render import Format, render_comparison, render_profiles
from northalign.render.explain import explain_json, explain_text
from northalign.render.report import comparison_report, profile_report
from northalign.render.table import plain_console

from conftest import POLICIES

LEFT, RIGHT = POLICIES / "kemerovo.md", POLICIES / "novosibirsk.md"
#: Enough quotes that the model's evidence is among those shown, not only the rubric's.
EVIDENCE = 40
FORMATS = [Format.table, Format.markdown, Format.html]


@pytest.fixture(scope="module")
def keen_path(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return keen_model(model_path, tmp_path_factory.mktemp("keen"))


@pytest.fixture(scope="module")
def keen(keen_path: Path, rubric: Rubric) -> Classifier:
    return load_model(keen_path, rubric)


@pytest.fixture(scope="module")
def comparison(keen: Classifier, rubric: Rubric) -> Comparison:
    compared = compare_paths(LEFT, RIGHT, rubric, model=keen)
    for side in (compared.left, compared.right):
        assert side.model == keen.stamp
        assert any(item.source == "model" for item in side.evidence)
        assert any(item.source == "rubric" for item in side.evidence)
    return compared


def stamp_text(keen: Classifier) -> str:
    return f"with model keen (sha256 {keen.stamp.sha256[:12]})"


# --------------------------------------------------------------------------- reports


def test_the_report_model_marks_model_quotes_and_names_the_model(comparison, rubric, keen):
    report = comparison_report(comparison, rubric, evidence=EVIDENCE)
    assert report.stamp.endswith(" · " + stamp_text(keen))
    quoted = [q for s in report.sections for f in s.findings for q in f.quotes]
    marked = [q for q in quoted if q.model]
    assert marked and len(marked) < len(quoted)
    for quote in marked:
        (match,) = quote.matches  # one owner per finding: the model adds once per sentence
        assert match.probability is not None
        assert quote.note == f"model {match.probability:.2f}"
        # The words that pushed the model are highlighted like matched terms.
        assert any(highlighted for _piece, highlighted in quote.pieces())
    for quote in quoted:
        if not quote.model:
            assert "model" not in quote.note
    assert report.legend.startswith("model P: a sentence the learned model marked")


@pytest.mark.parametrize("format", FORMATS)
def test_every_format_marks_model_evidence_and_names_the_model(comparison, rubric, keen, format):
    report = comparison_report(comparison, rubric, evidence=EVIDENCE)
    text = render_comparison(
        comparison, rubric, format=format, evidence=EVIDENCE, console=plain_console(2000)
    )
    assert stamp_text(keen) in text
    assert report.legend in plain(text, format)
    marked = [q for s in report.sections for f in s.findings for q in f.quotes if q.model]
    lines = text.splitlines()
    for quote in marked:
        # The marker stands with the quote's own location, not somewhere else on the page.
        where = [line for line in lines if quote.location in line and quote.note in line]
        if format is Format.markdown:
            where = [line for line in lines if f"`{quote.location}` · _{quote.note}_" in line]
        assert where, (quote.location, quote.note)
    if format is Format.html:
        assert text.count('<span class="model-marker">model ') >= len(marked)
        assert re.search(r'<blockquote class="[ab]-side model">[^<]*<mark>', text)
    if format is Format.markdown:
        first = next(q for q in marked if q.pieces()[0][1] is False)
        assert re.search(r"\*\*[^*]+\*\*", "".join(f"**{p}**" for p, m in first.pieces() if m))


@pytest.mark.parametrize("format", FORMATS)
def test_with_model_evidence_every_format_shows_the_same_findings(comparison, rubric, format):
    """test_report_agreement's check, with the model's evidence among the quotes."""
    report = comparison_report(comparison, rubric, evidence=EVIDENCE)
    text = render_comparison(
        comparison, rubric, format=format, evidence=EVIDENCE, console=plain_console(2000)
    )
    shown = sections(plain(text, format), report, end="All evidence")
    locations = re.compile(r"policies/[\w.\-]+:\d+")
    for section, body in zip(report.sections, shown, strict=True):
        expected = []
        for finding in section.findings:
            expected += [finding.heading_text, *quote_texts(finding.quotes, format)]
        in_order(body, expected)
        assert len(locations.findall(body)) == sum(len(f.quotes) for f in section.findings)


@pytest.mark.parametrize("format", FORMATS)
def test_score_reports_mark_model_evidence(comparison, rubric, keen, format):
    profiles = [comparison.left]
    report = profile_report(profiles, rubric, evidence=EVIDENCE)
    text = render_profiles(
        profiles, rubric, format=format, evidence=EVIDENCE, console=plain_console(2000)
    )
    assert stamp_text(keen) in text
    assert report.legend and report.legend in plain(text, format)
    # Top terms count the model's sentences apart from the rubric's terms.
    rows = [row for v in report.profiles[0].vectors for row in v.indicators]
    assert any(re.search(r"(^|, )model( ×\d+)?$", row.top_terms) for row in rows)
    marked = [q for g in report.profiles[0].evidence for q in g.quotes if q.model]
    assert marked
    for quote in marked:
        assert quote.note in text


def test_rubric_only_reports_say_nothing_of_a_model(rubric):
    compared = compare_paths(LEFT, RIGHT, rubric)
    assert compared.left.model is None
    assert all(item.source == "rubric" for item in compared.left.evidence)
    report = comparison_report(compared, rubric, evidence=EVIDENCE)
    assert report.legend == ""
    for format in FORMATS:
        text = render_comparison(compared, rubric, format=format, evidence=EVIDENCE)
        assert "with model" not in text
        assert "model 0." not in text and "model-marker" not in text.replace(".model-marker", "")


# --------------------------------------------------------------------------- JSON and CSV


def test_json_carries_source_probability_reasons_and_the_model(comparison, rubric, keen):
    data = json.loads(render_comparison(comparison, rubric, format=Format.json))
    stamp = {"name": "keen", "sha256": keen.stamp.sha256, "rubric_sha256": rubric.sha256}
    assert data["model"] == stamp
    for side in ("left", "right"):
        assert data[side]["model"] == stamp
        evidence = data[side]["evidence"]
        assert {item["source"] for item in evidence} == {"rubric", "model"}
        for item in evidence:
            if item["source"] == "model":
                assert 0 < item["probability"] <= 1
                assert item["similarity"] == round(100 * item["probability"], 1)
                assert item["reasons"] and item["reasons"][0]["weight"] > 0
            else:
                assert "probability" not in item and "reasons" not in item
    rubric_only = json.loads(
        render_comparison(compare_paths(LEFT, RIGHT, rubric), rubric, format=Format.json)
    )
    assert rubric_only["model"] is None and rubric_only["left"]["model"] is None


def test_profiles_with_model_evidence_read_back_exactly(comparison, rubric):
    for profile in (comparison.left, comparison.right):
        assert profile_from_dict(profile_dict(profile), profile.rubric) == profile
        record = json.loads(json.dumps(profile_record(profile)))
        assert profile_from_record(record, "<test>") == profile


def test_profiles_written_before_models_read_as_the_rubric_alone(comparison):
    record = profile_record(comparison.left)
    del record["model"]
    record["evidence"] = [
        {k: v for k, v in item.items() if k not in ("source", "probability", "reasons")}
        for item in record["evidence"]
    ]
    old = profile_from_record(record, "<old>")
    assert old.model is None
    assert all(item.source == "rubric" and item.probability is None for item in old.evidence)


def test_a_profile_csv_row_names_the_model(comparison, rubric, keen):
    row = profile_row(comparison.left)
    assert {"model", "model_sha256"} <= set(csv_fields(rubric))
    assert (row["model"], row["model_sha256"]) == ("keen", keen.stamp.sha256)
    back = profile_from_row({k: str(v) for k, v in row.items()}, rubric)
    assert back.model == keen.stamp
    plain_row = profile_row(compare_paths(LEFT, RIGHT, rubric).left)
    assert plain_row["model"] == plain_row["model_sha256"] == ""
    assert profile_from_row({k: str(v) for k, v in plain_row.items()}, rubric).model is None


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("form", ["json", "table", "markdown"])
def test_fresh_cached_and_stored_runs_with_a_model_print_the_same(form, keen_path, tmp_path):
    documents = [str(LEFT), str(RIGHT), str(POLICIES / "amur.md")]
    model = ["--model", str(keen_path)]
    fresh = run("batch", *documents, *model, "--format", form)
    assert "keen" in fresh
    cache = ["--cache-dir", str(tmp_path / "cache")]
    run("batch", *documents, *model, *cache, "--format", form)  # fills it
    assert run("batch", *documents, *model, *cache, "--format", form) == fresh
    stored = tmp_path / "profiles.jsonl"
    run("score", *documents, *model, "--format", "jsonl", "--output", str(stored))
    assert run("batch", "--profiles", str(stored), *model, "--format", form) == fresh


# --------------------------------------------------------------------------- explain


@pytest.fixture(scope="module")
def explanation(keen, rubric):
    return explain_paths([LEFT], rubric, indicators=["development-models"], model=keen)


def test_explain_shows_why_the_model_fired_and_held_back(explanation, rubric, keen):
    (side,) = explanation.sides
    fired = [item for item in side.evidence if item.source == "model"]
    held = [r for r in side.rejected if r.reason.startswith("the model held back")]
    assert fired and held
    text = explain_text(explanation, rubric, plain_console(200), keen.stamp)
    assert stamp_text(keen) in text.splitlines()[0]
    text = " ".join(text.split())  # lines wrap where the terminal ends
    for item in fired:
        marker = f"development-models: model {item.probability:.2f} — for: "
        assert marker in text
        against = [name for name, weight in item.reasons if weight < 0]
        if against:
            assert f"; against: {against[0]} " in text
    assert "The model held back" in text
    held_part = text[text.index("The model held back") :]
    for rejection in held:
        reason = rejection.reason.removeprefix("the model held back: ")
        assert " ".join(reason.split()) in held_part
    # The rubric's near-misses keep their table; the model's are not squeezed into it.
    table = text[: text.index("The model held back")]
    assert "below its threshold" not in table


def test_explain_json_tells_the_model_from_the_rubric(explanation, rubric, keen):
    data = json.loads(explain_json(explanation, rubric, keen.stamp))
    assert data["model"]["sha256"] == keen.stamp.sha256
    (side,) = data["documents"]
    model = [item for item in side["evidence"] if item["source"] == "model"]
    assert model and all(item["reasons"] for item in model)
    assert any(reason["weight"] < 0 for item in model for reason in item["reasons"])
    sources = {r["source"] for r in side["rejected"]}
    assert sources == {"rubric", "model"}
    for rejected in side["rejected"]:
        assert (rejected["source"] == "model") == rejected["reason"].startswith(
            "the model held back"
        )
    assert "model" not in json.loads(explain_json(explanation, rubric))
