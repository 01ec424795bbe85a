"""Card prompts in the section's language."""
from __future__ import annotations

_CONCEPT = {"zh": "什么是 {term}？", "ru": "Что такое {term}?", "en": "What is {term}?"}
_CONCEPTS = {"zh": "什么是 {term}？", "ru": "Что такое {term}?", "en": "What are {term}?"}
_ASPECT = {"zh": "{parent} 的 {aspect} 是怎样的？", "ru": "{parent}: что такое {aspect}?", "en": "{parent}: what is the {aspect}?"}
_ASPECTS = {"zh": "{parent} 的 {aspect} 有哪些？", "ru": "{parent}: что такое {aspect}?", "en": "{parent}: what are the {aspect}?"}
_COMPARE = {"zh": "比较 {a} 和 {b}。", "ru": "Сравните {a} и {b}.", "en": "Compare {a} and {b}."}
_EXPLAIN = {"zh": "请解释：{heading}", "ru": "Расскажите: {heading}.", "en": "Explain: {heading}."}
_QUALIFIED = {"zh": "{parent}：{front}", "ru": "{parent}: {front}", "en": "{parent}: {front}"}
_IN_CONTEXT = {"zh": "{term}（{parent}）", "ru": "{term} ({parent})", "en": "{term} ({parent})"}
_FORMULA = {"zh": "{topic} 的公式是什么？", "ru": "Какова формула: {topic}?", "en": "What is the formula for {topic}?"}
_FORMULA_OF = {
    "zh": "{topic}：{target} 的公式是什么？",
    "ru": "{topic}: какова формула для {target}?",
    "en": "{topic}: what is the formula for {target}?",
}
_COMPUTE = {"zh": "{topic}：{expr} 等于多少？", "ru": "{topic}: чему равно {expr}?", "en": "{topic}: what is {expr}?"}
_FROM = {"zh": "来源", "ru": "Источник", "en": "Source"}
_NO_ANSWER = {
    "zh": "_笔记中没有写出答案（可能是被删去的公式）。_",
    "ru": "_В заметке нет ответа (возможно, формула была удалена)._",
    "en": "_The note gives no answer here (it was probably a formula that did not survive)._",
}


def _pick(table: dict[str, str], lang: str) -> str:
    return table.get(lang, table["en"])


def concept_prompt(term: str, lang: str, plural: bool = False) -> str:
    return _pick(_CONCEPTS if plural else _CONCEPT, lang).format(term=term.strip())


def aspect_prompt(parent: str, aspect: str, lang: str, plural: bool = False) -> str:
    """For headings like 'Method' that only mean something under their parent topic."""
    aspect = aspect.strip()
    if lang in ("en", "ru"):
        aspect = aspect.lower()  # an aspect is an ordinary word ('Method'), never a name
    return _pick(_ASPECTS if plural else _ASPECT, lang).format(parent=parent.strip(), aspect=aspect)


def compare_prompt(a: str, b: str, lang: str) -> str:
    return _pick(_COMPARE, lang).format(a=a, b=b)


def lead_question(lead: str, rest: str) -> str:
    """'Ways to' + 'improve X' -> 'What are ways to improve X?'; 'How to' + 'train' -> 'How to train?'."""
    lead = lead.lower()
    if lead.startswith("way"):
        return f"What are {lead} {rest}?"
    return f"{lead[:1].upper()}{lead[1:]} {rest}?"


def explain_prompt(heading: str, lang: str) -> str:
    return _pick(_EXPLAIN, lang).format(heading=heading.strip())


def qualified(parent: str, front: str, lang: str) -> str:
    """A front made unique by the topic it sits under: 'MobileNet v1: what is Depthwise convolution?'."""
    if lang in ("en", "ru") and front[:1].isupper() and not front[1:2].isupper():
        front = front[:1].lower() + front[1:]
    return _pick(_QUALIFIED, lang).format(parent=parent.strip(), front=front)


def in_context(term: str, parent: str, lang: str) -> str:
    """'Training (Normalization)': an aspect named together with the topic it belongs to."""
    return _pick(_IN_CONTEXT, lang).format(term=term.strip(), parent=parent.strip())


def formula_prompt(topic: str, lang: str, target: str = "") -> str:
    if target:
        return _pick(_FORMULA_OF, lang).format(topic=topic.strip(), target=target.strip())
    return _pick(_FORMULA, lang).format(topic=topic.strip())


def compute_prompt(topic: str, expr: str, lang: str) -> str:
    return _pick(_COMPUTE, lang).format(topic=topic.strip(), expr=expr.strip())


def source_label(lang: str) -> str:
    return _pick(_FROM, lang)


def no_answer(lang: str) -> str:
    return _pick(_NO_ANSWER, lang)
