"""Hostile input and hard stops: every input gets a defined outcome, never a traceback."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from northalign.cli import app
from northalign.errors import DocumentError
from northalign.ingest.load import build_document, extract
from northalign.match import Matcher
from northalign.text.normalize import normalize, tokenize

from conftest import MINI_RUBRIC, POLICIES, ROOT

runner = CliRunner()


def outcome(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def zip_bomb(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml", b"<w:document>" + b"0" * 60_000_000 + b"</w:document>"
        )
    path.write_bytes(buffer.getvalue())
    return path


def text_pdf_without_text(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50, style="F")
    path.write_bytes(bytes(pdf.output()))
    return path


DOCUMENTS = {
    "empty.txt": lambda p: p.write_bytes(b""),
    "blank.md": lambda p: p.write_bytes(b" \n\t\n  \n"),
    "binary.txt": lambda p: p.write_bytes(os.urandom(4096)),
    "image.pdf": lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(256)),
    "truncated.pdf": lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"),
    "scanned.pdf": text_pdf_without_text,
    "corrupt.docx": lambda p: p.write_bytes(b"PK\x03\x04" + os.urandom(512)),
    "bomb.docx": zip_bomb,
    "deep.html": lambda p: p.write_text(
        "<div>" * 50_000 + "dry port" + "</div>" * 50_000, encoding="utf-8"
    ),
    "huge-attrs.html": lambda p: p.write_text(
        "<p " + "a='x' " * 20_000 + ">Northern Sea Route</p>", encoding="utf-8"
    ),
    "few-nuls.txt": lambda p: p.write_bytes(b"The dry port opens. " * 400 + b"\x00" * 3),
    "many-nuls.txt": lambda p: p.write_bytes(b"dry\x00port\x00" * 200),
    "mixed-encodings.txt": lambda p: p.write_bytes(
        "Сухой порт. ".encode("cp1251") + "中蒙俄经济走廊。".encode() * 3
    ),
    "long-line.txt": lambda p: p.write_text(
        "dry port and railway bridge " * 30_000, encoding="utf-8"
    ),
    "a-directory": lambda p: p.mkdir(),
    "lying.docx": lambda p: p.write_text("Just text, not a Word file.", encoding="utf-8"),
    "control.txt": lambda p: p.write_bytes(bytes(range(1, 32)) * 100),
    "utf16-odd.txt": lambda p: p.write_bytes(b"\xff\xfeA\x00B"),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_document_ends_in_a_score_or_a_clear_error(tmp_path, name):
    path = tmp_path / name
    DOCUMENTS[name](path)
    started = time.monotonic()
    code, stdout, stderr = outcome("score", str(path), "--format", "json")
    assert time.monotonic() - started < 60
    assert code in (0, 2), (code, stderr)
    assert "Traceback" not in stderr
    if code == 2:
        assert str(path) in stderr and stderr.startswith("Error: ")
        assert stdout == ""
    else:
        json.loads(stdout)


def test_missing_path_and_size_limit(tmp_path):
    code, _, stderr = outcome("score", str(tmp_path / "nowhere.md"))
    assert code == 2 and "no such file" in stderr
    code, _, stderr = outcome("score", str(POLICIES / "amur.md"), "--max-bytes", "1000")
    assert code == 2 and "over the limit of 1,000" in stderr and "--max-bytes" in stderr


def test_a_few_nul_bytes_score_with_a_warning(tmp_path):
    path = tmp_path / "nuls.txt"
    DOCUMENTS["few-nuls.txt"](path)
    code, stdout, stderr = outcome("score", str(path), "--format", "json")
    assert code == 0 and "NUL byte(s) removed" in stderr
    assert json.loads(stdout)["profiles"][0]["indicators"]["logistics-hubs"]["hits"] > 0


# -- rubrics ----------------------------------------------------------------------------

PWNED = Path("/tmp/northalign-pwned")
RUBRICS = {
    "invalid-yaml": ("name: [unterminated\nvectors: {", "invalid YAML"),
    "python-tag": (
        MINI_RUBRIC.replace(
            "title: A small rubric for tests",
            f"title: !!python/object/apply:os.system ['touch {PWNED}']",
        ),
        "unsupported YAML tag",
    ),
    "python-name": (
        MINI_RUBRIC.replace(
            "source: written for northalign's tests", "source: !!python/name:os.system ''"
        ),
        "unsupported YAML tag",
    ),
    "alias-bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
            for i in range(9)
        )
        + "name: bomb\n",
        "unknown key",
    ),
    "unknown-key": (
        MINI_RUBRIC.replace("threshold: 88", "threshold: 88\ncolour: red"),
        "unknown key 'colour'",
    ),
    "duplicate-id": (
        MINI_RUBRIC.replace("- id: agro-food", "- id: resource-industries"),
        "duplicate id",
    ),
    "empty-terms": (
        MINI_RUBRIC.replace("en: [dairy industry, milk processing]", "en: []"),
        "is empty",
    ),
    "negative-weight": (
        MINI_RUBRIC.replace("    weight: 2", "    weight: -2"),
        "weight must be above 0",
    ),
    "nan-weight": (
        MINI_RUBRIC.replace("    weight: 2", "    weight: .nan"),
        "weight must be above 0",
    ),
    "infinite-weight": (
        MINI_RUBRIC.replace("    weight: 2", "    weight: .inf"),
        "weight must be above 0",
    ),
    "threshold-over-100": (
        MINI_RUBRIC.replace("threshold: 88", "threshold: 101"),
        "threshold must be",
    ),
    "threshold-negative": (
        MINI_RUBRIC.replace("threshold: 88", "threshold: -1"),
        "threshold must be",
    ),
    "deep-nesting": ("a: " + "[" * 5000 + "]" * 5000, "invalid YAML"),
    "not-utf8": ("\udcff", "is not UTF-8"),
}


@pytest.mark.parametrize("name", sorted(RUBRICS))
def test_every_bad_rubric_exits_2_naming_file_and_line(tmp_path, name):
    text, message = RUBRICS[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    code, _, stderr = outcome("score", str(POLICIES / "amur.md"), "--rubric", str(path))
    assert code == 2 and "Traceback" not in stderr
    assert f"{path}" in stderr and message in stderr, stderr
    if name not in ("alias-bomb", "not-utf8"):
        assert f"{path}:" in stderr  # a line number follows the file
    assert not PWNED.exists()


# -- outputs --------------------------------------------------------------------------


def test_unwritable_outputs_fail_before_any_work(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        for target in (tmp_path, locked / "report.json", tmp_path / "missing" / "report.json"):
            code, _, stderr = outcome(
                "batch",
                str(POLICIES / "amur.md"),
                str(POLICIES / "omsk.md"),
                "--format",
                "json",
                "--output",
                str(target),
            )
            if os.geteuid() == 0 and target.parent == locked:
                continue  # root writes anywhere
            assert code == 2 and str(target) in stderr
    finally:
        locked.chmod(0o700)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked"]  # no temporary files


# -- no network ----------------------------------------------------------------------


def test_no_network_ever(monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise AssertionError("northalign opened a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    docs = [str(POLICIES / "amur.md"), str(POLICIES / "xinjiang.zh.md")]
    for args in (
        ["compare", *docs, "--format", "html"],
        ["score", *docs, "--format", "json"],
        ["batch", *docs, str(POLICIES / "omsk.md"), "--format", "csv", "--jobs", "1"],
        ["evaluate", str(ROOT / "tests/data/gold/en.jsonl"), "--errors", "0"],
        ["explain", *docs, "-i", "water-use"],
        ["rubric", "show", "northern-cooperation"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.stderr)


def test_no_module_imports_a_network_library():
    # Dask (northalign/corpus/dask.py) talks to a scheduler only when --dask is given.
    banned = (
        "import socket",
        "import urllib",
        "import http",
        "import requests",
        "from urllib",
        "from http",
        "import httpx",
        "import aiohttp",
    )
    for path in (ROOT / "northalign").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not any(line.strip().startswith(banned) for line in text.splitlines()), path


# -- properties and fuzzing ---------------------------------------------------------------


def _load(data: bytes, suffix: str) -> None:
    try:
        document = build_document(extract(data, f"fuzz{suffix}", suffix), f"fuzz{suffix}")
    except DocumentError:
        return
    _MATCHER.find(document)


_MATCHER: Matcher


@pytest.fixture(scope="module", autouse=True)
def _matcher(rubric):
    global _MATCHER
    _MATCHER = Matcher(rubric)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.binary(max_size=4096), st.sampled_from(["", ".txt", ".md", ".html", ".pdf", ".docx", ".bin"])
)
def test_loaders_accept_any_bytes(data, suffix):
    _load(data, suffix)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_normalizer_and_matcher_accept_any_text(text):
    normalize(text)
    tokenize(text)
    _load(text.encode("utf-8", "surrogatepass"), ".md")


def _seeds() -> dict[str, bytes]:
    import docx
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "The Northern Sea Route and a dry port.")
    document = docx.Document()
    document.add_paragraph("Coal chemistry and technology transfer.")
    buffer = io.BytesIO()
    document.save(buffer)
    return {
        ".pdf": bytes(pdf.output()),
        ".docx": buffer.getvalue(),
        ".html": b"<html><body><h1>Plan</h1><p>Icebreakers and <b>dry ports</b>.</p><script>x()</script></body></html>",
        ".txt": "Транссибирская магистраль и 中蒙俄经济走廊.".encode(),
    }


SEEDS = _seeds()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(SEEDS)),
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=20),
    st.integers(0, 10_000),
)
def test_fuzz_every_loader_with_mutated_documents(suffix, flips, cut):
    data = bytearray(SEEDS[suffix])
    for position, value in flips:
        data[position % len(data)] = value
    _load(bytes(data[: max(1, cut % (len(data) + 1))]), suffix)


# -- interrupts ------------------------------------------------------------------------


def test_sigint_during_a_batch_leaves_whole_lines_and_resume_completes(tmp_path, rubric):
    from northalign.ingest.load import parse_text
    from northalign.pipeline import profile_document
    from northalign.render.jsonl import profile_line

    base = profile_document(
        parse_text((POLICIES / "amur.md").read_text(encoding="utf-8"), "seed"), rubric
    )
    profiles = tmp_path / "profiles.jsonl"
    with profiles.open("w", encoding="utf-8") as stream:
        for index in range(260):  # 33,670 pairs: long enough to interrupt mid-way
            line = json.loads(profile_line(base))
            line["document"]["path"] = f"doc-{index:03d}.md"
            for number, key in enumerate(line["indicators"]):
                line["indicators"][key]["score"] = ((index * 7 + number * 3) % 10) / 10
            stream.write(json.dumps(line) + "\n")
    out = tmp_path / "pairs.jsonl"
    command = [
        sys.executable,
        "-m",
        "northalign",
        "batch",
        "--profiles",
        str(profiles),
        "--format",
        "jsonl",
        "--output",
        str(out),
        "--quiet",
    ]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 200_000):
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n")
    written = [json.loads(line) for line in text.splitlines()]  # every line whole
    assert 0 < len(written) < 33_670
    assert [
        p.name for p in tmp_path.iterdir() if p.name.startswith(".")
    ] == []  # no temporary files
    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    keys = [
        (r["left"], r["right"])
        for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())
    ]
    assert len(keys) == len(set(keys)) == 33_670
