"""Card prompts in the section's language."""
from __future__ import annotations

_CONCEPT = {"zh": "什么是 {term}？", "ru": "Что такое {term}?", "en": "What is {term}?"}
_ASPECT = {"zh": "{parent}：{aspect}是什么？", "ru": "{parent}: {aspect}?", "en": "{parent}: what is the {aspect}?"}
_FORMULA = {"zh": "{topic} 的公式是什么？", "ru": "Какова формула: {topic}?", "en": "What is the formula for {topic}?"}
_FROM = {"zh": "来源", "ru": "Источник", "en": "Source"}
_NO_ANSWER = {
    "zh": "_笔记中没有写出答案（可能是被删去的公式）。_",
    "ru": "_В заметке нет ответа (возможно, формула была удалена)._",
    "en": "_The note gives no answer here (it was probably a formula that did not survive)._",
}


def _pick(table: dict[str, str], lang: str) -> str:
    return table.get(lang, table["en"])


def concept_prompt(term: str, lang: str) -> str:
    return _pick(_CONCEPT, lang).format(term=term.strip())


def aspect_prompt(parent: str, aspect: str, lang: str) -> str:
    """For headings like 'Method' that only mean something under their parent topic."""
    aspect = aspect.strip()
    if lang == "en":
        aspect = aspect.lower()
    return _pick(_ASPECT, lang).format(parent=parent.strip(), aspect=aspect)


def formula_prompt(topic: str, lang: str) -> str:
    return _pick(_FORMULA, lang).format(topic=topic.strip())


def source_label(lang: str) -> str:
    return _pick(_FROM, lang)


def no_answer(lang: str) -> str:
    return _pick(_NO_ANSWER, lang)
