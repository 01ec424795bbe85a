"""The term a section is about, taken from its heading: markup, numbering and decoration removed."""
from __future__ import annotations

import re
from functools import lru_cache

_MARKUP = re.compile(r"</?\w+[^>]*>|\*\*|__|`|\[([^\]]*)\]\([^)]*\)")
_DECORATION = re.compile(r"[\U0001F300-\U0001FAFF\u2190-\u21FF\u2600-\u27BF\uFE0F]")
_NUMBERING = re.compile(r"^\s*(\d+(\.\d+)*[.)]?|[IVX]+\.|[a-z]\))\s+")
_SUBTITLE = re.compile(r"^(?P<name>[^:：]{1,40}?)\s*[:：]\s+\S")
_PAREN = re.compile(r"^(?P<outer>.+?)\s*\((?P<inner>[^()]+)\)\s*$")
_DASHED = re.compile(r"^(?P<outer>\S+)\s+[-–—]\s+(?P<inner>.+)$")
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z]\b")
_MAX_NAME_WORDS = 4
_GENERIC_ZIPF = 4.0       # wordfreq: "method", "training", "overview"; a term like "pruning" is rarer
_MAX_GENERIC_WORDS = 2


def clean_heading(heading: str) -> str:
    text = _MARKUP.sub(lambda m: m.group(1) or "", heading)
    text = _DECORATION.sub("", text)
    text = _NUMBERING.sub("", text)
    return re.sub(r"\s+", " ", text).strip(" :：-–—.!。！")


def term_of(heading: str) -> str:
    """'Repulsion Loss: Detecting Pedestrians' -> 'Repulsion Loss'; 'Дескриптор HOG (Histogram of
    Oriented Gradients)' -> 'HOG' (the acronym the parenthesis spells out)."""
    text = clean_heading(heading)
    subtitle = _SUBTITLE.match(text)
    if subtitle and len(subtitle.group("name").split()) <= _MAX_NAME_WORDS:
        return subtitle.group("name").strip()
    paren = _PAREN.match(text) or _DASHED.match(text)
    if paren:
        for acronym in _ACRONYM.findall(paren.group("outer")):
            if acronym.upper() in _initials(paren.group("inner")):
                return acronym
    return text


def _initials(phrase: str) -> set[str]:
    """Initials of all words, and of the capitalised ones only ('Histogram of Oriented Gradients')."""
    words = [word for word in re.split(r"[\s-]+", phrase) if word]
    return {"".join(w[0] for w in words).upper(), "".join(w[0] for w in words if w[0].isupper())}


def is_generic(term: str, lang: str) -> bool:
    """True for headings like 'Method', 'Training', 'Core idea' that only make sense under their parent."""
    words = re.findall(r"\w+", term.lower())
    if not words or len(words) > _MAX_GENERIC_WORDS or any(ch.isdigit() for ch in term):
        return False
    if sum(ch.isupper() for ch in term) > 1:
        return False  # names and acronyms: "U-Net", "ReLU6", "Coach AI"
    return all(_zipf(word, lang) >= _GENERIC_ZIPF for word in words)


@lru_cache(maxsize=4096)
def _zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)
