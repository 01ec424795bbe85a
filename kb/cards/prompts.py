"""Card prompts in the section's language: one table of templates (`data/prompts.toml`), one row per
language; a language without a row gets the neutral prompts, built from the heading alone."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, Any]]:
    return tomllib.loads(resources.files("kb.cards").joinpath("data/prompts.toml").read_text("utf-8"))


def _row(lang: str) -> dict[str, Any]:
    table = _table()
    return table.get(lang, table["neutral"])


def _pick(key: str, lang: str) -> str:
    return str(_row(lang).get(key, _table()["neutral"][key]))


def _lowercase(lang: str) -> bool:
    return bool(_row(lang).get("lowercase", False))


def concept_prompt(term: str, lang: str, plural: bool = False) -> str:
    return _pick("concepts" if plural else "concept", lang).format(term=term.strip())


def aspect_prompt(parent: str, aspect: str, lang: str, plural: bool = False) -> str:
    """For headings like 'Method' that only mean something under their parent topic."""
    aspect = aspect.strip()
    if _lowercase(lang):
        aspect = aspect.lower()  # an aspect is an ordinary word ('Method'), never a name
    return _pick("aspects" if plural else "aspect", lang).format(parent=parent.strip(), aspect=aspect)


def compare_prompt(a: str, b: str, lang: str) -> str:
    return _pick("compare", lang).format(a=a, b=b)


def lead_question(lead: str, rest: str) -> str:
    """'Ways to' + 'improve X' -> 'What are ways to improve X?'; 'How to' + 'train' -> 'How to train?'."""
    lead = lead.lower()
    if lead.startswith("way"):
        return f"What are {lead} {rest}?"
    return f"{lead[:1].upper()}{lead[1:]} {rest}?"


def explain_prompt(heading: str, lang: str) -> str:
    return _pick("explain", lang).format(heading=heading.strip())


def qualified(parent: str, front: str, lang: str) -> str:
    """A front made unique by the topic it sits under: 'MobileNet v1: what is Depthwise convolution?'."""
    if _lowercase(lang) and front[:1].isupper() and not front[1:2].isupper():
        front = front[:1].lower() + front[1:]
    return _pick("qualified", lang).format(parent=parent.strip(), front=front)


def in_context(term: str, parent: str, lang: str) -> str:
    """'Training (Normalization)': an aspect named together with the topic it belongs to."""
    return _pick("in_context", lang).format(term=term.strip(), parent=parent.strip())


def formula_prompt(topic: str, lang: str, target: str = "") -> str:
    if target:
        return _pick("formula_of", lang).format(topic=topic.strip(), target=target.strip())
    return _pick("formula", lang).format(topic=topic.strip())


def compute_prompt(topic: str, expr: str, lang: str) -> str:
    return _pick("compute", lang).format(topic=topic.strip(), expr=expr.strip())


def source_label(lang: str) -> str:
    return _pick("source", lang)


def no_answer(lang: str) -> str:
    return _pick("no_answer", lang)
