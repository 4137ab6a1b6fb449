import json

from typer.testing import CliRunner

from northalign.cli import app

from conftest import MINI_RUBRIC, ROOT

runner = CliRunner()


def test_rubric_list_shows_the_bundled_rubrics():
    result = runner.invoke(app, ["rubric", "list"])
    assert result.exit_code == 0
    assert "northern-cooperation" in result.stdout


def test_rubric_show_table_and_json():
    table = runner.invoke(app, ["rubric", "show", "northern-cooperation"])
    assert table.exit_code == 0
    for text in ("strategy —", "research-base", "friction: water-use", "sha256"):
        assert text in table.stdout
    data = json.loads(
        runner.invoke(app, ["rubric", "show", "northern-cooperation", "--format", "json"]).stdout
    )
    indicators = [i for v in data["vectors"] for i in v["indicators"]]
    assert len(indicators) == 16
    assert all(
        i["terms"]["en"] >= 8 and i["terms"]["ru"] >= 6 and i["terms"]["zh"] >= 6
        for i in indicators
    )
    assert data["rubric"]["name"] == "northern-cooperation" and len(data["rubric"]["sha256"]) == 64


def test_rubric_validate_accepts_the_default_rubric():
    result = runner.invoke(
        app, ["rubric", "validate", str(ROOT / "rubrics" / "northern-cooperation.yaml")]
    )
    assert result.exit_code == 0, result.stdout
    assert ": valid — 0 errors" in result.stdout


def test_rubric_validate_reports_every_error_with_file_and_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        MINI_RUBRIC.replace("    weight: 2", "    weight: -2").replace(
            "zh: [煤化工]", "xx: [煤化工]"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["rubric", "validate", str(path)])
    assert result.exit_code == 2
    errors = [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2
    assert all(line.startswith(f"error: {path}:") for line in errors)
    assert "invalid — 2 errors" in result.stdout


def test_rubric_validate_warns_without_failing(tmp_path):
    path = tmp_path / "warn.yaml"
    path.write_text(
        MINI_RUBRIC.replace(
            "[dairy industry, milk processing]",
            "[dairy industry, milk processing, railway bridge, '...']",
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["rubric", "validate", str(path)])
    assert result.exit_code == 0
    assert (
        "warning: " in result.stdout
        and "is in both" in result.stdout
        and "no words" in result.stdout
    )


def test_rubric_validate_on_invalid_yaml(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["rubric", "validate", str(path)])
    assert result.exit_code == 2 and "invalid YAML" in result.stdout and f"{path}:" in result.stdout
