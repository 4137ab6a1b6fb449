"""The rubric cache: a kept rubric and matcher find exactly what fresh ones find."""

from __future__ import annotations

import pickle

import pytest

from northalign.ingest.load import parse_text
from northalign.match import Matcher
from northalign.rubric import compiled, load_rubric, parse_rubric

#: The small bundled rubric, where a test is about the cache rather than the default rubric.
SMALL = "energy-transition"
TEXT = (
    "The region will build a cross-border railway bridge to Heihe. "
    "Совместные научные проекты с китайскими институтами. "
    "加快口岸基础设施建设。"
)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NORTHALIGN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("NORTHALIGN_NO_CACHE", raising=False)
    monkeypatch.setattr(compiled, "_rubrics", compiled.OrderedDict())
    monkeypatch.setattr(compiled, "_matchers", {})
    return tmp_path / "rubrics"


def _forget(monkeypatch):
    """A new process: nothing kept in memory, only on disk."""
    monkeypatch.setattr(compiled, "_rubrics", compiled.OrderedDict())
    monkeypatch.setattr(compiled, "_matchers", {})


def test_a_kept_rubric_matches_like_a_fresh_one(cache, monkeypatch):
    first = load_rubric()
    built = compiled.matcher_for(first)
    assert compiled.matcher_for(first) is built  # one matcher per rubric in a process
    assert len(list(cache.glob("*.pickle"))) == 1
    _forget(monkeypatch)
    again = load_rubric()
    assert again is not first and again.sha256 == first.sha256 and again.path == first.path
    kept = compiled.matcher_for(again)
    assert kept is not built
    document = parse_text(TEXT, "mixed.txt")
    assert kept.find(document) == Matcher(parse_rubric(_bundled_bytes(), first.path)).find(document)


def test_a_changed_rubric_or_path_gets_its_own_entry(cache, tmp_path):
    data = _bundled_bytes(SMALL)
    (tmp_path / "a.yaml").write_bytes(data)
    (tmp_path / "b.yaml").write_bytes(data + b"\n# an edit\n")
    for name in ("a.yaml", "b.yaml"):
        compiled.matcher_for(load_rubric(tmp_path / name))
    assert len(list(cache.glob("*.pickle"))) == 2
    assert compiled.cache_key(data, "a") != compiled.cache_key(data, "b")


def test_a_broken_entry_is_rebuilt(cache, monkeypatch):
    compiled.matcher_for(load_rubric(SMALL))
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    _forget(monkeypatch)
    rubric = load_rubric(SMALL)
    assert rubric.name == SMALL
    compiled.matcher_for(rubric)
    assert isinstance(pickle.loads(entry.read_bytes()), Matcher)


def test_the_cache_can_be_turned_off(cache, monkeypatch):
    monkeypatch.setenv("NORTHALIGN_NO_CACHE", "1")
    compiled.matcher_for(load_rubric(SMALL))
    assert not cache.exists()


def test_a_rubric_built_in_code_is_never_kept(cache):
    rubric = parse_rubric(_bundled_bytes(SMALL), "in code")
    assert compiled.matcher_for(rubric) is not compiled.matcher_for(rubric)
    assert not cache.exists()


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch, cache):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setenv("NORTHALIGN_CACHE_DIR", str(blocked))
    assert compiled.matcher_for(load_rubric(SMALL)).find(
        parse_text("Wind farms and solar parks.", "x.txt")
    )


def _bundled_bytes(name: str = "northern-cooperation") -> bytes:
    from importlib import resources

    return resources.files("northalign.rubric.bundled").joinpath(f"{name}.yaml").read_bytes()


def test_profiles_and_rubrics_survive_pickling_exactly():
    """Worker processes and the cache pickle them: every field must come back."""
    from northalign.pipeline import compare_paths

    comparison = compare_paths(
        "policies/inner-mongolia.md", "policies/kemerovo.ru.md", load_rubric()
    )
    assert pickle.loads(pickle.dumps(comparison)) == comparison
    rubric = load_rubric()
    copy = pickle.loads(pickle.dumps(rubric))
    assert copy.vectors == rubric.vectors and copy.contexts == rubric.contexts
