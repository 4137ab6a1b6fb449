"""Every format and encoding, built on the fly, and every way a document can fail to load."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from northalign.cli import app
from northalign.errors import DocumentError
from northalign.ingest.load import load_document
from northalign.match import Matcher

RUSSIAN = (
    "Стратегия предусматривает развитие углехимической промышленности и глубокой переработки угля.\n"
    "Особое внимание уделяется Северному морскому пути."
)
CHINESE = "推进中蒙俄经济走廊建设，发展现代煤化工。加快满洲里口岸建设。"
TRADITIONAL = "推進中蒙俄經濟走廊建設，發展現代煤化工產業。加快滿洲里口岸建設。"


@pytest.fixture(scope="module")
def matcher(rubric):
    return Matcher(rubric)


def evidence(matcher, path):
    document = load_document(path)
    return document, {e.indicator for e in matcher.find(document)}, matcher.find(document)


def write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


# -- encodings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "label"),
    [("cp1251", "windows-1251"), ("koi8-r", "koi8-r"), ("utf-8-sig", "utf-8")],
)
def test_russian_in_legacy_encodings(matcher, tmp_path, encoding, label):
    path = write(tmp_path, "kuzbass.txt", RUSSIAN, encoding)
    document, indicators, found = evidence(matcher, path)
    assert document.encoding == label
    assert document.language == "ru"
    assert {"resource-industries", "northern-sea-route"} <= indicators
    assert "углехимической" in {e.text for e in found}


@pytest.mark.parametrize(("encoding", "label"), [("gb18030", "gb18030"), ("gbk", "gb18030")])
def test_simplified_chinese_in_gb18030(matcher, tmp_path, encoding, label):
    document, indicators, _ = evidence(matcher, write(tmp_path, "plan.txt", CHINESE, encoding))
    assert document.encoding == label and document.language == "zh"
    assert {"economic-corridors", "resource-industries", "border-policy"} <= indicators


def test_traditional_chinese_in_big5_matches_simplified_terms(matcher, tmp_path):
    document, indicators, found = evidence(
        matcher, write(tmp_path, "plan.txt", TRADITIONAL, "big5")
    )
    assert document.encoding == "big5"
    assert "economic-corridors" in indicators
    assert "中蒙俄經濟走廊" in {e.text for e in found}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_english(matcher, tmp_path, encoding):
    text = "The strategy supports the Northern Sea Route and new icebreakers.\n"
    document, indicators, _ = evidence(matcher, write(tmp_path, "plan.txt", text, encoding))
    assert document.encoding.startswith("utf-16")
    assert indicators == {"northern-sea-route"}


def test_word_hyphenated_across_a_line_break(matcher, tmp_path):
    text = "The region will build a new rail-\nway bridge across the river.\n"
    _, indicators, found = evidence(matcher, write(tmp_path, "plan.txt", text))
    assert indicators == {"transport-corridors"}
    assert [(e.text, e.line) for e in found] == [("new railway", 1)]


def test_soft_hyphens_ligatures_and_full_width_forms(matcher, tmp_path):
    text = "Tech\u00adnology trans\u00adfer and ﬁnancing; ＳＫＩＦ synchrotron.\n"
    _, indicators, _ = evidence(matcher, write(tmp_path, "plan.txt", text))
    assert {"commercialization", "research-base"} <= indicators


def test_form_feeds_mark_pages_in_text(matcher, tmp_path):
    text = "Introduction.\n\fThe Northern Sea Route matters.\n\fTechnology transfer too.\n"
    _, _, found = evidence(matcher, write(tmp_path, "plan.txt", text))
    assert [(e.indicator, e.page, e.line) for e in found] == [
        ("northern-sea-route", 2, 2),
        ("commercialization", 3, 3),
    ]


def test_mixed_languages_are_reported_per_segment(matcher, tmp_path):
    text = "The Northern Sea Route is a priority.\n\nРазвитие Северного морского пути.\n\n建设中蒙俄经济走廊。\n"
    document, _, found = evidence(matcher, write(tmp_path, "mixed.md", text))
    assert {language for language, _ in document.languages} == {"en", "ru", "zh"}
    assert [e.language for e in found] == ["en", "ru", "zh"]


# -- HTML -----------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><title>Amur Region Strategy</title>
<script>var teaser = "Belt and Road Initiative";</script>
<style>.x { content: "Belt and Road"; }</style></head>
<body>
<nav class="main-nav"><a href="/">Belt and Road news</a></nav>
<main>
<h1>Transport</h1>
<p>The strategy develops the
Northern Sea Route and new icebreakers.</p>
<ul><li>Technology transfer centres</li></ul>
<table><tr><td>Dry port</td><td>2030</td></tr></table>
</main>
<footer>Eurasian Economic Union portal</footer>
</body></html>
"""


def test_html_reads_the_text_and_nothing_from_scripts_or_navigation(matcher, tmp_path):
    document, indicators, found = evidence(matcher, write(tmp_path, "amur.html", HTML))
    assert document.format == "html" and document.title == "Amur Region Strategy"
    assert indicators == {"northern-sea-route", "commercialization", "logistics-hubs"}
    lines = HTML.split("\n")
    for item in found:
        assert item.text.split()[0] in lines[item.line - 1], item
    assert "initiative-alignment" not in indicators


def test_html_is_recognised_by_content(matcher, tmp_path):
    document, indicators, _ = evidence(matcher, write(tmp_path, "page.txt", HTML))
    assert document.format == "html" and "northern-sea-route" in indicators


# -- DOCX -----------------------------------------------------------------------------


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Harbin cooperation plan", level=1)
    document.add_paragraph("The province develops coal chemistry and deep processing of coal.")
    document.add_paragraph("Joint laboratories with Russian institutes", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Belt and Road Initiative"
    table.rows[0].cells[1].text = "2025"
    document.save(str(path))
    return path


def test_docx_paragraphs_lists_and_tables(matcher, tmp_path):
    document, indicators, _ = evidence(matcher, make_docx(tmp_path / "harbin.docx"))
    assert document.format == "docx" and document.title == "Harbin cooperation plan"
    assert {"resource-industries", "joint-research", "initiative-alignment"} <= indicators
    assert {s.kind for s in document.segments} >= {"heading", "item", "row", "sentence"}


# -- PDF ------------------------------------------------------------------------------

PDF_PAGES = [
    ["This strategy sets the goals of the region.", "It covers the years to 2035."],
    ["Transport.", "The Northern Sea Route needs icebreakers and year-round navigation."],
    ["Science.", "Technology transfer and technoparks link research to industry."],
]


def make_pdf(path: Path, pages=PDF_PAGES, *, header: str | None = None, encrypt: str | None = None):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)  # the footer must not spill onto a page of its own
    pdf.set_font("Helvetica", size=12)
    for number, lines in enumerate(pages, 1):
        pdf.add_page()
        if header:
            pdf.cell(0, 10, header, new_x="LMARGIN", new_y="NEXT")
        for line in lines:
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
        if header:
            pdf.set_y(-20)
            pdf.cell(0, 10, f"Page {number}")
    data = bytes(pdf.output())
    if encrypt is not None:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.encrypt(user_password=encrypt, owner_password="owner", algorithm="AES-128")
        buffer = io.BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
    path.write_bytes(data)
    return path


def test_three_page_pdf_reports_pages_and_lines(matcher, tmp_path):
    document, _, found = evidence(matcher, make_pdf(tmp_path / "plan.pdf"))
    assert document.format == "pdf" and len(document.pages) == 3
    assert {(e.indicator, e.page) for e in found} == {
        ("northern-sea-route", 2),
        ("commercialization", 3),
    }
    assert {e.line for e in found} == {2}  # the second line of its page


def test_running_headers_and_footers_are_dropped(matcher, tmp_path):
    path = make_pdf(tmp_path / "plan.pdf", header="Belt and Road regional strategy")
    _, indicators, found = evidence(matcher, path)
    assert "initiative-alignment" not in indicators  # only in the repeated header
    assert {e.page for e in found if e.indicator == "northern-sea-route"} == {2}


def test_pdf_with_only_an_owner_password_opens(matcher, tmp_path):
    _, indicators, _ = evidence(matcher, make_pdf(tmp_path / "open.pdf", encrypt=""))
    assert "northern-sea-route" in indicators


def test_pdf_recognised_by_content_despite_its_name(matcher, tmp_path):
    path = make_pdf(tmp_path / "plan.txt")
    assert load_document(path).format == "pdf"


# -- failures: exit 2, one line, the file named ----------------------------------------


def scanned_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 100, 150, style="F")  # an image-like page: no text at all
    path.write_bytes(bytes(pdf.output()))
    return path


FAILURES = {
    "scanned.pdf": (scanned_pdf, "without a text layer", "OCR"),
    "locked.pdf": (lambda p: make_pdf(p, encrypt="secret"), "encrypted", "qpdf"),
    "broken.docx": (lambda p: write(p.parent, p.name, b"PK\x03\x04" + b"\x00garbage" * 50), "not a readable DOCX", "save it again"),
    "photo.pdf": (lambda p: write(p.parent, p.name, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), "PNG image (despite its .pdf name)", "OCR"),
    "noise.txt": (lambda p: write(p.parent, p.name, bytes(range(256)) * 8), "not a text document", ".docx"),
    "truncated.pdf": (lambda p: write(p.parent, p.name, b"%PDF-1.7\n1 0 obj\n<<"), "PDF", "complete"),
    "empty.md": (lambda p: write(p.parent, p.name, b"  \n\n"), "is empty", "contains text"),
    "archive.zip": (lambda p: write(p.parent, p.name, b"PK\x03\x04" + b"\x00" * 40), "ZIP archive", "unpack"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_failures_exit_2_with_one_line_naming_the_file(tmp_path, name):
    make, message, hint = FAILURES[name]
    path = make(tmp_path / name)
    with pytest.raises(DocumentError, match=re.escape(message)):
        load_document(path)
    result = CliRunner().invoke(app, ["score", str(path)])
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith(f"Error: {path}: ")
    assert message in result.stderr and hint in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_standard_input(tmp_path):
    result = CliRunner().invoke(
        app, ["score", "-", "--format", "json"], input="Icebreakers for the Northern Sea Route."
    )
    assert result.exit_code == 0, result.stderr
    assert '"path": "<stdin>"' in result.stdout and "northern-sea-route" in result.stdout


def test_warnings_go_to_stderr(tmp_path):
    pages = [*PDF_PAGES, []]  # a fourth page with no text
    path = make_pdf(tmp_path / "partial.pdf", pages=pages)
    result = CliRunner().invoke(app, ["score", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert f"warning: {path}: 1 of 4 pages has no text layer" in result.stderr
