"""The term a section is about, taken from its heading: markup, numbering and decoration removed.

Also the shape of a heading, which decides how a card asks about it: a term ("What is X?"), an aspect
of its parent ("Method", "Loss Function"), a plural ("Separable Convolutions"), a comparison ("A vs B")
or a phrase that already reads as the start of a question ("Ways to ...", "How to ...").
"""
from __future__ import annotations

import re
from functools import lru_cache

from kb.cards.common_words import chinese_zipf, common_zipf, is_answered, is_chinese
from kb.parse.questions import plain

# `\(ReLU\)`: a backslash escape of each parenthesis (GitBook writes them), not math delimiters, when what
# they hold is a word or name rather than a formula (math names quantities by single letters and commands)
_ESCAPED_PARENS = re.compile(r"\\\((?P<words>\s*[^\W\d_][\w\s-]*[^\W_]\s*)\\\)")
_BRACKET_MATH = re.compile(r"\\\((?P<math>.+?)\\\)")
DECORATION = re.compile(r"[\U0001F300-\U0001FAFF\u2190-\u21FF\u2600-\u27BF\uFE0F]")
# "1.2", "IV.", "b)" and "0x02." (hex numbering, as Chinese blogs number their headings); "3、", "3）", "（3）" and
# "③", as Chinese and Japanese writers number items, need no space after them
_NUMBERING = re.compile(r"^\s*(?:(\d+(\.\d+)*[.)]?|[IVX]+\.|[a-z]\))\s+|0x[0-9A-Fa-f]+(?:[.)、．]\s*|\s+)"
                        r"|\d+(?:\.\d+)*\s*[、）．]\s*|[（(]\d+[)）]\s*|[\u2460-\u2473]\s*)")
# "Shape models (2)": the same slide continued, not part of the term.
_CONTINUATION = re.compile(r"\s*\(\d{1,2}\)$")
_SUBTITLE = re.compile(r"^(?P<name>[^:：]{1,40}?)\s*[:：]\s+\S")
_PAREN = re.compile(r"^(?P<outer>.+?)\s*\((?P<inner>[^()]+)\)\s*$")
_DASHED = re.compile(r"^(?P<outer>\S+)\s+[-–—]\s+(?P<inner>.+)$")
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z]\b")
_COMPARE = re.compile(r"^(?P<a>.+?)\s+(?:vs\.?|versus)\s+(?P<b>.+)$", re.I)
_QUESTION_START = re.compile(r"^(?P<lead>ways?\s+(?:to|of)|how\s+to|why|when\s+to)\b\s*(?P<rest>.*)$", re.I)
_HEAD_OF_PHRASE = re.compile(r"^(?P<head>.+?)\s+(?:of|for|in|on|with|to)\s+", re.I)
_MAX_NAME_WORDS = 4
_GENERIC_ZIPF = 3.7       # wordfreq: "method", "overview", "variants"; a term like "normalization" is rarer
_MAX_GENERIC_WORDS = 2
_MIN_CAPS_WORD = 4        # "ФУНКЦИИ АКТИВАЦИИ" is shouting; "CNN" is an acronym


def clean_heading(heading: str) -> str:
    text = _ESCAPED_PARENS.sub(lambda m: f"({m.group('words').strip()})" if _is_words(m.group("words")) else m.group(), heading)
    text = _BRACKET_MATH.sub(lambda m: f"${m.group('math').strip()}$", text)
    text = plain(text)   # the one reader of inline markup: ***bold italic***, links, code, tags
    text = DECORATION.sub("", text)
    text = _NUMBERING.sub("", text)
    text = re.sub(r"\s+", " ", text).strip(" :：-–—.!。！")
    return _unshout(text)


def _is_words(text: str) -> bool:
    """Every word has two letters or more: 'ReLU', 'ein Beispiel'; 'x' and 'W x' are math."""
    return all(len(re.sub(r"[\W\d_]", "", word)) >= 2 for word in text.split())


def _unshout(text: str) -> str:
    """'ФУНКЦИИ АКТИВАЦИИ' -> 'Функции активации'; headings with a lowercase letter are left alone."""
    words = re.findall(r"[^\W\d_]+", text)
    if any(ch.islower() for ch in text) or not any(len(w) >= _MIN_CAPS_WORD for w in words) or len(words) < 2:
        return text
    lowered = re.sub(r"[^\W\d_]{%d,}" % _MIN_CAPS_WORD, lambda m: m.group(0).lower(), text)
    return lowered[:1].upper() + lowered[1:]


def term_of(heading: str) -> str:
    """'Repulsion Loss: Detecting Pedestrians' -> 'Repulsion Loss'; 'Дескриптор HOG (Histogram of
    Oriented Gradients)' -> 'HOG' (the acronym the parenthesis spells out); 'Shape models (1)' -> 'Shape models'."""
    text = _CONTINUATION.sub("", clean_heading(heading))
    subtitle = _SUBTITLE.match(text)
    if subtitle and len(subtitle.group("name").split()) <= _MAX_NAME_WORDS:
        return subtitle.group("name").strip()
    paren = _PAREN.match(text) or _DASHED.match(text)
    if paren:
        for acronym in _ACRONYM.findall(paren.group("outer")):
            if acronym.upper() in _initials(paren.group("inner")):
                return acronym
    return text


def short_name(heading: str) -> str:
    """The shortest name a heading goes by, for naming a parent: 'Long Short Term Memory (LSTM)' -> 'LSTM'."""
    term = term_of(heading)
    paren = _PAREN.match(term)
    if paren and _ACRONYM.fullmatch(paren.group("inner").strip()):
        if paren.group("inner").strip().upper() in _initials(paren.group("outer")):
            return paren.group("inner").strip()
    return term


def _initials(phrase: str) -> set[str]:
    """Initials of all words, and of the capitalised ones only ('Histogram of Oriented Gradients')."""
    words = [word for word in re.split(r"[\s-]+", phrase) if word]
    return {"".join(w[0] for w in words).upper(), "".join(w[0] for w in words if w[0].isupper())}


def is_name(word: str) -> bool:
    """'ReLU6', 'U-Net', 'AI', 'BiDet': capitals or digits after the first letter mark a name or acronym."""
    return any(ch.isupper() or ch.isdigit() for ch in word[1:])


def is_generic(term: str, lang: str) -> bool:
    """True for headings like 'Method', 'Training', 'Loss Function' that only make sense under their parent."""
    tokens = term.split()
    words = re.findall(r"\w+", term.lower())
    if not words or len(tokens) > _MAX_GENERIC_WORDS or any(ch.isdigit() for ch in term):
        return False
    if any(is_name(token) for token in tokens):
        return False
    return all(is_common(word, lang) for word in words)


def is_common(word: str, lang: str) -> bool:
    """A frequent word in the language its letters are written in (an English word in a Chinese note is
    judged as English); a plural counts as common when its singular is."""
    word = word.lower()
    word_lang = _script_lang(word, lang)
    forms = {word}
    if word_lang == "en" and word.endswith("s") and len(word) > 3:
        forms |= {word[:-1], word[:-2] if word.endswith("es") else word}
    return any(_is_frequent(form, word_lang) for form in forms)


def _is_frequent(word: str, lang: str) -> bool:
    if is_answered(word, lang):  # most heading words: no word list loaded (kb.cards.common_words)
        return common_zipf(word, lang, _GENERIC_ZIPF) is not None
    return _zipf(word, lang) >= _GENERIC_ZIPF


def _script_lang(word: str, default: str) -> str:
    if re.search(r"[a-z]", word):
        return "en"
    if re.search(r"[\u0400-\u04ff]", word):
        return "ru"
    return default


def is_plural(term: str) -> bool:
    """English plural noun phrase: its head noun ('Details' in 'Some Details of Training') ends in -s."""
    head = _HEAD_OF_PHRASE.match(term)
    words = (head.group("head") if head else term).split()
    if not words or not re.fullmatch(r"[A-Za-z][\w-]*", words[-1]):
        return False
    last = words[-1].lower()
    return len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is"))


def sentence_case(term: str, lang: str) -> str:
    """'Some Details of Training' -> 'some details of training' when every word is an ordinary word;
    names ('Separable Convolutions' keeps its capitals when 'separable' is rare) are left as written."""
    tokens = term.split()
    title_case = sum(t[:1].isupper() for t in tokens) >= 2
    if not title_case or any(is_name(t) for t in tokens):
        return term  # written in sentence case already: a capital there is a name ("Taylor expansion")
    if not all(is_common(w, lang) for w in re.findall(r"[^\W\d_]+", term)):
        return term
    return term.lower()


def comparison(term: str) -> tuple[str, str] | None:
    match = _COMPARE.match(term)
    return (match.group("a").strip(), match.group("b").strip()) if match else None


def question_start(term: str) -> tuple[str, str] | None:
    """'Ways to improve X' -> ('ways to', 'improve X'): a heading that is half a question already."""
    match = _QUESTION_START.match(term)
    return (match.group("lead"), match.group("rest")) if match and match.group("rest") else None


@lru_cache(maxsize=4096)
def _zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency, kept per user: loading wordfreq's lists costs about a second per
    process, and a corpus asks about the same hundred or so words every build."""
    from kb.cache import JsonCache, key_for, package_versions, user_cache_dir

    store = JsonCache(user_cache_dir() / "zipf")
    key = key_for(package_versions("wordfreq"), lang, word)
    if isinstance(found := store.get(key), (int, float)):
        return float(found)
    value = chinese_zipf(word) if lang == "zh" and is_chinese(word) else _wordfreq_zipf(word, lang)
    store.put(key, value)
    return value


def let_go_of_word_lists() -> None:
    """Drop the word lists wordfreq keeps once a word of their language was asked (Russian's holds 130 MB).
    A build asks wordfreq only for the few words the per-user store lacks, so a reading worker that kept
    every language it met would hold their lists to the end of a large build; made again on the next miss."""
    import sys

    wordfreq = sys.modules.get("wordfreq")
    if wordfreq is not None:  # never imported: nothing to drop
        wordfreq.get_frequency_dict.cache_clear()
        wordfreq.get_frequency_list.cache_clear()


def _wordfreq_zipf(word: str, lang: str) -> float:
    import logging

    import jieba
    from wordfreq import zipf_frequency

    jieba.setLogLevel(logging.WARNING)  # wordfreq segments Chinese with jieba, which logs to stderr
    try:
        return zipf_frequency(word, lang)
    except (ImportError, LookupError):
        return 0.0  # wordfreq needs MeCab to split Japanese and Korean, or has no list for the language
