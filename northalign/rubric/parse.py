"""YAML rubric → validated :class:`Rubric`; every error names the file and the line.

The YAML is composed into a node tree with the safe loader and validated node
by node, so each problem can point at its line, no YAML tag can construct a
Python object, and aliases are never expanded.
"""

from __future__ import annotations

import hashlib
import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from northalign.errors import RubricError
from northalign.model import (
    LANGUAGES,
    FrictionDef,
    Indicator,
    Problem,
    Rubric,
    Rule,
    Scoring,
    Term,
    Vector,
)
from northalign.text.normalize import has_words

DEFAULT_RUBRIC = "northern-cooperation"

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{name}" for name in ("str", "int", "float", "bool", "null")}
_ALLOWED_TAGS = _SCALAR_TAGS | {f"{_STD}seq", f"{_STD}map"}
_STR_TAG = f"{_STD}str"


# --------------------------------------------------------------------------- loading


def bundled_rubrics() -> list[str]:
    """Names of the rubrics shipped inside the package."""
    folder = resources.files("northalign.rubric.bundled")
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


def load_rubric(name_or_path: str | Path | None = None) -> Rubric:
    """Load a bundled rubric by name (default: northern-cooperation) or a YAML file by path."""
    spec = str(name_or_path) if name_or_path is not None else DEFAULT_RUBRIC
    if spec in bundled_rubrics() and not Path(spec).exists():
        resource = resources.files("northalign.rubric.bundled").joinpath(f"{spec}.yaml")
        return _read(resource.read_bytes(), f"{spec} (bundled)")
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
    return _read(data, spec)


def _read(data: bytes, path: str) -> Rubric:
    """The rubric in ``data``: kept from an earlier read of the same bytes, or parsed."""
    # Imported here: the cache brings the matcher, which `import northalign.rubric` need not.
    from northalign.rubric.compiled import cached_rubric, remember

    rubric = cached_rubric(data, path)
    if rubric is None:
        rubric = parse_rubric(data, path)
        remember(rubric, data)
    return rubric


def parse_rubric(data: bytes | str, path: str = "<rubric>") -> Rubric:
    """Validate rubric YAML held in memory; raises :class:`RubricError` listing every error."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RubricError("is not UTF-8 text", path=path, hint="save the rubric as UTF-8") from None
    # libyaml's safe composer when PyYAML was built with it (ten times faster), else Python's.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(text, error, path) from None
    except yaml.YAMLError as error:
        raise RubricError(f"invalid YAML: {error}", path=path) from None
    except RecursionError:
        raise RubricError("invalid YAML: nested too deeply", path=path) from None
    if node is None:
        raise RubricError(
            "is empty", path=path, hint="see the rubric format in docs/writing-a-rubric.md"
        )
    builder = _RubricBuilder(path, hashlib.sha256(raw).hexdigest())
    try:
        rubric = builder.build(node)
    except _Invalid:
        rubric = None
    if builder.errors or rubric is None:
        first = builder.errors[0]
        more = len(builder.errors) - 1
        raise RubricError(
            first.message + (f" (and {more} more error{'s' * (more > 1)})" if more else ""),
            path=path,
            line=first.line,
            hint=first.hint,
            problems=tuple(str(problem) for problem in builder.errors),
        )
    from dataclasses import replace

    # lint() is not run here: it is for `rubric validate`, and loading must stay fast.
    return replace(rubric, warnings=tuple(builder.warnings), modified=_modified(rubric))


#: Lines that look like YAML structure (a list item, a key): a quoted string
#: holding one has swallowed the lines after an unclosed quote.
_STRUCTURE_RE = re.compile(r"\n[ \t]*(?:- |[\w-]+:(?:[ \t]|$))", re.MULTILINE)


def _syntax_error(text: str, error: yaml.MarkedYAMLError, path: str) -> RubricError:
    """The YAML error at the line of the fault.

    An unclosed quote is the usual fault, and YAML reports it far below: the
    string runs on to the end of the file, or to the next quote of its kind,
    where the parser fails. Then the quote's own line is the one to fix.
    """
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "malformed"
    opened = None
    if error.context == "while scanning a quoted scalar":
        opened = error.context_mark
    elif mark is not None:
        opened = _unclosed_quote(text, mark.index)
    if opened is not None and mark is not None and opened.line < mark.line:
        return RubricError(
            f"invalid YAML: the quoted string opened here is not closed on its line "
            f"(YAML read on to line {mark.line + 1}: {problem})",
            path=path,
            line=opened.line + 1,
            column=opened.column + 1,
            hint="close the quote, or remove it",
        )
    return RubricError(
        f"invalid YAML: {problem}",
        path=path,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
    )


def _unclosed_quote(text: str, before: int) -> yaml.Mark | None:
    """Where the last quoted string ending before ``before`` starts, if it runs over several
    lines and swallowed YAML structure (list items, keys) on the way: an unclosed quote."""
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.end_mark.index > before:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line < token.end_mark.line
                and _STRUCTURE_RE.search(text, token.start_mark.index, token.end_mark.index)
            ):
                found = token.start_mark
    except yaml.YAMLError:
        pass  # the tokens up to the error are all there is
    return found


def _modified(rubric: Rubric) -> bool:
    """Does ``rubric`` carry a bundled rubric's name and version with other content?"""
    bundled = _bundled_identity(rubric.name)
    return bundled is not None and bundled[0] == rubric.version and bundled[1] != rubric.sha256


@lru_cache(maxsize=8)
def _bundled_identity(name: str) -> tuple[str, str] | None:
    """(version, sha256) of the bundled rubric called ``name``; None when there is none.

    The version is read from its top-level ``version:`` line alone: composing the
    whole YAML would cost a rubric read from a file a second parse.
    """
    if name not in bundled_rubrics():
        return None
    data = resources.files("northalign.rubric.bundled").joinpath(f"{name}.yaml").read_bytes()
    version = ""
    for line in data.decode("utf-8-sig").splitlines():
        if line.startswith("version:"):
            node = yaml.compose(line, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            if isinstance(node, yaml.MappingNode) and node.value:
                version = str(node.value[0][1].value)
            break
    return version, hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- validation


class _Invalid(Exception):
    """Raised inside the builder to skip a part that has an error (already recorded)."""


class _RubricBuilder:
    """Walks the YAML node tree, checking every value against the rubric format.

    Every error is recorded; the part that holds it is skipped and the walk
    goes on, so ``rubric validate`` can report all problems at once.
    """

    def __init__(self, path: str, sha256: str) -> None:
        self.path = path
        self.sha256 = sha256
        self.threshold = 88.0
        self.ids: dict[str, int] = {}
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.context_names: set[str] = set()
        self.inline_contexts: dict[str, tuple[Term, ...]] = {}
        self._constructor = yaml.SafeLoader("")

    # -- helpers -----------------------------------------------------------------

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> _Invalid:
        self.errors.append(Problem(self.path, node.start_mark.line + 1, message, hint))
        return _Invalid()

    def warn(self, node: yaml.Node, message: str, hint: str | None = None) -> None:
        self.warnings.append(Problem(self.path, node.start_mark.line + 1, message, hint))

    def each(self, nodes: list[yaml.Node], build: Any) -> list[Any]:
        """Build every node, skipping (after recording) the ones with errors."""
        built = []
        for node in nodes:
            try:
                built.append(build(node))
            except _Invalid:
                continue
        return built

    def optional(self, fields: dict[str, yaml.Node], key: str, build: Any, default: Any) -> Any:
        if key not in fields:
            return default
        try:
            return build(fields[key])
        except _Invalid:
            return default

    def check_tag(self, node: yaml.Node, what: str) -> None:
        """Only plain YAML: a tag such as !!python/object is an error, never constructed."""
        if node.tag not in _ALLOWED_TAGS:
            raise self.fail(node, f"{what} has unsupported YAML tag {node.tag!r}")

    def mapping(
        self, node: yaml.Node, what: str, *, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, yaml.Node]:
        self.check_tag(node, what)
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping")
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node, f"a key of {what}")
            if not isinstance(key, str):
                raise self.fail(key_node, f"{what} has a non-text key {key!r}")
            if key in result:
                self.fail(key_node, f"duplicate key '{key}' in {what}")
                continue
            if key not in required and key not in optional:
                allowed = ", ".join((*required, *optional))
                self.fail(key_node, f"unknown key '{key}' in {what}", f"allowed: {allowed}")
                continue
            result[key] = value_node
        missing = [key for key in required if key not in result]
        if missing:
            raise self.fail(node, f"{what} is missing '{missing[0]}'")
        return result

    def scalar(self, node: yaml.Node, what: str) -> Any:
        self.check_tag(node, what)
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"{what} must be a single value")
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(node, f"{what} has unsupported YAML tag {node.tag!r}")
        if node.tag == _STR_TAG:  # most of a rubric: text needs no constructing
            return node.value
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
        self.check_tag(node, what)
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
            optional=(
                "description", "threshold", "scoring", "exclude", "contexts", "frictions",
                "complements",
            ),
        )  # fmt: skip
        self.threshold = self.optional(
            fields, "threshold", lambda n: self.number(n, "threshold", low=0, high=100), 88.0
        )
        name = self.optional(fields, "name", self.rubric_name, "")
        if "contexts" in fields:
            self.context_names = self.context_keys(fields["contexts"])
        contexts = self.optional(fields, "contexts", self.contexts, {})
        vectors = tuple(
            self.each(
                self.optional(fields, "vectors", lambda n: self.sequence(n, "vectors"), []),
                self.vector,
            )
        )
        frictions = tuple(
            self.each(
                self.optional(fields, "frictions", lambda n: self.sequence(n, "frictions"), []),
                self.friction,
            )
        )
        indicators = {ind.id for vector in vectors for ind in vector.indicators}
        complements = self.optional(
            fields, "complements", lambda n: self.complements(n, indicators), ()
        )
        if not vectors:
            raise _Invalid()
        return Rubric(
            name=name,
            version=self.optional(
                fields, "version", lambda n: self.text(n, "version", allow_number=True), ""
            ),
            title=self.optional(fields, "title", lambda n: self.text(n, "title"), ""),
            source=self.optional(fields, "source", lambda n: self.text(n, "source"), ""),
            description=self.description(fields),
            vectors=vectors,
            frictions=frictions,
            complements=complements,
            exclude=self.optional(
                fields, "exclude", lambda n: self.terms(n, "exclude", allow_empty=True), ()
            ),
            threshold=self.threshold,
            scoring=self.optional(fields, "scoring", self.scoring, Scoring()),
            path=self.path,
            sha256=self.sha256,
            contexts={**contexts, **self.inline_contexts},
        )

    def rubric_name(self, node: yaml.Node) -> str:
        name = self.text(node, "name")
        if not _ID_RE.match(name):
            raise self.fail(node, f"name '{name}' must be lowercase words joined by hyphens")
        return name

    def context_keys(self, node: yaml.Node) -> set[str]:
        if not isinstance(node, yaml.MappingNode):
            return set()
        return {key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)}

    def contexts(self, node: yaml.Node) -> dict[str, tuple[Term, ...]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, "contexts must map names to lists of phrases by language")
        result: dict[str, tuple[Term, ...]] = {}
        for key_node, value_node in node.value:
            try:
                name = self.text(key_node, "a context name")
                if not _ID_RE.match(name):
                    raise self.fail(
                        key_node, f"context name '{name}' must be lowercase words joined by hyphens"
                    )
                result[name] = self.terms(value_node, f"context '{name}'")
            except _Invalid:
                continue
        return result

    def scoring(self, node: yaml.Node) -> Scoring:
        fields = self.mapping(
            node,
            "scoring",
            required=(),
            optional=(
                "saturation",
                "reference_words",
                "strong",
                "silent",
                "evidence_prior",
                "thin_quotes",
            ),
        )
        defaults = Scoring()
        # name: (lowest, highest, lowest excluded)
        limits = {
            "saturation": (0.0, 1000.0, True),
            "reference_words": (1.0, 1e9, False),
            "strong": (0.0, 1.0, True),
            "silent": (0.0, 1.0, False),
            "evidence_prior": (0.0, 1000.0, False),
            "thin_quotes": (0.0, 1000.0, False),
        }
        values = {
            name: self.optional(
                fields,
                name,
                lambda n, name=name, low=low, high=high, open_=open_: self.number(
                    n, f"scoring.{name}", low=low, high=high, low_open=open_
                ),
                getattr(defaults, name),
            )
            for name, (low, high, open_) in limits.items()
        }
        saturation, reference = values["saturation"], values["reference_words"]
        strong, silent = values["strong"], values["silent"]
        if silent >= strong:
            raise self.fail(
                node, f"scoring.silent ({silent:g}) must be below scoring.strong ({strong:g})"
            )
        return Scoring(
            saturation,
            int(reference),
            strong,
            silent,
            values["evidence_prior"],
            int(values["thin_quotes"]),
        )

    def vector(self, node: yaml.Node) -> Vector:
        fields = self.mapping(
            node,
            "a vector",
            required=("id", "title", "indicators"),
            optional=("description", "weight"),
        )
        vector_id = self.identifier(fields["id"], "vector id")
        indicators = tuple(
            self.each(
                self.sequence(fields["indicators"], f"indicators of vector '{vector_id}'"),
                lambda item: self.indicator(item, vector_id),
            )
        )
        if not indicators:
            raise _Invalid()
        return Vector(
            id=vector_id,
            title=self.text(fields["title"], "title"),
            weight=self.optional(fields, "weight", self.weight, 1.0),
            indicators=indicators,
            description=self.description(fields),
        )

    def description(self, fields: dict[str, yaml.Node]) -> str:
        text: str = self.optional(fields, "description", lambda n: self.text(n, "description"), "")
        return text

    def exclusions(self, fields: dict[str, yaml.Node], owner: str) -> tuple[Term, ...]:
        terms: tuple[Term, ...] = self.optional(
            fields,
            "exclude",
            lambda n: self.terms(n, f"exclude of '{owner}'", allow_empty=True),
            (),
        )
        return terms

    def weight(self, node: yaml.Node) -> float:
        return self.number(node, "weight", low=0, high=1000, low_open=True)

    def indicator(self, node: yaml.Node, vector_id: str) -> Indicator:
        fields = self.mapping(
            node,
            "an indicator",
            required=("id", "title", "terms"),
            optional=("description", "weight", "exclude", "rules"),
        )
        indicator_id = self.identifier(fields["id"], "indicator id")
        return Indicator(
            id=indicator_id,
            title=self.text(fields["title"], "title"),
            vector=vector_id,
            weight=self.optional(fields, "weight", self.weight, 1.0),
            terms=self.terms(fields["terms"], f"terms of '{indicator_id}'", owner=indicator_id),
            exclude=self.exclusions(fields, indicator_id),
            description=self.description(fields),
            rules=self.rules(fields, indicator_id),
        )

    def friction(self, node: yaml.Node) -> FrictionDef:
        fields = self.mapping(
            node,
            "a friction",
            required=("id", "title", "terms"),
            optional=("description", "exclude", "rules"),
        )
        friction_id = self.identifier(fields["id"], "friction id")
        return FrictionDef(
            id=friction_id,
            title=self.text(fields["title"], "title"),
            terms=self.terms(fields["terms"], f"terms of '{friction_id}'", owner=friction_id),
            exclude=self.exclusions(fields, friction_id),
            description=self.description(fields),
            rules=self.rules(fields, friction_id),
        )

    def rules(self, fields: dict[str, yaml.Node], owner: str) -> tuple[Rule, ...]:
        if "rules" not in fields:
            return ()
        try:
            nodes = self.sequence(fields["rules"], f"rules of '{owner}'")
        except _Invalid:
            return ()
        return tuple(self.each(nodes, lambda node: self.rule(node, owner)))

    def rule(self, node: yaml.Node, owner: str) -> Rule:
        what = f"a rule of '{owner}'"
        fields = self.mapping(node, what, required=("all",), optional=("previous",))
        parts: list[str] = []
        for part in self.sequence(fields["all"], f"'all' of {what}"):
            name = self.context_name(part, f"{what} names unknown list")
            if name in parts:
                raise self.fail(part, f"{what} names list '{name}' twice")
            parts.append(name)
        if len(parts) < 2:
            raise self.fail(
                fields["all"],
                f"{what} needs at least two lists",
                "for one list, give its phrases as terms",
            )
        previous = self.optional(fields, "previous", lambda n: self.boolean(n, "previous"), False)
        return Rule(tuple(parts), node.start_mark.line + 1, previous)

    def terms(
        self, node: yaml.Node, what: str, *, allow_empty: bool = False, owner: str | None = None
    ) -> tuple[Term, ...]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must map language codes to lists of terms")
        result: list[Term] = []
        seen_languages: set[str] = set()
        for key_node, value_node in node.value:
            try:
                language = self.scalar(key_node, f"a language code in {what}")
                if language not in LANGUAGES:
                    known = ", ".join(LANGUAGES)
                    raise self.fail(
                        key_node,
                        f"unknown language code {language!r} in {what}",
                        f"use one of {known}",
                    )
                if language in seen_languages:
                    raise self.fail(key_node, f"duplicate language '{language}' in {what}")
                seen_languages.add(language)
                items = self.sequence(value_node, f"{what} ({language})")
            except _Invalid:
                continue
            result.extend(
                term
                for term in self.each(
                    items, lambda item, language=language: self.term(item, language, what, owner)
                )
                if term is not None
            )
        if (
            not result
            and not allow_empty
            and not any(
                problem.line and problem.line >= node.start_mark.line + 1 for problem in self.errors
            )
        ):
            raise self.fail(node, f"{what} has no terms")
        return tuple(result)

    def term(self, node: yaml.Node, language: str, what: str, owner: str | None) -> Term | None:
        line = node.start_mark.line + 1
        context: str | None = None
        if isinstance(node, yaml.MappingNode):
            fields = self.mapping(
                node,
                f"a term of {what}",
                required=("term",),
                optional=("threshold", "case_sensitive", "exact", "context", "previous"),
            )
            text = self.text(fields["term"], f"a term of {what}", allow_number=True)
            threshold = self.optional(
                fields, "threshold", lambda n: self.number(n, "threshold", low=0, high=100), None
            )
            case_sensitive = self.optional(
                fields, "case_sensitive", lambda n: self.boolean(n, "case_sensitive"), False
            )
            exact = self.optional(fields, "exact", lambda n: self.boolean(n, "exact"), False)
            if "context" in fields:
                context = self.term_context(fields["context"], f"{owner or what}/{text}")
            previous = self.optional(
                fields, "previous", lambda n: self.boolean(n, "previous"), False
            )
            if previous and context is None:
                raise self.fail(
                    fields["previous"],
                    f"term {text!r} of {what} has 'previous' but no context",
                    "'previous: true' lets the context reach the previous sentence",
                )
        else:
            text = self.text(node, f"a term of {what}", allow_number=True)
            threshold, case_sensitive, exact, previous = None, False, False, False
        if not has_words(text):
            self.warn(node, f"term {text!r} of {what} has no words once normalized; it is ignored")
            return None
        return Term(text, language, line, threshold, case_sensitive, exact, context, previous)

    def context_name(self, node: yaml.Node, unknown: str) -> str:
        """The name of a list under ``contexts``; ``unknown`` begins the error if there is none."""
        name = self.text(node, "a context name")
        if name not in self.context_names:
            known = ", ".join(sorted(self.context_names)) or "none defined"
            raise self.fail(node, f"{unknown} '{name}'", f"define it under contexts ({known})")
        return name

    def term_context(self, node: yaml.Node, inline_id: str) -> str:
        """A term's context: the name of a ``contexts`` list, or an inline list of phrases."""
        if isinstance(node, yaml.ScalarNode):
            return self.context_name(node, "unknown context")
        phrases = self.sequence(node, "context")
        terms = [
            Term(
                self.text(item, "a context phrase", allow_number=True),
                "any",
                item.start_mark.line + 1,
            )
            for item in phrases
        ]
        self.inline_contexts[inline_id] = tuple(t for t in terms if has_words(t.text))
        return inline_id

    def complements(self, node: yaml.Node, indicators: set[str]) -> tuple[tuple[str, str], ...]:
        pairs: list[tuple[str, str]] = []
        for item in self.sequence(node, "complements"):
            try:
                if not isinstance(item, yaml.SequenceNode) or len(item.value) != 2:
                    raise self.fail(item, "a complement must be a pair of indicator ids: [a, b]")
                first, second = (self.text(part, "complement") for part in item.value)
                for part, value in zip(item.value, (first, second), strict=True):
                    if value not in indicators and value not in self.ids:
                        raise self.fail(part, f"complement names unknown indicator '{value}'")
                if first == second:
                    raise self.fail(item, f"complement pairs '{first}' with itself")
                if (first, second) in pairs or (second, first) in pairs:
                    raise self.fail(item, f"duplicate complement [{first}, {second}]")
            except _Invalid:
                continue
            pairs.append((first, second))
        return tuple(pairs)


# --------------------------------------------------------------------------- lint
