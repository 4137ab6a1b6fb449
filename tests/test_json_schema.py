"""Every JSON output validates against its published schema, and the schemas are strict."""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from northalign.cli import app
from northalign.schemas import SCHEMAS

from conftest import POLICIES, ROOT

SCHEMA_DIR = ROOT / "northalign" / "schemas"
BUNDLED = sorted((ROOT / "northalign" / "rubric" / "bundled").glob("*.yaml"))
POLICY_FILES = sorted(p for p in POLICIES.glob("*.md") if p.name != "README.md")
TEST_DOCUMENTS = sorted((ROOT / "tests" / "data").glob("*/*.md"))
GOLD = ROOT / "tests" / "data" / "gold"


@cache
def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def validator(name: str, definition: str | None = None) -> Draft202012Validator:
    """The validator of schema ``name``, or of one of its ``$defs`` (refs still resolve)."""
    whole = schema(name)
    if definition is None:
        return Draft202012Validator(whole)
    return Draft202012Validator({**whole["$defs"][definition], "$defs": whole["$defs"]})


def errors(name: str, data: object, definition: str | None = None) -> list[str]:
    found = validator(name, definition).iter_errors(data)
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in found]


def check(name: str, data: object, definition: str | None = None) -> None:
    problems = errors(name, data, definition)
    assert not problems, problems[:5]


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def lines_of(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


# -- the schemas themselves -------------------------------------------------------------


def test_every_schema_is_valid_draft_2020_12_and_listed():
    assert sorted(SCHEMAS) == sorted(
        p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.json")
    )
    for name in SCHEMAS:
        Draft202012Validator.check_schema(schema(name))
        assert schema(name)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_shared_definitions_never_drift_apart():
    # Each schema stands alone (one file is enough to validate), so shared parts are copies.
    for name in SCHEMAS:
        if "stamp" in schema(name)["$defs"]:
            assert schema(name)["$defs"]["stamp"] == schema("score")["$defs"]["stamp"], name
    for part in ("profile", "document", "segment", "evidence", "part"):
        assert schema("compare")["$defs"][part] == schema("score")["$defs"][part], part
    assert schema("explain")["$defs"]["part"] == schema("score")["$defs"]["part"]
    # A JSONL line is the header of score's JSON and the fields of a profile.
    header = {k: v for k, v in schema("score")["properties"].items() if k != "profiles"}
    profile = schema("score")["$defs"]["profile"]["properties"]
    assert schema("score")["$defs"]["profile_line"]["properties"] == {**header, **profile}
    alignment = schema("compare")["$defs"]["alignment"]["properties"]
    success = schema("batch")["$defs"]["pair"]["oneOf"][0]["properties"]
    assert {k: success[k] for k in alignment} == alignment


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_command_prints_exactly_the_shipped_file(name):
    shipped = resources.files("northalign.schemas").joinpath(f"{name}.schema.json").read_bytes()
    result = CliRunner().invoke(app, ["schema", name])
    assert result.exit_code == 0
    assert result.stdout_bytes == shipped


def test_unknown_schema_is_a_one_line_error_exit_2():
    result = CliRunner().invoke(app, ["schema", "profiles"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: unknown schema 'profiles'")
    assert all(name in result.stderr for name in SCHEMAS)


# -- every kind of output validates -------------------------------------------------------


def test_score_json_of_every_policy_and_test_document():
    paths = [*POLICY_FILES, *TEST_DOCUMENTS]
    data = json.loads(invoke("score", *map(str, paths), "--format", "json"))
    check("score", data)
    assert {p["document"]["language"] for p in data["profiles"]} >= {"en", "ru", "zh"}
    assert sum(len(p["evidence"]) for p in data["profiles"]) > 100


def test_score_jsonl_lines_are_profile_lines():
    paths = [POLICIES / name for name in ("amur.md", "kemerovo.ru.md", "xinjiang.zh.md")]
    lines = lines_of(invoke("score", *map(str, paths), "--format", "jsonl"))
    assert len(lines) == len(paths)
    for line in lines:
        check("score", line, "profile_line")


@pytest.mark.parametrize("language", ["en", "ru", "zh"])
def test_score_json_of_gold_sentences_as_a_document(tmp_path, language):
    sentences = [
        json.loads(line)["text"] for line in (GOLD / f"{language}.jsonl").open(encoding="utf-8")
    ]
    path = tmp_path / f"gold-{language}.txt"
    path.write_text("\n\n".join(sentences), encoding="utf-8")
    data = json.loads(invoke("score", str(path), "--format", "json"))
    check("score", data)
    profile = data["profiles"][0]
    assert profile["document"]["language"] == language and profile["evidence"]


def test_score_json_of_pdf_html_and_docx_documents(tmp_path):
    from test_formats import HTML, make_docx, make_pdf

    html = tmp_path / "page.html"
    html.write_text(HTML, encoding="utf-8")
    paths = [make_pdf(tmp_path / "plan.pdf"), make_docx(tmp_path / "plan.docx"), html]
    data = json.loads(invoke("score", *map(str, paths), "--format", "json"))
    check("score", data)
    assert [p["document"]["format"] for p in data["profiles"]] == ["pdf", "docx", "html"]
    assert {s["page"] for s in data["profiles"][0]["segments"]} >= {2, 3}


def test_compare_json_and_jsonl():
    left, right = POLICIES / "inner-mongolia.zh.md", POLICIES / "novosibirsk.ru.md"
    data = json.loads(invoke("compare", str(left), str(right), "--format", "json"))
    check("compare", data)
    assert data["shared"] or data["gaps"] or data["complements"]
    (line,) = lines_of(invoke("compare", str(left), str(right), "--format", "jsonl"))
    check("batch", line, "pair")


def test_batch_json_and_every_jsonl_line(tmp_path):
    unreadable = tmp_path / "empty.md"
    unreadable.write_text("", encoding="utf-8")
    paths = [*map(str, POLICY_FILES[:2]), str(unreadable)]
    result = CliRunner().invoke(app, ["batch", *paths, "--format", "json"])
    data = json.loads(result.stdout)
    check("batch", data)
    assert any(d["error"] for d in data["documents"]) and any(p["error"] for p in data["pairs"])
    assert any(p["error"] is None for p in data["pairs"])
    result = CliRunner().invoke(app, ["batch", *paths, "--format", "jsonl"])
    lines = lines_of(result.stdout)
    assert len(lines) == len(data["pairs"])
    for line in lines:
        check("batch", line, "pair")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_rubric_show_json(path):
    check("rubric-show", json.loads(invoke("rubric", "show", path.stem, "--format", "json")))


@pytest.mark.parametrize(
    "options",
    [["--terms"], ["--indicator", "water-use"], ["--indicator", "connectivity", "--lang", "zh"]],
)
def test_rubric_terms_json(options):
    data = json.loads(invoke("rubric", "show", *options, "--format", "json"))
    check("rubric-terms", data)
    assert data["indicators"] or data["frictions"]


def test_explain_json():
    args = ["explain", str(POLICIES / "omsk.md"), str(POLICIES / "kemerovo.ru.md")]
    data = json.loads(invoke(*args, "-v", "strategy", "-i", "water-use", "--format", "json"))
    check("explain", data)
    evidence = [e for d in data["documents"] for e in d["evidence"]]
    assert evidence and any(d["rejected"] for d in data["documents"])
    assert any("parts" in e for e in evidence)


def test_evaluate_json():
    gold = [str(GOLD / f"{language}.jsonl") for language in ("en", "ru", "zh")]
    data = json.loads(invoke("evaluate", *gold, "--format", "json"))
    check("evaluate", data)
    assert data["errors"] and set(data["languages"]) == {"en", "ru", "zh"}


# -- with a learned model --------------------------------------------------------------------


@pytest.fixture(scope="module", params=["trained", "keen"])
def a_model(request, model_path, tmp_path_factory) -> str:
    """The session's model as trained, and a copy that marks many sentences (learned.py)."""
    if request.param == "trained":
        return str(model_path)
    from learned import keen_model

    return str(keen_model(model_path, tmp_path_factory.mktemp("keen")))


def test_score_compare_and_batch_json_with_a_model(a_model):
    paths = [POLICIES / name for name in ("kemerovo.md", "novosibirsk.md", "amur.md")]
    model = ["--model", a_model]
    data = json.loads(invoke("score", *map(str, paths), *model, "--format", "json"))
    check("score", data)
    assert data["model"]["name"] == Path(a_model).name.removesuffix(".json").removesuffix(".model")
    for line in lines_of(invoke("score", *map(str, paths), *model, "--format", "jsonl")):
        check("score", line, "profile_line")
        assert line["model"] == data["model"]
    data = json.loads(invoke("compare", *map(str, paths[:2]), *model, "--format", "json"))
    check("compare", data)
    assert data["left"]["model"] == data["model"] is not None
    batch = json.loads(invoke("batch", *map(str, paths), *model, "--format", "json"))
    check("batch", batch)
    assert batch["model"] == data["model"]
    if "keen" in a_model:
        sources = {e["source"] for side in ("left", "right") for e in data[side]["evidence"]}
        assert sources == {"rubric", "model"}


def test_explain_json_with_a_model(a_model, rubric):
    from northalign.learning.modelfile import load_model
    from northalign.pipeline import explain_paths
    from northalign.render.explain import explain_json

    args = ["explain", str(POLICIES / "kemerovo.md"), "-v", "strategy", "--format", "json"]
    check("explain", json.loads(invoke(*args, "--model", a_model)))
    model = load_model(a_model, rubric)
    explanation = explain_paths(
        [POLICIES / "kemerovo.md"], rubric, vectors=["strategy"], model=model
    )
    data = json.loads(explain_json(explanation, rubric, model.stamp))
    check("explain", data)
    if "keen" in a_model:
        (side,) = data["documents"]
        assert {e["source"] for e in side["evidence"]} == {"rubric", "model"}
        assert {r["source"] for r in side["rejected"]} == {"rubric", "model"}


def test_evaluate_json_with_a_model(model_path, tmp_path):
    gold = [str(GOLD / f"{language}.jsonl") for language in ("en", "ru", "zh")]
    check(
        "evaluate",
        json.loads(invoke("evaluate", *gold, "--model", str(model_path), "--format", "json")),
    )
    # A keen copy marks sentences the rubric did not: its errors name the model's evidence.
    from learned import keen_model

    keen = keen_model(model_path, tmp_path)
    data = json.loads(invoke("evaluate", *gold, "--model", str(keen), "--format", "json"))
    check("evaluate", data)
    assert data["model"]["name"] == "keen"
    marked = [e for error in data["errors"] for e in error["evidence"] if e["source"] == "model"]
    assert marked and all(0 < e["probability"] < 1 for e in marked)
    table = invoke("evaluate", *gold, "--model", str(keen), "--errors", "500")
    assert "with model keen" in table and "model 0." in table


def test_model_evidence_without_its_probability_is_refused():
    data = json.loads(
        invoke("compare", str(POLICIES / "amur.md"), str(POLICIES / "omsk.md"), "--format", "json")
    )
    item = data["left"]["evidence"][0]
    assert item["source"] == "rubric"
    check("compare", item, "evidence")
    assert errors("compare", {**item, "source": "model"}, "evidence")  # no probability, reasons
    assert errors("compare", {**item, "probability": 0.9, "reasons": []}, "evidence")
    del item["source"]
    assert errors("compare", item, "evidence")


# -- the rubric schema ----------------------------------------------------------------------


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_rubrics_validate_and_point_editors_at_the_schema(path):
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/rubric.schema.json"
    target = (path.parent / first.split("=", 1)[1]).resolve()
    assert target == (SCHEMA_DIR / "rubric.schema.json").resolve()
    check("rubric", yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


@pytest.mark.parametrize(
    "name", ["unknown-key.yaml", "negative-weight.yaml"], ids=lambda n: n.removesuffix(".yaml")
)
def test_rubric_schema_rejects_what_the_parser_rejects(name):
    data = yaml.safe_load((ROOT / "tests" / "data" / "rubrics" / name).read_text("utf-8"))
    assert errors("rubric", data)


@pytest.mark.parametrize(
    "mistake",
    [
        lambda r: r["vectors"][0]["indicators"][0]["terms"].update({"de": ["Hafen"]}),
        lambda r: r["vectors"][0]["indicators"][0].update({"weight": 0}),
        lambda r: r["vectors"][0]["indicators"][0].update({"id": "Dry Ports"}),
        lambda r: r["vectors"][0]["indicators"][0]["terms"]["en"].append(
            {"term": "x", "previous": True}
        ),
        lambda r: r["vectors"][0]["indicators"][0].update({"rules": [{"all": ["transport"]}]}),
        lambda r: r.update({"scoring": {"strong": 1.5}}),
        lambda r: r.pop("source"),
    ],
    ids=[
        "language",
        "weight",
        "id",
        "previous-without-context",
        "one-list-rule",
        "strong",
        "source",
    ],
)
def test_rubric_schema_catches_common_mistakes(mistake):
    rubric = yaml.safe_load(BUNDLED[0].read_text(encoding="utf-8"))
    check("rubric", rubric)
    mistake(rubric)
    assert errors("rubric", rubric)


# -- strictness of the output schemas -------------------------------------------------------


@cache
def compare_output() -> dict:
    left, right = POLICIES / "amur.md", POLICIES / "heilongjiang.zh.md"
    return json.loads(invoke("compare", str(left), str(right), "--format", "json"))


@pytest.mark.parametrize(
    "mistake",
    [
        lambda d: d["left"]["evidence"][0].update({"sentence": "…"}),
        lambda d: d["left"]["evidence"][0].pop("span"),
        lambda d: d["left"]["evidence"][0].update({"segment": "the whole sentence"}),
        lambda d: d["left"]["segments"][0].pop("text"),
        lambda d: d["left"]["document"].update({"format": "odt"}),
        lambda d: next(iter(d["alignment"]["indicators"].values())).update({"status": "strong"}),
        lambda d: d["gaps"].append({"indicator": "agro-food", "strong_side": "both", "left": 0, "right": 1}),
        lambda d: d.update({"schema_version": "1"}),
        lambda d: d["rubric"].update({"sha256": "7db1b6b4c311"}),
        lambda d: d["right"]["indicators"]["agro-food"].update({"score": 1.5}),
    ],
    ids=[
        "extra-key", "missing-span", "inline-sentence", "segment-text", "format", "status",
        "strong-side", "schema-1", "short-sha", "score-range",
    ],
)  # fmt: skip
def test_compare_schema_is_strict(mistake):
    data = copy.deepcopy(compare_output())
    check("compare", data)
    mistake(data)
    assert errors("compare", data)


def test_a_pair_is_either_figures_or_an_error():
    good = {
        "left": "a",
        "right": "b",
        "overall": 50.0,
        "unadjusted": 75.0,
        "quotes": {"left": 2, "right": 4},
        "thin_evidence": True,
        "vectors": {},
        "vector_quotes": {},
        "indicators": {},
        "frictions": {},
        "error": None,
    }
    check("batch", good, "pair")
    assert errors("batch", {**good, "error": "cannot read"}, "pair")
    assert errors("batch", {**good, "quotes": {"left": 2}}, "pair")
    failed = dict.fromkeys(good) | {"left": "a", "right": "b"}
    check("batch", {**failed, "error": "cannot read"}, "pair")
    assert errors("batch", {**failed, "error": None}, "pair")


def test_schemas_are_package_data():
    # Without it a wheel has no schemas and `northalign schema` fails once installed.
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"northalign.schemas" = ["*.schema.json"]' in pyproject
