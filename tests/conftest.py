"""Shared fixtures; the test environment is pinned so reports are reproducible."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Pin what rich and the CLI read from the environment before anything imports them.
os.environ["NO_COLOR"] = "1"
os.environ["COLUMNS"] = "100"
os.environ.pop("FORCE_COLOR", None)
# Rubrics kept between processes (northalign.rubric.compiled) go to a folder of this run.
os.environ["NORTHALIGN_CACHE_DIR"] = tempfile.mkdtemp(prefix="northalign-tests-")

from northalign.match import Matcher
from northalign.rubric import Rubric, load_rubric, parse_rubric

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"
HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"

MINI_RUBRIC = """\
name: mini
version: "0.1"
title: A small rubric for tests
source: written for northalign's tests
threshold: 88
contexts:
  transport: {en: [railway, freight, road, rail]}
vectors:
  - id: strategy
    title: Strategy
    indicators:
      - id: resource-industries
        title: Resource industries
        terms:
          en: [coal chemistry, coal-chemical, deep processing of coal, coal]
          ru: [углехимия, глубокая переработка угля]
          zh: [煤化工]
      - id: agro-food
        title: Agro-food
        terms:
          en: [dairy industry, milk processing]
  - id: connectivity
    title: Connectivity
    weight: 2
    indicators:
      - id: transport-corridors
        title: Transport corridors
        terms:
          en: [railway, railway bridge, infrastructure, {term: NSR, case_sensitive: true}]
          ru: [Северный морской путь, железная дорога]
          zh: [中蒙俄经济走廊]
        exclude:
          en: [railway museum]
      - id: logistics-hubs
        title: Logistics hubs
        terms:
          en: [dry port, {term: hub, exact: true}, {term: terminal, context: transport},
               {term: port, context: [trade, border, customs]}]
frictions:
  - id: water-use
    title: Water use
    terms:
      en: [water scarcity, water withdrawal]
complements:
  - [resource-industries, transport-corridors]
"""


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    return load_rubric()


@pytest.fixture(scope="session")
def default_matcher(rubric: Rubric) -> Matcher:
    """The default rubric's matcher, built once for the session."""
    return Matcher(rubric)


@pytest.fixture(scope="session")
def mini() -> Rubric:
    return parse_rubric(MINI_RUBRIC, "mini.yaml")


#: Our own gold sets, with documents named: what the tests' learned model is trained on.
OWN_GOLD = sorted(Path(__file__).parent.joinpath("data", "gold").glob("*.jsonl"))


@pytest.fixture(scope="session")
def model_path(tmp_path_factory: pytest.TempPathFactory, rubric: Rubric) -> Path:
    """A model for the default rubric, trained once per session on our own gold sets."""
    from northalign.learning.train import learn

    path = tmp_path_factory.mktemp("model") / "own-gold.model.json"
    path.write_text(learn(OWN_GOLD, rubric).text, encoding="utf-8")
    return path
