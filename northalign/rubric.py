"""YAML rubric → validated :class:`Rubric`; every error names the file and the line.

The YAML is composed into a node tree with the safe loader and validated node
by node, so each problem can point at its line, no YAML tag can construct a
Python object, and aliases are never expanded.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from northalign.errors import RubricError
from northalign.models import RubricStamp
from northalign.normalize import tokenize

DEFAULT_RUBRIC = "northern-cooperation"

#: Language codes a rubric may use for its term lists.
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Russian", "zh": "Chinese", "mn": "Mongolian"}

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{name}" for name in ("str", "int", "float", "bool", "null")}


@dataclass(frozen=True, slots=True)
class Term:
    """One rubric term in one language, with its per-term options."""

    text: str
    language: str
    line: int
    threshold: float | None = None  # fuzzy similarity 0–100; None: the rubric's
    case_sensitive: bool = False
    exact: bool = False  # no stemming, no typo tolerance


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    title: str
    vector: str
    weight: float
    terms: tuple[Term, ...]
    exclude: tuple[Term, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Vector:
    id: str
    title: str
    weight: float
    indicators: tuple[Indicator, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class FrictionDef:
    id: str
    title: str
    terms: tuple[Term, ...]
    exclude: tuple[Term, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Scoring:
    """How evidence becomes scores (see the README's scoring model)."""

    saturation: float = 1.5  # evidence units that give 1 - 1/e at the reference length
    reference_words: int = 1000  # longer documents need proportionally more evidence (sqrt)
    strong: float = 0.5  # an indicator at or above this is a priority of the document
    silent: float = 0.1  # below this the document is silent on the indicator


@dataclass(frozen=True)
class Rubric:
    """A validated rubric: vectors of indicators with multilingual terms."""

    name: str
    version: str
    title: str
    source: str
    vectors: tuple[Vector, ...]
    frictions: tuple[FrictionDef, ...] = ()
    complements: tuple[tuple[str, str], ...] = ()
    exclude: tuple[Term, ...] = ()
    threshold: float = 88.0
    scoring: Scoring = field(default_factory=Scoring)
    description: str = ""
    path: str = "<rubric>"
    sha256: str = ""

    @cached_property
    def indicators(self) -> dict[str, Indicator]:
        return {ind.id: ind for vector in self.vectors for ind in vector.indicators}

    @property
    def stamp(self) -> RubricStamp:
        return RubricStamp(self.name, self.version, self.sha256)


# --------------------------------------------------------------------------- loading


def bundled_rubrics() -> list[str]:
    """Names of the rubrics shipped inside the package."""
    folder = resources.files("northalign.rubrics")
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


def load_rubric(name_or_path: str | Path | None = None) -> Rubric:
    """Load a bundled rubric by name (default: northern-cooperation) or a YAML file by path."""
    spec = str(name_or_path) if name_or_path is not None else DEFAULT_RUBRIC
    if spec in bundled_rubrics() and not Path(spec).exists():
        resource = resources.files("northalign.rubrics").joinpath(f"{spec}.yaml")
        return parse_rubric(resource.read_bytes(), f"{spec} (bundled)")
    file = Path(spec)
    if not file.is_file():
        known = ", ".join(bundled_rubrics())
        what = "is a directory" if file.is_dir() else "no such rubric file"
        raise RubricError(
            what, path=spec, hint=f"give a path to a YAML rubric or a bundled name ({known})"
        )
    try:
        data = file.read_bytes()
    except OSError as error:
        raise RubricError(f"cannot read: {error.strerror or error}", path=spec) from None
    return parse_rubric(data, spec)


def parse_rubric(data: bytes | str, path: str = "<rubric>") -> Rubric:
    """Validate rubric YAML held in memory."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RubricError("is not UTF-8 text", path=path, hint="save the rubric as UTF-8") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise RubricError(
            f"invalid YAML: {error.problem or error.context}",
            path=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise RubricError(f"invalid YAML: {error}", path=path) from None
    if node is None:
        raise RubricError("is empty", path=path, hint="see the README's rubric format")
    return _RubricBuilder(path, hashlib.sha256(raw).hexdigest()).build(node)


# --------------------------------------------------------------------------- validation


class _RubricBuilder:
    """Walks the YAML node tree, checking every value against the rubric format."""

    def __init__(self, path: str, sha256: str) -> None:
        self.path = path
        self.sha256 = sha256
        self.threshold = 88.0
        self.ids: dict[str, int] = {}
        self._constructor = yaml.SafeLoader("")

    # -- helpers -----------------------------------------------------------------

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> RubricError:
        return RubricError(message, path=self.path, line=node.start_mark.line + 1, hint=hint)

    def mapping(
        self, node: yaml.Node, what: str, *, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping")
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node, f"a key of {what}")
            if not isinstance(key, str):
                raise self.fail(key_node, f"{what} has a non-text key {key!r}")
            if key in result:
                raise self.fail(key_node, f"duplicate key '{key}' in {what}")
            if key not in required and key not in optional:
                allowed = ", ".join((*required, *optional))
                raise self.fail(key_node, f"unknown key '{key}' in {what}", f"allowed: {allowed}")
            result[key] = value_node
        for key in required:
            if key not in result:
                raise self.fail(node, f"{what} is missing '{key}'")
        return result

    def scalar(self, node: yaml.Node, what: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"{what} must be a single value")
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(node, f"{what} has unsupported YAML tag {node.tag!r}")
        try:
            return self._constructor.construct_object(node)
        except (yaml.YAMLError, ValueError) as error:
            raise self.fail(node, f"{what}: {error}") from None

    def text(self, node: yaml.Node, what: str, *, allow_number: bool = False) -> str:
        value = self.scalar(node, what)
        if allow_number and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(node.value)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(node, f"{what} must be non-empty text")
        return value.strip()

    def number(
        self, node: yaml.Node, what: str, *, low: float, high: float, low_open: bool = False
    ) -> float:
        value = self.scalar(node, what)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(node, f"{what} must be a number, not {node.value!r}")
        value = float(value)
        too_low = value <= low if low_open else value < low
        if not math.isfinite(value) or too_low or value > high:
            bound = "above" if low_open else "at least"
            raise self.fail(
                node, f"{what} must be {bound} {low:g} and at most {high:g}, not {node.value}"
            )
        return value

    def boolean(self, node: yaml.Node, what: str) -> bool:
        value = self.scalar(node, what)
        if not isinstance(value, bool):
            raise self.fail(node, f"{what} must be true or false")
        return value

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        if not node.value:
            raise self.fail(node, f"{what} is empty")
        return list(node.value)

    def identifier(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        if not _ID_RE.match(value):
            raise self.fail(node, f"{what} '{value}' must be lowercase words joined by hyphens")
        if value in self.ids:
            raise self.fail(
                node, f"duplicate id '{value}' (first defined on line {self.ids[value]})"
            )
        self.ids[value] = node.start_mark.line + 1
        return value

    # -- structure ---------------------------------------------------------------

    def build(self, root: yaml.Node) -> Rubric:
        fields = self.mapping(
            root,
            "the rubric",
            required=("name", "version", "title", "source", "vectors"),
            optional=("description", "threshold", "scoring", "exclude", "frictions", "complements"),
        )
        if "threshold" in fields:
            self.threshold = self.number(fields["threshold"], "threshold", low=0, high=100)
        name = self.text(fields["name"], "name")
        if not _ID_RE.match(name):
            raise self.fail(
                fields["name"], f"name '{name}' must be lowercase words joined by hyphens"
            )
        vectors = tuple(self.vector(node) for node in self.sequence(fields["vectors"], "vectors"))
        frictions = (
            tuple(self.friction(node) for node in self.sequence(fields["frictions"], "frictions"))
            if "frictions" in fields
            else ()
        )
        indicators = {ind.id for vector in vectors for ind in vector.indicators}
        complements = (
            self.complements(fields["complements"], indicators) if "complements" in fields else ()
        )
        return Rubric(
            name=name,
            version=self.text(fields["version"], "version", allow_number=True),
            title=self.text(fields["title"], "title"),
            source=self.text(fields["source"], "source"),
            description=self.text(fields["description"], "description")
            if "description" in fields
            else "",
            vectors=vectors,
            frictions=frictions,
            complements=complements,
            exclude=self.terms(fields["exclude"], "exclude", allow_empty=True)
            if "exclude" in fields
            else (),
            threshold=self.threshold,
            scoring=self.scoring(fields["scoring"]) if "scoring" in fields else Scoring(),
            path=self.path,
            sha256=self.sha256,
        )

    def scoring(self, node: yaml.Node) -> Scoring:
        fields = self.mapping(
            node,
            "scoring",
            required=(),
            optional=("saturation", "reference_words", "strong", "silent"),
        )
        defaults = Scoring()
        saturation = (
            self.number(fields["saturation"], "scoring.saturation", low=0, high=1000, low_open=True)
            if "saturation" in fields
            else defaults.saturation
        )
        reference = (
            self.number(fields["reference_words"], "scoring.reference_words", low=1, high=1e9)
            if "reference_words" in fields
            else defaults.reference_words
        )
        strong = (
            self.number(fields["strong"], "scoring.strong", low=0, high=1, low_open=True)
            if "strong" in fields
            else defaults.strong
        )
        silent = (
            self.number(fields["silent"], "scoring.silent", low=0, high=1)
            if "silent" in fields
            else defaults.silent
        )
        if silent >= strong:
            raise self.fail(
                node, f"scoring.silent ({silent:g}) must be below scoring.strong ({strong:g})"
            )
        return Scoring(saturation, int(reference), strong, silent)

    def vector(self, node: yaml.Node) -> Vector:
        fields = self.mapping(
            node,
            "a vector",
            required=("id", "title", "indicators"),
            optional=("description", "weight"),
        )
        vector_id = self.identifier(fields["id"], "vector id")
        indicators = tuple(
            self.indicator(item, vector_id)
            for item in self.sequence(fields["indicators"], f"indicators of vector '{vector_id}'")
        )
        return Vector(
            id=vector_id,
            title=self.text(fields["title"], "title"),
            weight=self.weight(fields.get("weight")),
            indicators=indicators,
            description=self.text(fields["description"], "description")
            if "description" in fields
            else "",
        )

    def weight(self, node: yaml.Node | None) -> float:
        if node is None:
            return 1.0
        return self.number(node, "weight", low=0, high=1000, low_open=True)

    def indicator(self, node: yaml.Node, vector_id: str) -> Indicator:
        fields = self.mapping(
            node,
            "an indicator",
            required=("id", "title", "terms"),
            optional=("description", "weight", "exclude"),
        )
        indicator_id = self.identifier(fields["id"], "indicator id")
        return Indicator(
            id=indicator_id,
            title=self.text(fields["title"], "title"),
            vector=vector_id,
            weight=self.weight(fields.get("weight")),
            terms=self.terms(fields["terms"], f"terms of '{indicator_id}'"),
            exclude=self.terms(fields["exclude"], f"exclude of '{indicator_id}'", allow_empty=True)
            if "exclude" in fields
            else (),
            description=self.text(fields["description"], "description")
            if "description" in fields
            else "",
        )

    def friction(self, node: yaml.Node) -> FrictionDef:
        fields = self.mapping(
            node,
            "a friction",
            required=("id", "title", "terms"),
            optional=("description", "exclude"),
        )
        friction_id = self.identifier(fields["id"], "friction id")
        return FrictionDef(
            id=friction_id,
            title=self.text(fields["title"], "title"),
            terms=self.terms(fields["terms"], f"terms of '{friction_id}'"),
            exclude=self.terms(fields["exclude"], f"exclude of '{friction_id}'", allow_empty=True)
            if "exclude" in fields
            else (),
            description=self.text(fields["description"], "description")
            if "description" in fields
            else "",
        )

    def terms(self, node: yaml.Node, what: str, *, allow_empty: bool = False) -> tuple[Term, ...]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must map language codes to lists of terms")
        result: list[Term] = []
        seen_languages: set[str] = set()
        for key_node, value_node in node.value:
            language = self.scalar(key_node, f"a language code in {what}")
            if language not in LANGUAGES:
                known = ", ".join(LANGUAGES)
                raise self.fail(
                    key_node, f"unknown language code {language!r} in {what}", f"use one of {known}"
                )
            if language in seen_languages:
                raise self.fail(key_node, f"duplicate language '{language}' in {what}")
            seen_languages.add(language)
            items = self.sequence(value_node, f"{what} ({language})")
            result.extend(self.term(item, language, what) for item in items)
        if not result and not allow_empty:
            raise self.fail(node, f"{what} has no terms")
        return tuple(result)

    def term(self, node: yaml.Node, language: str, what: str) -> Term:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            fields = self.mapping(
                node,
                f"a term of {what}",
                required=("term",),
                optional=("threshold", "case_sensitive", "exact"),
            )
            text = self.text(fields["term"], f"a term of {what}", allow_number=True)
            threshold = (
                self.number(fields["threshold"], "threshold", low=0, high=100)
                if "threshold" in fields
                else None
            )
            case_sensitive = (
                self.boolean(fields["case_sensitive"], "case_sensitive")
                if "case_sensitive" in fields
                else False
            )
            exact = self.boolean(fields["exact"], "exact") if "exact" in fields else False
        else:
            text = self.text(node, f"a term of {what}", allow_number=True)
            threshold, case_sensitive, exact = None, False, False
        if not tokenize(text):
            raise self.fail(node, f"term {text!r} of {what} has no words once normalized")
        return Term(text, language, line, threshold, case_sensitive, exact)

    def complements(self, node: yaml.Node, indicators: set[str]) -> tuple[tuple[str, str], ...]:
        pairs: list[tuple[str, str]] = []
        for item in self.sequence(node, "complements"):
            if not isinstance(item, yaml.SequenceNode) or len(item.value) != 2:
                raise self.fail(item, "a complement must be a pair of indicator ids: [a, b]")
            first, second = (self.text(part, "complement") for part in item.value)
            for part, value in zip(item.value, (first, second), strict=True):
                if value not in indicators:
                    raise self.fail(part, f"complement names unknown indicator '{value}'")
            if first == second:
                raise self.fail(item, f"complement pairs '{first}' with itself")
            if (first, second) in pairs or (second, first) in pairs:
                raise self.fail(item, f"duplicate complement [{first}, {second}]")
            pairs.append((first, second))
        return tuple(pairs)
