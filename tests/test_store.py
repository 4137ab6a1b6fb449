"""The one profile codec (corpus/store.py), the cache and reader built on it, and bounded
work on hostile input: segments cut to a maximum, each term listed at most 100 times."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from northalign.cli import app
from northalign.corpus import cache, store
from northalign.corpus.profiles import ProfileError, read_profiles
from northalign.ingest.load import load_document, parse_text
from northalign.match import Matcher
from northalign.pipeline import profile_document
from northalign.score import LISTED_PER_TERM, evidence_units, saturate
from northalign.text.segment import MAX_SEGMENT, segment_spans

from conftest import POLICIES

REPEATED = "dry port and railway bridge "  # two terms of the default rubric, no punctuation


@pytest.fixture(scope="module")
def matcher(rubric):
    return Matcher(rubric)


@pytest.fixture(scope="module")
def profiles(rubric, matcher):
    names = ("amur.md", "kemerovo.ru.md", "heilongjiang.zh.md")
    return [profile_document(load_document(POLICIES / name), rubric, matcher) for name in names]


# -- the codec --------------------------------------------------------------------------


def test_profiles_survive_json_exactly(profiles):
    for profile in profiles:
        data = json.loads(json.dumps(store.profile_record(profile), ensure_ascii=False))
        again = store.profile_from_record(data, "test")
        assert again.evidence == profile.evidence  # segment index, page, language included
        assert store.profile_dict(again) == store.profile_dict(profile)
        assert again.rubric == profile.rubric and again.document == profile.document


def test_each_quoted_sentence_is_written_once(profiles):
    profile = profiles[0]
    by_segment: dict[int, int] = {}
    for item in profile.evidence:
        by_segment[item.segment_index] = by_segment.get(item.segment_index, 0) + 1
    busiest = max(by_segment, key=by_segment.__getitem__)
    assert by_segment[busiest] >= 3
    sentence = next(e.segment for e in profile.evidence if e.segment_index == busiest)
    text = json.dumps(store.profile_dict(profile), ensure_ascii=False)
    assert text.count(json.dumps(sentence, ensure_ascii=False)) == 1
    # Read back, the evidence of one sentence shares one string.
    again = store.profile_from_dict(json.loads(text), profile.rubric)
    quoted = {id(e.segment) for e in again.evidence if e.segment_index == busiest}
    assert len(quoted) == 1


def test_csv_rows_read_back_as_scores(profiles, rubric):
    row = {k: str(v) for k, v in store.profile_row(profiles[1]).items()}
    again = store.profile_from_row(row, rubric)
    assert again.evidence == () and again.rubric == profiles[1].rubric
    assert store.profile_row(again) == store.profile_row(profiles[1])


def _schema_1_line(profile) -> dict:
    """A profile as northalign wrote it before schema 2: every evidence item with its sentence."""
    data = store.profile_record(profile)
    data["schema_version"] = "1"
    del data["segments"]
    for item, evidence in zip(data["evidence"], profile.evidence, strict=True):
        item.update(segment=evidence.segment, page=evidence.page, language=evidence.language)
    return data


def test_profiles_of_schema_1_are_a_clear_error_naming_the_file_and_the_fix(
    profiles, rubric, tmp_path
):
    stored = tmp_path / "old.jsonl"
    stored.write_text(json.dumps(_schema_1_line(profiles[0])) + "\n", encoding="utf-8")
    with pytest.raises(ProfileError) as raised:
        read_profiles(stored, rubric)
    message = raised.value.one_line()
    assert message.startswith(f"{stored}:1: holds profiles of JSON schema 1")
    assert "northalign score" in message
    result = CliRunner().invoke(app, ["batch", "--profiles", str(stored), str(stored)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "JSON schema 1" in result.stderr
    whole = tmp_path / "old.json"
    old = {
        k: v for k, v in _schema_1_line(profiles[0]).items() if k in ("schema_version", "rubric")
    }
    whole.write_text(json.dumps({**old, "profiles": []}, indent=2), encoding="utf-8")
    with pytest.raises(ProfileError, match=r"old\.json: holds profiles of JSON schema 1"):
        read_profiles(whole, rubric)
    unversioned = tmp_path / "unversioned.jsonl"
    line = store.profile_record(profiles[0])
    del line["schema_version"]
    unversioned.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="no schema_version"):
        read_profiles(unversioned, rubric)


def test_stored_profiles_of_this_schema_read_back(profiles, rubric, tmp_path):
    stored = tmp_path / "profiles.jsonl"
    stored.write_text(
        "".join(json.dumps(store.profile_record(p)) + "\n" for p in profiles), encoding="utf-8"
    )
    assert [p.evidence for p in read_profiles(stored, rubric)] == [p.evidence for p in profiles]


# -- the cache --------------------------------------------------------------------------


def test_cache_entries_are_profile_records_and_old_ones_are_never_read(
    profiles, rubric, tmp_path, monkeypatch
):
    profile = profiles[2]
    key = cache.cache_key(b"document bytes", rubric)
    cache.write_entry(tmp_path, key, profile, rubric)
    (entry,) = tmp_path.rglob("*.json")
    assert json.loads(entry.read_text(encoding="utf-8")) == json.loads(
        json.dumps(store.profile_record(profile))
    )
    hit = cache.read_entry(tmp_path, key, "moved.md", rubric)
    assert hit is not None and hit.document.path == "moved.md"
    assert hit.evidence == profile.evidence
    # An entry in the old format, even under the right key, is a miss (and is rewritten).
    entry.write_text(json.dumps(_schema_1_line(profile)), encoding="utf-8")
    assert cache.read_entry(tmp_path, key, "moved.md", rubric) is None
    # The format is part of the key: entries of another schema are never even looked up.
    monkeypatch.setattr(cache, "SCHEMA_VERSION", "1")
    assert cache.cache_key(b"document bytes", rubric) != key


@pytest.mark.parametrize("format", ["json", "markdown"])
def test_a_cache_hit_gives_the_same_report_as_a_fresh_run(tmp_path, format):
    args = ["score", str(POLICIES / "inner-mongolia.zh.md"), "--format", format]
    fresh = CliRunner().invoke(app, args).stdout
    cached = [*args, "--cache-dir", str(tmp_path)]
    assert CliRunner().invoke(app, cached).stdout == fresh  # a miss, written to the cache
    assert len(list(tmp_path.rglob("*.json"))) == 1
    assert CliRunner().invoke(app, cached).stdout == fresh  # a hit


# -- bounded work on hostile input ------------------------------------------------------


def test_a_term_is_listed_at_most_100_times_and_counted_every_time(rubric, matcher):
    text = "\n\n".join(f"Section {n}: the dry port grows." for n in range(250))
    document = parse_text(text, "repeated.md")
    found = matcher.find(document)
    profile = profile_document(document, rubric, matcher)
    ports = [e for e in profile.evidence if e.term == "dry port"]
    assert len(ports) == LISTED_PER_TERM == 100
    assert ports == [e for e in found if e.term == "dry port"][:100]  # the first, in order
    indicator = ports[0].indicator
    assert profile.indicators[indicator].hits == 250
    every = [e for e in found if e.indicator == indicator]
    assert profile.indicators[indicator].score == saturate(
        evidence_units(every), document.words, rubric
    )


def test_a_long_paragraph_without_punctuation_is_cut_between_lines():
    text = (REPEATED * 10 + "\n") * 300
    starts = {0, *(m.end() for m in re.finditer("\n", text))}
    spans = list(segment_spans(text))
    assert len(spans) > 1
    assert all(end - start <= MAX_SEGMENT for start, end, _ in spans)
    assert all(start in starts for start, _, _ in spans)  # each piece is whole lines


def test_text_without_spaces_is_cut_after_a_comma_or_at_the_maximum():
    with_commas = "中蒙俄经济走廊，建设" * 1000
    spans = list(segment_spans(with_commas))
    assert all(end - start <= MAX_SEGMENT for start, end, _ in spans)
    assert all(with_commas[end - 1] == "，" for _, end, _ in spans[:-1])
    bare = "中蒙俄经济走廊建设" * 1000
    assert [end - start for start, end, _ in segment_spans(bare)][:2] == [MAX_SEGMENT] * 2


def test_terms_are_found_on_their_own_lines_across_the_cuts(rubric, matcher):
    lines = [f"{REPEATED * 9}line {n} ends here" for n in range(200)]
    document = parse_text("\n".join(lines), "no-punctuation.txt")
    assert len(document.segments) > 10
    found = matcher.find(document)
    # Cuts fall between lines, so no occurrence is lost, and each quote is its own line's.
    assert len(found) == 200 * 9 * 2
    for item in found:
        assert item.text in lines[item.line - 1]
        assert f"line {item.line - 1} ends here" in item.segment or item.line == 1


def test_one_hostile_line_gives_small_json(tmp_path):
    # The 2.2 MB line of issue 12 gave 374 MB of JSON; a tenth of it, a few hundred bytes
    # per listed item and each quoted sentence once.
    path = tmp_path / "long-line.txt"
    path.write_text(REPEATED * 8000, encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(path), "--format", "json"])
    profile = json.loads(result.stdout)["profiles"][0]
    assert len(result.stdout.encode()) < path.stat().st_size / 2
    assert len(profile["evidence"]) == 2 * LISTED_PER_TERM
    hits = sum(i["hits"] for i in profile["indicators"].values())
    # A cut may fall inside "dry port" or "railway bridge": one occurrence lost per cut.
    cuts = profile["document"]["segments"] - 1
    assert 2 * 8000 - cuts <= hits <= 2 * 8000


def test_score_json_is_indented_with_one_evidence_item_per_line(profiles, rubric):
    from northalign.render.json import profiles_text

    text = profiles_text(profiles, rubric)
    data = json.loads(text)
    plain = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    items = [*data["profiles"][0]["segments"], *data["profiles"][0]["evidence"]]
    assert len(items) > 20
    for item in items:  # each whole, on its own line, indented under its list
        assert f"\n        {json.dumps(item, ensure_ascii=False)}" in text
    # Everything else is laid out as json.dumps(indent=2) lays it out.
    for profile in data["profiles"]:
        profile["segments"] = profile["evidence"] = []
    stripped = re.sub(r'("(?:segments|evidence)": )\[\n(?:        .*\n)*      \]', r"\1[]", text)
    assert stripped == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert len(text) < len(plain) * 0.8
