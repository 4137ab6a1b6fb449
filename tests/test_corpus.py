"""The sample corpus in policies/: enough documents, in the three languages, all documented."""

import json
from collections import Counter

from typer.testing import CliRunner

from northalign.cli import app

from conftest import POLICIES


def test_score_the_whole_corpus():
    paths = sorted(str(p) for p in POLICIES.iterdir())
    result = CliRunner().invoke(app, ["score", *paths, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    profiles = json.loads(result.stdout)["profiles"]
    digests = [p for p in profiles if not p["document"]["path"].endswith("README.md")]
    languages = Counter(p["document"]["language"] for p in digests)
    assert len(digests) >= 10
    assert languages["ru"] >= 3 and languages["zh"] >= 3, languages
    for profile in digests:
        words = profile["document"]["words"]
        assert 600 <= words <= 3000, (profile["document"]["path"], words)
        evidenced = {e["indicator"] for e in profile["evidence"]} & set(profile["indicators"])
        assert len(evidenced) >= 5, (profile["document"]["path"], evidenced)


def test_every_digest_is_listed_in_the_corpus_readme():
    readme = (POLICIES / "README.md").read_text(encoding="utf-8")
    for path in POLICIES.glob("*.md"):
        if path.name != "README.md":
            assert f"`{path.name}`" in readme, path.name


def test_chinese_digests_are_long_enough():
    for path in POLICIES.glob("*.zh.md"):
        han = sum("\u4e00" <= ch <= "\u9fff" for ch in path.read_text(encoding="utf-8"))
        assert han >= 1500, (path.name, han)
