"""Deterministic benchmark documents in English, Russian and Chinese, with planted variants.

A document is strategy-like prose: sentences of filler policy vocabulary, about
one in four carrying a rubric term of the default rubric. A share of the
planted terms are *variants* the matcher must still find — inflected or
plural forms, a one-letter typo in a long word, a word hyphenated across a line
break, and for Chinese traditional characters, an inserted 的 or stray spaces.
Each plant is recorded (line, indicator, kind) so recall can be measured.

    python benchmarks/generate.py OUT_DIR   # writes {en,ru,zh}-{0.1,1,4,16}mb.txt and plants.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from functools import lru_cache
from pathlib import Path

from northalign.rubric import load_rubric
from northalign.text.normalize import tokenize

SIZES_MB = (0.1, 1.0, 4.0, 16.0)
FILLER = {
    "en": (
        "the region will improve the quality of public services and the business climate for local "
        "firms while keeping budgets balanced over the planning period with clear annual targets for "
        "schools hospitals housing roads within cities employment wages pensions and the training of "
        "young specialists in every district of the territory according to the approved programme"
    ).split(),
    "ru": (
        "в регионе будет повышено качество государственных услуг и улучшен деловой климат для местных "
        "предприятий при сбалансированном бюджете на весь плановый период с ежегодными показателями для "
        "школ больниц жилья дорог в городах занятости заработной платы пенсий и подготовки молодых "
        "специалистов в каждом районе области согласно утвержденной программе"
    ).split(),
    "zh": list(
        "全区将提高公共服务质量改善本地企业营商环境保持财政收支平衡设定学校医院住房城市道路就业工资养老"
        "和青年人才培养的年度目标按照规划稳步推进各项任务确保民生持续改善社会和谐稳定"
    ),
}
# Russian forms of some terms as strategies inflect them (the benchmark's own sample).
RUSSIAN_FORMS = {
    "Северный морской путь": [
        "Северного морского пути",
        "Северному морскому пути",
        "Северным морским путем",
    ],
    "углехимия": ["углехимии", "углехимической промышленности", "углехимическим кластером"],
    "трансфер технологий": ["трансфера технологий", "трансферу технологий"],
    "пункт пропуска": ["пунктов пропуска", "пунктами пропуска", "пункте пропуска"],
    "логистический центр": ["логистических центров", "логистическим центром"],
    "интеллектуальная собственность": [
        "интеллектуальной собственности",
        "интеллектуальную собственность",
    ],
    "технологический суверенитет": [
        "технологического суверенитета",
        "технологическому суверенитету",
    ],
    "Транссибирская магистраль": ["Транссибирской магистрали", "Транссибирскую магистраль"],
}


def _terms(language: str) -> list[tuple[str, str]]:
    rubric = load_rubric()
    found = []
    for indicator in rubric.indicators.values():
        for term in indicator.terms:
            if term.language == language and term.context is None and not term.case_sensitive:
                found.append((indicator.id, term.text))
    return sorted(found)


@lru_cache(maxsize=1)
def _s2t():  # noqa: ANN202 - OpenCC has no type hints
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=4)
def _terms_cached(language: str) -> tuple[tuple[str, str], ...]:
    return tuple(_terms(language))


def _typo(word: str, rng: random.Random) -> str | None:
    if len(word) < 9 or not word.isalpha():
        return None
    position = rng.randrange(2, len(word) - 2)
    return word[:position] + word[position + 1 :]  # one letter dropped


def _variant(language: str, term: str, rng: random.Random) -> tuple[str, str]:
    """A planted form of ``term`` and its kind; the text may contain one line break."""
    words = term.split()
    choice = rng.random()
    if language == "zh":
        if choice < 0.35:
            return _s2t().convert(term), "traditional"
        if choice < 0.55 and len(term) >= 4:
            return term[:2] + "的" + term[2:], "inserted-de"
        if choice < 0.7:
            return " ".join(term), "stray-spaces"
        return term, "exact"
    if language == "ru" and term in RUSSIAN_FORMS and choice < 0.5:
        return rng.choice(RUSSIAN_FORMS[term]), "inflected"
    long_words = [i for i, w in enumerate(words) if len(w) >= 9 and w.isalpha()]
    if choice < 0.2 and long_words:
        index = rng.choice(long_words)
        typo = _typo(words[index], rng)
        if typo:
            return " ".join([*words[:index], typo, *words[index + 1 :]]), "typo"
    if choice < 0.4 and long_words:
        index = rng.choice(long_words)
        word = words[index]
        cut = len(word) // 2
        return " ".join(
            [*words[:index], word[:cut] + "-\n" + word[cut:], *words[index + 1 :]]
        ), "hyphenated"
    if language == "en" and choice < 0.55 and not words[-1].endswith("s"):
        return " ".join([*words[:-1], words[-1] + "s"]), "inflected"
    return term, "exact"


def generate(language: str, megabytes: float, seed: int = 7) -> tuple[str, list[dict]]:
    rng = random.Random(f"{language}-{megabytes}-{seed}")
    filler = FILLER[language]
    terms = _terms_cached(language)
    target = int(megabytes * 1_000_000)
    lines: list[str] = []
    plants: list[dict] = []
    size = 0
    joiner = "" if language == "zh" else " "
    stop = "。" if language == "zh" else "."
    while size < target:
        sentence_words = [
            rng.choice(filler) for _ in range(rng.randint(8, 22) * (2 if language == "zh" else 1))
        ]
        plant = None
        if rng.random() < 0.25:
            indicator, term = rng.choice(terms)
            text, kind = _variant(language, term, rng)
            position = rng.randint(1, len(sentence_words) - 1)
            sentence_words.insert(position, text)
            plant = {"indicator": indicator, "term": term, "kind": kind}
        sentence = joiner.join(sentence_words) + stop
        if language != "zh":
            sentence = sentence[0].upper() + sentence[1:]
        line_number = len(lines) + 1
        parts = sentence.split("\n")
        lines += parts
        if plant:
            plants.append({**plant, "line": line_number})
        if rng.random() < 0.08:
            lines.append("")  # paragraph break
        size += len(sentence.encode("utf-8")) + 1
    return "\n".join(lines) + "\n", plants


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/data/generated")
    out.mkdir(parents=True, exist_ok=True)
    records = []
    for language in ("en", "ru", "zh"):
        for megabytes in SIZES_MB:
            text, plants = generate(language, megabytes)
            name = f"{language}-{megabytes:g}mb.txt"
            (out / name).write_text(text, encoding="utf-8")
            records += [{"file": name, **plant} for plant in plants]
    with (out / "plants.jsonl").open("w", encoding="utf-8") as stream:
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(SIZES_MB) * 3} documents and {len(records)} planted terms to {out}")
    return 0


if __name__ == "__main__":
    assert tokenize  # the generator uses the same package as the matcher
    sys.exit(main())
