"""A document mostly in a language the rubric has no terms for is flagged: its zeros
say nothing about its content."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from northalign.cli import app
from northalign.ingest.load import parse_text
from northalign.pipeline import profile_document
from northalign.rubric import parse_rubric

from conftest import POLICIES

# Written for this test: a short regional policy statement in Mongolian (Cyrillic).
MONGOLIAN = """\
Сэлэнгэ аймгийн хөгжлийн бодлого

Аймаг нь хөдөө аж ахуй, уул уурхайн салбарыг түлхүү хөгжүүлнэ. Хилийн боомтын \
дэд бүтцийг сайжруулж, төмөр замын сүлжээг өргөтгөнө. Эрдэм шинжилгээний \
байгууллагуудтай хамтран шинэ технологи нэвтрүүлнэ.
"""

ENGLISH_ONLY = """\
name: english-only
version: "1"
title: English terms only
source: written for northalign's tests
vectors:
  - id: connectivity
    title: Connectivity
    indicators:
      - id: transport
        title: Transport
        terms:
          en: [railway, border crossing]
"""


def _warnings(text: str, rubric) -> tuple[str, ...]:
    return profile_document(parse_text(text, "doc.md"), rubric).document.warnings


def test_a_mongolian_text_is_warned_about(rubric):
    document = parse_text(MONGOLIAN, "mn.md")
    assert document.language == "mn"
    [warning] = _warnings(MONGOLIAN, rubric)
    assert warning.startswith("the text is in Mongolian")
    assert "reflect the language, not the content" in warning
    assert "northern-cooperation" in warning


def test_a_language_the_rubric_reads_is_not_warned_about(rubric):
    assert _warnings("The region builds a railway to the border crossing.", rubric) == ()
    assert _warnings("Регион строит железную дорогу к пограничному переходу.", rubric) == ()
    assert _warnings("推进中蒙俄经济走廊建设。", rubric) == ()


def test_the_warning_depends_on_the_rubric():
    rubric = parse_rubric(ENGLISH_ONLY, "english-only.yaml")
    russian = "Регион строит железную дорогу к пограничному переходу и развивает логистику."
    [warning] = _warnings(russian, rubric)
    assert "Russian" in warning and "only English" in warning


def test_most_of_the_text_decides(rubric):
    english = "The region builds a railway bridge across the river to the border crossing. " * 4
    # An English strategy quoting a Mongolian passage is read: the rubric knows most of it.
    mostly_english = f"{english}\n\n{MONGOLIAN}"
    assert dict(parse_text(mostly_english).languages)["en"] > 0.5
    assert _warnings(mostly_english, rubric) == ()
    mostly_mongolian = f"{english}\n\n{MONGOLIAN}\n\n{MONGOLIAN}\n\n{MONGOLIAN}"
    share = dict(parse_text(mostly_mongolian).languages)["mn"]
    assert 0.5 < share < 0.995
    [warning] = _warnings(mostly_mongolian, rubric)
    assert warning.startswith(f"{share:.0%} of the text is in Mongolian")


@pytest.fixture
def mongolian_file(tmp_path):
    path = tmp_path / "selenge.mn.md"
    path.write_text(MONGOLIAN, encoding="utf-8")
    return str(path)


def test_score_warns_on_stderr_and_in_every_report(mongolian_file):
    runner = CliRunner()
    result = runner.invoke(app, ["score", mongolian_file, "--format", "json"])
    assert result.exit_code == 0
    assert f"warning: {mongolian_file}: the text is in Mongolian" in result.stderr
    [profile] = json.loads(result.stdout)["profiles"]
    assert any("reflect the language" in w for w in profile["document"]["warnings"])
    for format in ("table", "markdown", "html"):
        shown = runner.invoke(app, ["score", mongolian_file, "--format", format]).stdout
        assert "reflect the language" in " ".join(shown.split()), format


def test_compare_shows_the_warning_on_the_right_side(mongolian_file):
    other = str(POLICIES / "amur.md")
    result = CliRunner().invoke(app, ["compare", other, mongolian_file, "--format", "markdown"])
    assert result.exit_code == 0
    assert result.stderr.count("warning:") == 1 and mongolian_file in result.stderr
    a_side, b_side = result.stdout.split("- **B**", 1)
    assert "reflect the language" not in a_side
    assert "reflect the language" in b_side.split("## ", 1)[0]


def test_batch_warns_on_stderr(mongolian_file):
    other = str(POLICIES / "amur.md")
    result = CliRunner().invoke(app, ["batch", other, mongolian_file, "--format", "csv", "--quiet"])
    assert result.exit_code == 0
    assert f"warning: {mongolian_file}: the text is in Mongolian" in result.stderr
