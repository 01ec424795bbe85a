"""Choose one character per damaged slot of a line, jointly, by the best-scoring path through a lattice.

Tokens are dictionary words over consecutive slots (Chinese: jieba's unigram word model, as jieba
segments; alphabetic runs: the whole run as one wordfreq word) or single characters. Neighbouring damaged
characters are decided together because a word covering both scores them as a pair.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice, product
import math
from math import inf, prod

from kb.read.langmodel import UNKNOWN_WORD_LOGP, LanguageModel, is_cjk, letter_language, pairing_logp
from kb.read.mojibake_candidates import Slot

_MAX_FRONTIER = 256       # word prefixes followed at once from one start position
_MAX_SPELLINGS = 4096     # spellings of one alphabetic run tried as words

# Log-probability cost of each capital letter that follows a small one inside a word.
CASE_BREAK_LOGP = math.log(1e-3)
# Alternatives kept per restored character, best first (what a reader is shown for a guess).
MAX_ALTERNATIVES = 4

Options = tuple[str, ...]
# Extra log-score for putting a character in a damaged slot (slot index, character), from context the
# lattice's own tokens do not see.
Unary = Callable[[int, str], float]
Step = tuple[int, int, tuple[str, ...], float]   # start, end, characters, score
# Extra log-score for two neighbouring damaged slots holding these characters.
Pair = Callable[[str, str], float]


@dataclass(frozen=True)
class Choice:
    """The character chosen for a slot, and by how much (log-score) it beats the best alternative.

    `margin` is the best path's score minus the best score of any path putting another candidate there
    (a max-marginal difference); infinite when no other candidate is possible. `alternatives` are the
    other candidates, best path first.
    """
    char: str
    margin: float = inf
    alternatives: tuple[str, ...] = ()


def best_line(slots: list[Slot], lm: LanguageModel, unary: Unary | None = None,
              pair: Pair | None = None, alone: Unary | None = None) -> list[Choice]:
    """The chosen character for every slot of one line (fixed slots have a single option).

    `pair` scores two neighbouring damaged slots' characters together (a character bigram), so that
    adjacent guesses are decided jointly rather than each against the other's first guess. `alone`
    scores a damaged slot's character where it is a word on its own (a one-character token).
    """
    options = [slot.chars for slot in slots]
    damaged = [slot.damaged for slot in slots]
    chosen = [Choice(opts[0]) for opts in options]
    if not any(damaged):
        return chosen
    fixed = "".join("\0" if hurt else opts[0] for opts, hurt in zip(options, damaged))
    runs = _alphabetic_runs(options, damaged)
    extra = unary or _nothing
    single = alone or _nothing
    joint = pair or (lambda first, second: 0.0)
    for start, stop in _segments(fixed):
        if any(damaged[start:stop]):
            steps = _steps(options, damaged, fixed, runs, start, stop, lm, extra, single)
            chosen[start:stop] = _decide(steps, damaged, start, stop, joint)
    return chosen


def _nothing(at: int, char: str) -> float:
    return 0.0


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


def _steps(options, damaged, fixed, runs, first: int, stop: int, lm: LanguageModel, extra: Unary,
           single: Unary) -> list[Step]:
    """Every token that can cover slots of [first, stop), scored with the unary extras of its slots (and
    `single` where a damaged slot is a token of its own)."""
    steps: list[Step] = []
    for start in range(first, stop):
        if start in runs:
            found = _run_steps(options, start, runs[start], damaged, lm)
        else:
            found = list(_char_steps(options[start], damaged[start], fixed, start, lm))
            found += _word_steps(options, start, stop, lm)
        for end, chars, score in found:
            bonus = sum(extra(at, char) for at, char in enumerate(chars, start) if damaged[at])
            if end == start + 1 and damaged[start] and start not in runs:
                bonus += single(start, chars[0])
            steps.append((start, end, chars, score + bonus))
    return steps


def _decide(steps: list[Step], damaged: list[bool], first: int, stop: int, joint: Pair) -> list[Choice]:
    """The best path, and for each damaged slot the best score of a path through each of its candidates.

    A path's state at a position is the character just before it when that slot is damaged (None when
    it is intact), so that the pair score across a token boundary is exact.
    """
    def link(state: str | None, start: int, chars: tuple[str, ...]) -> float:
        return joint(state, chars[0]) if state is not None and damaged[start] else 0.0

    def after(end: int, chars: tuple[str, ...]) -> str | None:
        return chars[-1] if damaged[end - 1] else None

    forward: dict[int, dict[str | None, float]] = {first: {None: 0.0}}
    back: dict[tuple[int, str | None], tuple[int, str | None, tuple[str, ...]]] = {}
    for start, end, chars, score in steps:   # generated in order of start
        for state, so_far in forward.get(start, {}).items():
            total = so_far + link(state, start, chars) + score
            reached = forward.setdefault(end, {})
            key = after(end, chars)
            if total > reached.get(key, -inf):
                reached[key], back[end, key] = total, (start, state, chars)
    backward: dict[int, dict[str | None, float]] = {stop: {state: 0.0 for state in forward.get(stop, {})}}
    for start, end, chars, score in sorted(steps, key=lambda step: -step[0]):
        rest = backward.get(end, {}).get(after(end, chars), -inf)
        column = backward.setdefault(start, {})
        for state in forward.get(start, {}):
            column[state] = max(column.get(state, -inf), link(state, start, chars) + score + rest)
    through: dict[int, dict[str, float]] = {}
    for start, end, chars, score in steps:
        rest = backward.get(end, {}).get(after(end, chars), -inf)
        for state, so_far in forward.get(start, {}).items():
            total = so_far + link(state, start, chars) + score + rest
            for at, char in enumerate(chars, start):
                if damaged[at]:
                    seen = through.setdefault(at, {})
                    seen[char] = max(seen.get(char, -inf), total)
    state = max(forward[stop], key=forward[stop].get)
    best = forward[stop][state]
    path: list[str] = []
    end = stop
    while end > first:
        end, state, chars = back[end, state]
        path[:0] = chars
    choices = []
    for at, char in enumerate(path, first):
        if damaged[at]:
            rivals = sorted(((score, other) for other, score in through[at].items() if other != char), reverse=True)
            top = rivals[0][0] if rivals else -inf
            choices.append(Choice(char, best - top, tuple(other for _, other in rivals[:MAX_ALTERNATIVES])))
        else:
            choices.append(Choice(char))
    return choices


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
        steps.append((end, chars, word_logp + CASE_BREAK_LOGP * _case_breaks(chars)))
    return steps


def _case_breaks(chars: tuple[str, ...]) -> int:
    """Capitals after a small letter inside one word (`categorÁas`): rare in any alphabetic script."""
    return sum(1 for before, after in zip(chars, chars[1:]) if before.islower() and after.isupper())
