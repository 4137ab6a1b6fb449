"""The model file: JSON data, never code. Written byte for byte the same for the same model.

A file names the rubric it was trained for (name, version, SHA-256), the
feature scheme and its version, and carries a checksum of its own content, so
a truncated, edited or foreign file is refused with one line instead of
scoring with weights that mean something else. Reading it is ``json.loads``
and type checks: nothing in it is ever executed.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from northalign.errors import NorthalignError
from northalign.learning.classifier import SCALE, Classifier, OwnerModel
from northalign.learning.features import SCHEME, SCHEME_VERSION
from northalign.learning.lanes import MAX_WEIGHT
from northalign.model import ModelStamp, Rubric

FORMAT = "northalign-model"
FORMAT_VERSION = 1
#: ``--model bundled``: the model shipped for the rubric in use (see docs/learning.md).
BUNDLED = "bundled"
#: A model file larger than this is not one northalign wrote (the bundled one is ~1 MB).
MAX_BYTES = 64 * 1024 * 1024
_HINT = "train one for this rubric with: northalign learn GOLD... -o MODEL.json"


class ModelError(NorthalignError):
    """A model file that cannot be used: unreadable, damaged, or trained for another rubric."""


def canonical(data: Mapping[str, Any]) -> str:
    """The one spelling of a model's JSON: sorted keys, no spaces, on one line."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


#: A file is exactly this prefix, the model's canonical JSON, then ``}`` and a newline:
#: the checksum is the SHA-256 of those very bytes, checked without re-serializing.
_PREFIX = '{"checksum":"%s","model":'
_PREFIX_LENGTH = len(_PREFIX % ("0" * 64))
_SUFFIX = "}\n"


def model_json(data: Mapping[str, Any]) -> str:
    """The file's text: the model's canonical JSON wrapped with its checksum."""
    body = canonical(data)
    return _PREFIX % hashlib.sha256(body.encode("utf-8")).hexdigest() + body + _SUFFIX


def bundled_model_path(rubric: Rubric) -> Path | None:
    """The model shipped for ``rubric``'s name, if any (it may still be for another version)."""
    found = resources.files("northalign.learning.bundled").joinpath(f"{rubric.name}.model.json")
    return Path(str(found)) if found.is_file() else None


def load_model(source: str | Path, rubric: Rubric) -> Classifier:
    """Read a model file (or ``"bundled"``) for ``rubric``; :class:`ModelError` when unusable."""
    if str(source) == BUNDLED:
        path = bundled_model_path(rubric)
        if path is None:
            raise ModelError(f"no bundled model for rubric {rubric.name}", hint=_HINT)
    else:
        path = Path(source)
    shown = str(source)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ModelError("is too large to be a model file", path=shown, hint=_HINT)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ModelError("no such model file", path=shown, hint=_HINT) from None
    except IsADirectoryError:
        raise ModelError("is a folder, not a model file", path=shown, hint=_HINT) from None
    except OSError as error:
        raise ModelError(f"cannot be read ({error.strerror})", path=shown) from None
    # "northern-cooperation.model.json" is named "northern-cooperation" in reports.
    name = path.name.removesuffix(".json").removesuffix(".model")
    return parse_model(raw, rubric, name=name, path=shown)


def parse_model(raw: bytes, rubric: Rubric, *, name: str, path: str) -> Classifier:
    """Check and build a model from a file's bytes."""
    try:
        wrapper = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelError(
            f"is not a model file: not complete JSON ({error})", path=path, hint=_HINT
        ) from None
    data = wrapper.get("model") if isinstance(wrapper, dict) else None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelError("is not a northalign model file", path=path, hint=_HINT)
    if data.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"is model format {data.get('format_version')!r}; this northalign reads "
            f"{FORMAT_VERSION}",
            path=path,
            hint=_HINT,
        )
    body = raw[_PREFIX_LENGTH : -len(_SUFFIX)]
    if (
        not raw.endswith(_SUFFIX.encode())
        or raw[:_PREFIX_LENGTH] != (_PREFIX % wrapper.get("checksum")).encode()
        or hashlib.sha256(body).hexdigest() != wrapper.get("checksum")
    ):
        raise ModelError(
            "has been changed since it was written (its checksum does not match)",
            path=path,
            hint=_HINT,
        )
    features = data.get("features")
    if features != {"scheme": SCHEME, "version": SCHEME_VERSION}:
        raise ModelError(
            f"uses feature scheme {features!r}; this northalign computes "
            f"{SCHEME!r} version {SCHEME_VERSION}",
            path=path,
            hint=_HINT,
        )
    trained_for = data.get("rubric")
    if not isinstance(trained_for, dict) or trained_for.get("sha256") != rubric.sha256:
        described = (
            f"{trained_for.get('name')} {trained_for.get('version')}"
            if isinstance(trained_for, dict)
            else "an unnamed rubric"
        )
        raise ModelError(
            f"was trained for rubric {described} (sha256 "
            f"{str(trained_for.get('sha256') if isinstance(trained_for, dict) else '')[:12]}), "
            f"not {rubric.name} {rubric.version} (sha256 {rubric.sha256[:12]})",
            path=path,
            hint=_HINT,
        )
    try:
        owners = tuple(_owner(entry) for entry in _list(data.get("owners")))
    except (TypeError, ValueError) as error:
        raise ModelError(f"has a malformed owner entry ({error})", path=path, hint=_HINT) from None
    expected = [*rubric.indicators, *(friction.id for friction in rubric.frictions)]
    if [owner.id for owner in owners] != expected:
        raise ModelError(
            "does not hold one model per indicator and friction of the rubric, in order",
            path=path,
            hint=_HINT,
        )
    training = data.get("training")
    return Classifier(
        stamp=ModelStamp(name=name, sha256=str(wrapper["checksum"]), rubric_sha256=rubric.sha256),
        owners=owners,
        training=training if isinstance(training, dict) else {},
    )


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError("no list of owners")
    return value


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{what} is not a finite number")
    if abs(value) * SCALE > MAX_WEIGHT:
        raise ValueError(f"{what} is out of range")
    return float(value)


def _weights(weights: dict[str, object], owner: object) -> dict[str, float]:
    """The weights of one owner, checked in bulk (C-level passes over ~1,000 values, where a
    check per weight cost more than the rest of loading): numbers only, finite, in range."""
    values = list(weights.values())
    if not set(map(type, values)) <= {int, float}:  # bool, str, null, lists...
        raise TypeError(f"{owner!r} has a weight that is not a number")
    numbers: list[float] = values  # type: ignore[assignment]  # just checked
    if numbers and not (
        math.isfinite(math.fsum(map(abs, numbers))) and max(map(abs, numbers)) * SCALE <= MAX_WEIGHT
    ):
        raise ValueError(f"{owner!r} has a weight that is not finite or out of range")
    return {feature: float(weight) for feature, weight in zip(weights, numbers, strict=True)}


def _owner(entry: object) -> OwnerModel:
    if not isinstance(entry, dict):
        raise TypeError("an owner is not an object")
    weights = entry.get("weights")
    if not isinstance(weights, dict):
        raise TypeError(f"{entry.get('id')!r} has no weights")
    threshold = entry.get("threshold")
    metrics = entry.get("metrics", {})
    if not isinstance(metrics, dict):
        raise TypeError(f"{entry.get('id')!r} has malformed metrics")
    owner_id = entry.get("id")
    if not isinstance(owner_id, str):
        raise TypeError("an owner has no id")
    return OwnerModel(
        id=owner_id,
        intercept=_number(entry.get("intercept"), "intercept"),
        threshold=None if threshold is None else _number(threshold, "threshold"),
        weights=_weights(weights, owner_id),
        metrics={str(k): _number(v, f"metric {k!r}") for k, v in metrics.items()},
    )
