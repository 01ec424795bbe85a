"""Card prompts in the section's language."""
from __future__ import annotations

_CONCEPT = {"zh": "什么是 {term}？", "ru": "Что такое {term}?", "en": "What is {term}?"}
_FORMULA = {"zh": "{topic} 的公式是什么？", "ru": "Какова формула: {topic}?", "en": "What is the formula for {topic}?"}
_FROM = {"zh": "来源", "ru": "Источник", "en": "Source"}


def concept_prompt(term: str, lang: str) -> str:
    return _CONCEPT.get(lang, _CONCEPT["en"]).format(term=term.strip())


def formula_prompt(topic: str, lang: str) -> str:
    return _FORMULA.get(lang, _FORMULA["en"]).format(topic=topic.strip())


def source_label(lang: str) -> str:
    return _FROM.get(lang, _FROM["en"])
