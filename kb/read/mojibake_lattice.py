"""Choose one character per damaged slot of a line, jointly, by the best-scoring path through a lattice.

Tokens are dictionary words over consecutive slots (Chinese: jieba's unigram word model, as jieba
segments; alphabetic runs: the whole run as one wordfreq word) or single characters. Neighbouring damaged
characters are decided together because a word covering both scores them as a pair.
"""
from __future__ import annotations

from itertools import islice, product
from math import prod

from kb.read.langmodel import UNKNOWN_WORD_LOGP, LanguageModel, is_cjk, letter_language, pairing_logp

_MAX_FRONTIER = 256       # word prefixes followed at once from one start position
_MAX_SPELLINGS = 4096     # spellings of one alphabetic run tried as words

Options = tuple[str, ...]


def best_line(options: list[Options], damaged: list[bool], lm: LanguageModel) -> list[str]:
    """The chosen character for every slot of one line (fixed slots have a single option)."""
    chosen = [opts[0] for opts in options]
    if not any(damaged):
        return chosen
    fixed = "".join("\0" if hurt else opts[0] for opts, hurt in zip(options, damaged))
    runs = _alphabetic_runs(options, damaged)
    for start, stop in _segments(fixed):
        if any(damaged[start:stop]):
            chosen[start:stop] = _best_segment(options, damaged, fixed, runs, start, stop, lm)
    return chosen


def _segments(fixed: str):
    """Stretches that can be decided apart: cut at fixed characters no word or seam can cross."""
    start = 0
    for at, char in enumerate(fixed):
        if char != "\0" and not char.isalpha():
            if start < at:
                yield start, at
            start = at + 1
    if start < len(fixed):
        yield start, len(fixed)


def _best_segment(options, damaged, fixed, runs, first: int, stop: int, lm: LanguageModel) -> list[str]:
    """Best path from slot `first` to `stop`: the highest total log-probability of its tokens."""
    best = {at: float("-inf") for at in range(first, stop + 1)}
    back: dict[int, tuple[int, tuple[str, ...]]] = {}
    best[first] = 0.0
    for start in range(first, stop):
        if best[start] == float("-inf"):
            continue
        if start in runs:
            steps = _run_steps(options, start, runs[start], damaged, lm)
        else:
            steps = list(_char_steps(options[start], damaged[start], fixed, start, lm))
            steps += _word_steps(options, start, stop, lm)
        for end, chars, score in steps:
            if best[start] + score > best[end]:
                best[end], back[end] = best[start] + score, (start, chars)
    chosen: list[str] = []
    end = stop
    while end > first:
        end, chars = back[end]
        chosen[:0] = chars
    return chosen


def _char_steps(opts: Options, damaged: bool, fixed: str, at: int, lm: LanguageModel):
    if not damaged:
        char = opts[0]
        yield at + 1, (char,), lm.chinese.char_logp(char) if is_cjk(char) else 0.0
        return
    before, after = fixed[:at], fixed[at + 1:]
    for char in opts:
        yield at + 1, (char,), lm.char_logp(char) + pairing_logp(char, before, after)


def _word_steps(options: list[Options], start: int, stop: int, lm: LanguageModel):
    """Chinese dictionary words of two or more characters that start at `start` and fit the slots."""
    if not any(is_cjk(char) for char in options[start]):
        return []
    words = lm.chinese
    frontier = [char for char in options[start] if is_cjk(char) and words.is_prefix(char)]
    steps = []
    end = start + 1
    while frontier and end < stop:
        grown = (prefix + char for prefix in frontier for char in options[end])
        frontier = list(islice((word for word in grown if words.is_prefix(word)), _MAX_FRONTIER))
        end += 1
        for word in frontier:
            score = words.word_logp(word)
            if score is not None:
                steps.append((end, tuple(word), score))
    return steps


def _alphabetic_runs(options: list[Options], damaged: list[bool]) -> dict[int, int]:
    """Start -> end of each run of letters of one alphabet that holds a damaged slot."""
    languages = [_slot_language(opts) for opts in options]
    runs: dict[int, int] = {}
    start = 0
    while start < len(options):
        end = start + 1
        if languages[start] is not None:
            while end < len(options) and languages[end] == languages[start]:
                end += 1
            if any(damaged[start:end]):
                runs[start] = end
        start = end
    return runs


def _slot_language(opts: Options) -> str | None:
    languages = {letter_language(char) for char in opts}
    return languages.pop() if len(languages) == 1 else None


def _run_steps(options: list[Options], start: int, end: int, damaged: list[bool], lm: LanguageModel):
    """The whole run as one token: known words by their frequency, other spellings letter by letter."""
    language = _slot_language(options[start])
    assert language is not None
    alphabet = lm.alphabet(language)
    slots = options[start:end]
    if prod(map(len, slots)) > _MAX_SPELLINGS:
        # Too many to try as words: keep each slot's likeliest letter as the only spelling.
        slots = [opts if len(opts) == 1 else (max(opts, key=alphabet.letter_logp),) for opts in slots]
    spellings = product(*slots)
    steps = []
    for chars in spellings:
        word_logp = alphabet.word_logp("".join(chars))
        if word_logp is None:
            letters = sum(alphabet.letter_logp(c) for c, hurt in zip(chars, damaged[start:end]) if hurt)
            word_logp = UNKNOWN_WORD_LOGP + letters
        steps.append((end, chars, word_logp))
    return steps
