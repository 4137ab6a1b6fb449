"""The model file is data: damaged, foreign or odd files are refused with one line; nothing runs."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from northalign.cli import app
from northalign.learning.features import SCHEME, SCHEME_VERSION
from northalign.learning.modelfile import FORMAT, FORMAT_VERSION, canonical, load_model, model_json
from northalign.model import Rubric
from northalign.rubric import load_rubric

from conftest import POLICIES

DOCUMENT = str(POLICIES / "amur.md")
LEARNING = Path(__file__).resolve().parent.parent / "northalign" / "learning"


def hand_model(rubric: Rubric, owners: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """A model's data written by hand: every owner silent unless ``owners`` says otherwise."""
    silent = {"intercept": -30.0, "threshold": None, "metrics": {}, "weights": {}}
    ids = [*rubric.indicators, *(friction.id for friction in rubric.frictions)]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "rubric": {"name": rubric.name, "version": rubric.version, "sha256": rubric.sha256},
        "features": {"scheme": SCHEME, "version": SCHEME_VERSION},
        "training": {"sha256": "0" * 64, "sentences": 0, "documents": 0, "files": []},
        "metrics": {},
        "owners": [{"id": owner, **silent, **(owners or {}).get(owner, {})} for owner in ids],
    }


def write_model(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(model_json(data), encoding="utf-8")
    return path


def score(*args: str):
    return CliRunner().invoke(app, ["score", DOCUMENT, "--format", "json", *args])


def assert_refused(result, *named: str) -> None:
    """Exit 2, nothing on stdout, one line on stderr naming ``named``, never a traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for name in named:
        assert name in lines[0]
    assert "Traceback" not in result.stderr and "unexpectedly" not in result.stderr


@pytest.fixture(scope="module")
def model_data(model_path: Path) -> dict[str, Any]:
    return json.loads(model_path.read_text(encoding="utf-8"))


def test_the_trained_file_is_accepted(model_path, rubric):
    assert score("--model", str(model_path)).exit_code == 0
    model = load_model(model_path, rubric)
    assert model.stamp.name == model_path.name.removesuffix(".model.json")
    assert model.stamp.rubric_sha256 == rubric.sha256
    assert [owner.id for owner in model.owners][: len(rubric.indicators)] == [*rubric.indicators]


def test_a_tampered_weight_is_refused(model_data, tmp_path):
    wrapper = json.loads(json.dumps(model_data))
    owner = next(entry for entry in wrapper["model"]["owners"] if entry["weights"])
    feature = sorted(owner["weights"])[0]
    owner["weights"][feature] += 1.5
    # Valid JSON with the old checksum: only the checksum can tell.
    path = tmp_path / "tampered.json"
    path.write_text(
        f'{{"checksum":"{wrapper["checksum"]}","model":{canonical(wrapper["model"])}}}\n',
        encoding="utf-8",
    )
    json.loads(path.read_text(encoding="utf-8"))
    assert_refused(score("--model", str(path)), str(path), "checksum")


def test_reformatted_json_is_refused(model_path, tmp_path):
    # Same data, other spelling: the checksum covers the bytes written, not a re-serialization.
    path = tmp_path / "pretty.json"
    path.write_text(json.dumps(json.loads(model_path.read_text()), indent=2) + "\n")
    assert_refused(score("--model", str(path)), str(path), "checksum")


def test_a_truncated_file_is_refused(model_path, tmp_path):
    path = tmp_path / "truncated.json"
    path.write_bytes(model_path.read_bytes()[: model_path.stat().st_size // 2])
    assert_refused(score("--model", str(path)), str(path), "not complete JSON")


def test_a_model_for_another_rubrics_hash_is_refused(model_data, tmp_path):
    data = json.loads(json.dumps(model_data["model"]))
    energy = load_rubric("energy-transition")
    data["rubric"]["sha256"] = energy.sha256
    path = write_model(tmp_path / "foreign.json", data)  # its checksum is right
    assert_refused(score("--model", str(path)), str(path), "trained for rubric", energy.sha256[:12])


def test_a_model_trained_for_energy_transition_is_refused_by_the_default_rubric(tmp_path):
    gold = tmp_path / "energy.tsv"
    rows = ["doc\tlang\ttext\tlabels"]
    for number in range(6):
        rows += [
            f"e{number}\ten\tSolar panels will cover the roof of school {number}.\trenewables",
            f"e{number}\ten\tThe museum {number} opens a new hall of old maps.\t",
        ]
    gold.write_text("\n".join(rows) + "\n", encoding="utf-8")
    model = tmp_path / "energy.model.json"
    learned = CliRunner().invoke(
        app, ["learn", str(gold), "--rubric", "energy-transition", "-o", str(model)]
    )
    assert learned.exit_code == 0, learned.stderr
    used = score("--model", str(model), "--rubric", "energy-transition")
    assert used.exit_code == 0, used.stderr
    assert_refused(score("--model", str(model)), str(model), "energy-transition")


def test_an_unknown_format_version_is_refused(model_data, tmp_path):
    data = json.loads(json.dumps(model_data["model"]))
    data["format_version"] = FORMAT_VERSION + 1
    path = write_model(tmp_path / "future.json", data)
    assert_refused(score("--model", str(path)), str(path), f"format {FORMAT_VERSION + 1}")


def test_another_feature_scheme_is_refused(model_data, tmp_path):
    data = json.loads(json.dumps(model_data["model"]))
    data["features"]["version"] = SCHEME_VERSION + 1
    path = write_model(tmp_path / "scheme.json", data)
    assert_refused(score("--model", str(path)), str(path), "feature scheme")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not json\n", "not complete JSON"),
        (b"\xff\xfe\x00garbage", "not complete JSON"),
        (b'{"checksum": "x", "model": []}\n', "not a northalign model file"),
        (b"[1, 2, 3]\n", "not a northalign model file"),
    ],
)
def test_files_that_are_not_models_are_refused(tmp_path, content, message):
    path = tmp_path / "not-a-model.json"
    path.write_bytes(content)
    assert_refused(score("--model", str(path)), str(path), message)


def test_missing_file_and_folder_are_refused(tmp_path):
    missing = tmp_path / "missing.model.json"
    assert_refused(score("--model", str(missing)), str(missing), "no such model file")
    assert_refused(score("--model", str(tmp_path)), str(tmp_path), "folder")


def test_no_bundled_model_for_energy_transition():
    result = score("--rubric", "energy-transition", "--model", "bundled")
    assert_refused(result, "no bundled model", "energy-transition")


@pytest.mark.parametrize(
    "owner",
    [
        {"weights": {"w:port": float("nan")}},
        {"weights": {"w:port": "1.0"}},
        {"intercept": True},
        {"threshold": float("inf")},
        {"weights": ["w:port"]},
    ],
)
def test_malformed_numbers_are_refused_even_with_a_right_checksum(rubric, tmp_path, owner):
    path = write_model(tmp_path / "odd.json", hand_model(rubric, {"agro-food": owner}))
    assert_refused(score("--model", str(path)), str(path), "malformed owner")


def test_owners_out_of_order_are_refused(rubric, tmp_path):
    data = hand_model(rubric)
    data["owners"].reverse()
    path = write_model(tmp_path / "reordered.json", data)
    assert_refused(score("--model", str(path)), str(path), "one model per indicator")


# Loading runs no code.

#: Modules and builtins that can turn data into running code.
CODE_MODULES = {"pickle", "cPickle", "marshal", "shelve", "dill", "yaml", "subprocess", "runpy"}
CODE_CALLS = {"eval", "exec", "compile", "__import__", "getattr", "globals", "locals"}


@pytest.mark.parametrize("module", ["modelfile.py", "classifier.py", "features.py"])
def test_the_loading_path_uses_nothing_that_runs_code(module):
    tree = ast.parse((LEARNING / module).read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported |= {f"{node.module}.{alias.name}" for alias in node.names}
    for name in imported:
        assert name.split(".")[0] not in CODE_MODULES, name
        # importlib.resources only finds the bundled file; nothing else of importlib.
        if name.startswith("importlib"):
            assert name == "importlib.resources", name
    called = {
        node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
    }
    assert not called & CODE_CALLS, called & CODE_CALLS
    # json.loads with hooks could build objects from the file: plain json.loads only.
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in {"loads", "load"}:
            assert not node.keywords, ast.unparse(node)


def test_strings_that_look_like_code_stay_data(rubric, tmp_path):
    marker = tmp_path / "ran"
    code = f"__import__('os').system('touch {marker}')"
    data = hand_model(
        rubric,
        {
            "agro-food": {
                "weights": {code: 1.0, "w:" + code: 2.0, f"p:{code} {code}": 3.0},
                "metrics": {code: 1.0},
            }
        },
    )
    data["training"]["files"] = [code, "!!python/object/apply:os.system ['touch x']"]
    data["rubric"]["name"] = code
    path = write_model(tmp_path / "codelike.json", data)
    model = load_model(path, rubric)
    agro = next(owner for owner in model.owners if owner.id == "agro-food")
    assert agro.weights == {code: 1.0, "w:" + code: 2.0, f"p:{code} {code}": 3.0}
    assert model.training["files"] == data["training"]["files"]
    result = score("--model", str(path))
    assert result.exit_code == 0, result.stderr
    assert not marker.exists()
