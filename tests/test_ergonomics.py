"""Everyday rough edges: folders for score, rubric terms, edited rubrics, YAML faults,
counts, PDF titles and adjacent matches."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from northalign.cli import app
from northalign.errors import RubricError
from northalign.ingest.load import load_document, parse_text
from northalign.model import DocumentInfo, Evidence
from northalign.render.common import plural
from northalign.render.report import describe, quote
from northalign.render.rubric import validation_text
from northalign.rubric import load_rubric, parse_rubric

from conftest import MINI_RUBRIC, POLICIES, ROOT

runner = CliRunner()
BUNDLED = ROOT / "northalign" / "rubric" / "bundled" / "northern-cooperation.yaml"


# -- score reads folders as batch does ----------------------------------------------------


def test_score_reads_a_folder_as_batch_does(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.md").write_text("The region builds a dry port.\n", encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text("Icebreakers for the Northern Sea Route.\n")
    (tmp_path / "README.md").write_text("About this folder.\n")  # describes, is not a document
    (tmp_path / ".draft.md").write_text("Hidden.\n")
    (tmp_path / "table.csv").write_text("a,b\n")
    result = runner.invoke(app, ["score", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    paths = [p["document"]["path"] for p in json.loads(result.stdout)["profiles"]]
    assert paths == [str(tmp_path / "b.md"), str(tmp_path / "sub" / "a.txt")]


def test_score_refuses_a_folder_without_documents(tmp_path):
    result = runner.invoke(app, ["score", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {tmp_path}: holds no documents")
    assert "Traceback" not in result.stderr


# -- rubric show --terms ------------------------------------------------------------------


@pytest.fixture
def mini_path(tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINI_RUBRIC, encoding="utf-8")
    return str(path)


def test_rubric_show_terms_lists_terms_exclusions_and_contexts(mini_path):
    result = runner.invoke(app, ["rubric", "show", mini_path, "--terms"])
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "transport-corridors — Transport corridors · vector connectivity" in out
    assert "terms en (4): railway, railway bridge, infrastructure, NSR [case-sensitive]" in out
    assert "exclude en (1): railway museum" in out
    assert "terminal [context transport]" in out and "hub [exact]" in out
    assert "port [context: trade, border, customs]" in out
    assert "context transport en (4): railway, freight, road, rail" in out
    assert "water-use — Water use · friction" in out


def test_rubric_show_terms_of_one_indicator_in_one_language(mini_path):
    args = ["rubric", "show", mini_path, "--indicator", "resource-industries", "--lang", "ru"]
    out = runner.invoke(app, args).stdout
    assert "углехимия, глубокая переработка угля" in out
    assert "coal" not in out and "transport-corridors" not in out
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert data["language"] == "ru" and data["frictions"] == []
    [indicator] = data["indicators"]
    assert indicator["id"] == "resource-industries"
    assert [t["term"] for t in indicator["terms"]["ru"]] == [
        "углехимия",
        "глубокая переработка угля",
    ]
    assert set(indicator["terms"]) == {"ru"}


def test_rubric_show_terms_json_keeps_each_term_s_options(mini_path):
    data = json.loads(
        runner.invoke(app, ["rubric", "show", mini_path, "--terms", "-f", "json"]).stdout
    )
    hubs = next(i for i in data["indicators"] if i["id"] == "logistics-hubs")
    by_term = {t["term"]: t for t in hubs["terms"]["en"]}
    assert by_term["hub"]["exact"] is True
    assert by_term["terminal"]["context"] == "transport"
    assert by_term["port"]["context"] == ["trade", "border", "customs"]
    assert hubs["contexts"]["transport"]["en"][0]["term"] == "railway"


@pytest.mark.parametrize(
    ("option", "message"),
    [(["--indicator", "nowhere"], "no indicator, friction or vector 'nowhere'"),
     (["--lang", "xx"], "unknown language code 'xx'")],
)  # fmt: skip
def test_rubric_show_terms_refuses_unknown_ids(mini_path, option, message):
    result = runner.invoke(app, ["rubric", "show", mini_path, *option])
    assert result.exit_code == 2 and message in result.stderr


# -- an edited copy of a bundled rubric is reported as modified ---------------------------


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    text = BUNDLED.read_text(encoding="utf-8")
    assert "\n  saturation: 4 " in text
    path = tmp_path_factory.mktemp("rubric") / "northern-cooperation.yaml"
    path.write_text(text.replace("\n  saturation: 4 ", "\n  saturation: 5 "), encoding="utf-8")
    return str(path)


def test_an_edited_copy_of_a_bundled_rubric_is_modified(edited, tmp_path):
    assert load_rubric(edited).modified
    assert not load_rubric().modified
    same = tmp_path / "copy.yaml"
    same.write_bytes(BUNDLED.read_bytes())
    assert not load_rubric(str(same)).modified  # the same content under another path
    version = f'version: "{load_rubric().version}"'
    assert version in BUNDLED.read_text(encoding="utf-8")
    bumped = tmp_path / "bumped.yaml"
    bumped.write_text(
        Path(edited).read_text(encoding="utf-8").replace(version, version[:-1] + '-local"'),
        encoding="utf-8",
    )
    assert not load_rubric(str(bumped)).modified  # a version of its own: not passed off
    assert not parse_rubric(MINI_RUBRIC, "mini.yaml").modified  # no bundled rubric of that name


def test_modified_is_shown_wherever_the_rubric_stamp_is(edited):
    document = str(POLICIES / "amur.md")
    table = runner.invoke(app, ["score", document, "-r", edited]).stdout
    version = load_rubric().version
    assert f"rubric northern-cooperation {version} (modified) · sha256" in " ".join(table.split())
    data = json.loads(runner.invoke(app, ["score", document, "-r", edited, "-f", "json"]).stdout)
    assert data["rubric"]["modified"] is True
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["score", document, "-r", edited, "-f", "csv"]).stdout)))  # fmt: skip
    assert rows[0]["rubric_modified"] == "true"
    html = runner.invoke(app, ["score", document, "-r", edited, "-f", "html"]).stdout
    assert f"northern-cooperation {version} (modified)" in html
    bundled = json.loads(runner.invoke(app, ["score", document, "-f", "json"]).stdout)
    assert bundled["rubric"]["modified"] is False


def test_profiles_of_a_modified_rubric_read_back(edited, tmp_path):
    profiles = tmp_path / "profiles.jsonl"
    documents = [str(POLICIES / "amur.md"), str(POLICIES / "kemerovo.md")]
    written = runner.invoke(
        app, ["score", *documents, "-r", edited, "-f", "jsonl", "--output", str(profiles)]
    )
    assert written.exit_code == 0, written.stderr
    result = runner.invoke(
        app, ["batch", "--profiles", str(profiles), "-r", edited, "-f", "json", "--quiet"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["rubric"]["modified"] is True


# -- YAML syntax errors point at the fault ------------------------------------------------


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path):
    # The quote opened at line 13 runs on to the quote at line 29, where YAML fails.
    text = MINI_RUBRIC.replace("title: Resource industries", 'title: "Resource industries')
    text = text.replace("{term: NSR,", '{term: "NSR",')
    lines = text.splitlines()
    assert lines[12].endswith('"Resource industries') and '"NSR"' in lines[28]
    with pytest.raises(RubricError) as raised:
        parse_rubric(text, "quote.yaml")
    assert raised.value.line == 13
    assert "the quoted string opened here is not closed" in str(raised.value)
    path = tmp_path / "quote.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["rubric", "validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout.startswith(f"error: {path}:13:")


def test_an_unclosed_quote_to_the_end_of_the_file_is_reported_where_it_opens():
    text = MINI_RUBRIC.replace("title: A small rubric", 'title: "A small rubric')
    with pytest.raises(RubricError) as raised:
        parse_rubric(text, "eof.yaml")
    assert raised.value.line == 3


def test_other_yaml_errors_keep_their_own_line():
    text = MINI_RUBRIC.replace("zh: [煤化工]", "zh: [煤化工")
    with pytest.raises(RubricError) as raised:
        parse_rubric(text, "bracket.yaml")
    assert "quoted string" not in str(raised.value)
    assert raised.value.line is not None and raised.value.line >= 17


# -- counts agree with their nouns --------------------------------------------------------


def test_plural():
    assert [plural(n, "segment") for n in (0, 1, 2, 1388)] == [
        "0 segments", "1 segment", "2 segments", "1,388 segments"
    ]  # fmt: skip
    assert (
        plural(1, "match", "matches") == "1 match" and plural(3, "match", "matches") == "3 matches"
    )


def test_counts_in_reports_agree_with_their_nouns():
    info = DocumentInfo("a.pdf", "A", "en", segments=1, words=1, format="pdf", pages=1)
    assert describe(info) == "a.pdf · en · PDF, 1 page · 1 word · 1 segment"
    assert validation_text("r.yaml", [], []).strip() == "r.yaml: valid — 0 errors, 0 warnings"
    assert validation_text("r.yaml", ["bad"], []).splitlines()[-1].endswith("1 error, 0 warnings")


def test_batch_header_counts_one_pair():
    documents = [str(POLICIES / "amur.md"), str(POLICIES / "kemerovo.md")]
    out = runner.invoke(app, ["batch", *documents, "--quiet"]).stdout
    assert "2 documents · 1 pair" in out and "1 pairs" not in out


# -- PDF titles ---------------------------------------------------------------------------

BODY = [
    "The region builds a dry port near the border and extends",
    "the railway network to the border crossings.",
    "Technology transfer links research to industry.",
]


def _pdf(path: Path, first: str, *, size: int = 20, title: str | None = None) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    if title is not None:
        pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("Helvetica", size=size)
    pdf.cell(0, 10, first, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=12)
    for line in BODY:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def test_a_pdf_title_comes_from_its_metadata(tmp_path):
    path = _pdf(
        tmp_path / "plan.pdf", "Amur Region Strategy", title="Amur Region: Strategy to 2035"
    )
    assert load_document(path).title == "Amur Region: Strategy to 2035"


def test_a_pdf_title_comes_from_its_largest_type_not_merged_with_the_first_sentence(tmp_path):
    path = _pdf(tmp_path / "plan.pdf", "Amur Region Development Strategy")
    assert load_document(path).title == "Amur Region Development Strategy"


def test_a_pdf_s_short_first_line_is_its_heading(tmp_path):
    path = _pdf(tmp_path / "plan.pdf", "Amur Region Development Strategy", size=12)
    assert load_document(path).title == "Amur Region Development Strategy"


def test_a_file_name_in_the_metadata_is_no_title(tmp_path):
    path = _pdf(
        tmp_path / "plan.pdf", "The region has a plan.", size=12, title="Microsoft Word - plan.docx"
    )
    assert load_document(path).title == "The region has a plan."


# -- adjacent matches are one mark --------------------------------------------------------


def _evidence(text: str, term: str) -> Evidence:
    start = text.index(term)
    return Evidence(
        "logistics-hubs", term, term, 1, None, 100.0, text, (start, start + len(term)), 0
    )


def test_adjacent_matches_are_marked_as_one_span():
    sentence = "建设航空货运枢纽，发展临空经济。"
    marked = quote([_evidence(sentence, "航空货运"), _evidence(sentence, "枢纽")], "a.md")
    assert marked.marks == ((2, 8),)
    assert marked.pieces() == [("建设", False), ("航空货运枢纽", True), ("，发展临空经济。", False)]


def test_markdown_shows_adjacent_matches_in_one_emphasis(tmp_path):
    rubric = tmp_path / "air.yaml"
    rubric.write_text(
        MINI_RUBRIC.replace("en: [dairy industry, milk processing]",
                            "en: [dairy industry, milk processing]\n          zh: [航空货运, 枢纽]"),
        encoding="utf-8",
    )  # fmt: skip
    document = tmp_path / "air.md"
    document.write_text("# 规划\n\n建设航空货运枢纽，发展临空经济。\n", encoding="utf-8")
    args = ["score", str(document), "-r", str(rubric), "-f", "markdown", "--evidence", "3"]
    out = runner.invoke(app, args).stdout
    assert "**航空货运枢纽**" in out and "****" not in out
    assert parse_text("建设航空货运枢纽").language == "zh"
