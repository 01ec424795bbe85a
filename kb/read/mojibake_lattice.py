"""Choose one character per damaged slot of a line, jointly, by the best-scoring path through a lattice.

Tokens are dictionary words over consecutive slots (Chinese: jieba's unigram word model, as jieba
segments; alphabetic runs: the whole run as one wordfreq word) or single characters. Neighbouring damaged
characters are decided together because a word covering both scores them as a pair.
"""
from __future__ import annotations

from itertools import islice, product

from kb.read.langmodel import UNKNOWN_WORD_LOGP, LanguageModel, is_cjk, letter_language, pairing_logp

_MAX_FRONTIER = 256       # word prefixes followed at once from one start position
_MAX_SPELLINGS = 4096     # spellings of one alphabetic run tried as words

Options = tuple[str, ...]


def best_line(options: list[Options], damaged: list[bool], lm: LanguageModel) -> list[str]:
    """The chosen character for every slot of one line (fixed slots have a single option)."""
    n = len(options)
    if not any(damaged):
        return [opts[0] for opts in options]
    fixed = "".join("\0" if hurt else opts[0] for opts, hurt in zip(options, damaged))
    runs = _alphabetic_runs(options, damaged)
    best = [float("-inf")] * (n + 1)
    back: list[tuple[int, tuple[str, ...]] | None] = [None] * (n + 1)
    best[0] = 0.0
    for start in range(n):
        if best[start] == float("-inf"):
            continue
        if start in runs:
            steps = _run_steps(options, start, runs[start], damaged, lm)
        else:
            steps = list(_char_steps(options[start], damaged[start], fixed, start, lm))
            steps += _word_steps(options, start, lm)
        for end, chars, score in steps:
            total = best[start] + score
            if total > best[end]:
                best[end], back[end] = total, (start, chars)
    return _trace(back, n)


def _trace(back: list[tuple[int, tuple[str, ...]] | None], n: int) -> list[str]:
    chosen: list[str] = []
    end = n
    while end > 0:
        step = back[end]
        assert step is not None, "every slot has at least one single-character step"
        start, chars = step
        chosen[:0] = chars
        end = start
    return chosen


def _char_steps(opts: Options, damaged: bool, fixed: str, at: int, lm: LanguageModel):
    if not damaged:
        char = opts[0]
        yield at + 1, (char,), lm.chinese.char_logp(char) if is_cjk(char) else 0.0
        return
    before, after = fixed[:at], fixed[at + 1:]
    for char in opts:
        yield at + 1, (char,), lm.char_logp(char) + pairing_logp(char, before, after)


def _word_steps(options: list[Options], start: int, lm: LanguageModel):
    """Chinese dictionary words of two or more characters that start at `start` and fit the slots."""
    if not any(is_cjk(char) for char in options[start]):
        return []
    words = lm.chinese
    frontier = [char for char in options[start] if is_cjk(char) and words.is_prefix(char)]
    steps = []
    end = start + 1
    while frontier and end < len(options):
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
    spellings = islice(product(*slots), _MAX_SPELLINGS)
    steps = []
    for chars in spellings:
        word_logp = alphabet.word_logp("".join(chars))
        if word_logp is None:
            letters = sum(alphabet.letter_logp(c) for c, hurt in zip(chars, damaged[start:end]) if hurt)
            word_logp = UNKNOWN_WORD_LOGP + letters
        steps.append((end, chars, word_logp))
    return steps
