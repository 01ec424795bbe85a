"""Choose one character per damaged slot of a line, jointly, by the best-scoring path through a lattice.

Tokens are dictionary words over consecutive slots (Chinese: jieba's unigram word model, as jieba
segments; alphabetic runs: the whole run as one wordfreq word) or single characters. Neighbouring damaged
characters are decided together because a word covering both scores them as a pair.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, product
import math
from math import inf, prod

from kb.read.langmodel import (LOW_AS_HIGH_QUOTES, PAIRS, PLACED_MARKS, UNKNOWN_WORD_LOGP, LanguageModel,
                              adjacent_marks_logp, facing_logp, is_cjk, pairing_logp, placement_logp, between_digits)
from kb.read.mojibake_candidates import Slot
from kb.read.mojibake_russian_case import russian_case_scores

_MAX_FRONTIER = 256       # word prefixes followed at once from one start position
_MAX_SPELLINGS = 4096     # spellings of one alphabetic run tried as words

# Log-probability cost of each capital letter that follows a small one inside a word.
CASE_BREAK_LOGP = math.log(1e-3)
# Log-probability cost of each letter by which a spelling no word list holds stops beginning a listed word sooner
# than another spelling of the same run, and of each by which it stops ending one sooner (at most STEM_WINDOW
# letters each way). Letter frequencies alone spell an unlisted word (an inflected or derived form:
# суперпропорционален, Косинусный, масштабировался) with the commonest letters its damage allows:
# 「ссперпропорционален」 (с and у both lose their last byte under cp1250 and cp1257), 「Носинусный」,
# 「масштабировальс」; its right spelling begins (ends) a listed word far longer (суперпро-, косинус-, -ировался).
# Dev split, ru+eu lost: 98.28 -> 98.69% of lost characters with beginnings (window 2 on four code pages: 98.32%,
# 4 and 8 alike), 98.75% with endings too.
UNKNOWN_STEM_LOGP = -1.0
STEM_WINDOW = 4
# Log-probability cost of a capital opening a word inside a sentence where the damage leaves its small letter
# possible too (Ê and ê both lose their last byte under cp1253, Á and á under cp1257): word lists are
# case-folded, so 「peut Être」 and 「peut être」 tied, and inside a sentence a word starts small unless it is a
# name (or a German noun, whose capitals Ä, Ö, Ü keep their small letters' bytes whole under those pages).
MID_SENTENCE_CAPITAL_LOGP = math.log(0.1)
# Alternatives kept per restored character, best first (what a reader is shown for a guess).
MAX_ALTERNATIVES = 4
# A bracket between two digits (「0（1」) is a misreading of the interval's comma beside it (「（0，1）」): as rare
# as a bracket that matches nothing. So is a mark that ends a sentence: between two numbers a mark separates
# them (「文献[118、113、114]」; GBK loses 、's last byte before the digit, where 。 fits as well).
BRACKETS = frozenset(PAIRS) | frozenset(PAIRS.values())
SENTENCE_ENDS = frozenset("。！？")
BETWEEN_DIGITS_BRACKET_LOGP = math.log(0.01)

Options = tuple[str, ...]
# Extra log-score for putting a character in a damaged slot (slot index, character), from context the
# lattice's own tokens do not see.
Unary = Callable[[int, str], float]
Step = tuple[int, int, tuple[str, ...], float]   # start, end, characters, score
# Extra log-score for two neighbouring damaged slots holding these characters.
Pair = Callable[[str, str], float]
# Extra log-score for a dictionary word spanning slots [start, end).
Context = Callable[[int, int, str], float]


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


class LineLattice:
    """The tokens of one line, scored by the language model once, to be decided under any extra scores.

    The document's passes (`kb.read.mojibake.choose_document`) decide the same lattice under different
    unary scores (the grammar's among them), so the dictionary lookups are done once per line.
    """

    def __init__(self, slots: list[Slot], lm: LanguageModel, wrapped: bool = False, mixed_widths: bool = False) -> None:
        """`wrapped`: the next line goes on with the paragraph (`kb.read.langmodel.wraps_into`); `mixed_widths`: a
        full-width closing bracket closes an ASCII one too (`kb.read.langmodel.pairing_logp`)."""
        self.options = [slot.chars for slot in slots]
        self.damaged = [slot.damaged for slot in slots]
        fixed = "".join("\0" if hurt else opts[0] for opts, hurt in zip(self.options, self.damaged))
        self.runs = _alphabetic_runs(self.options, self.damaged, lm)
        marks = _mark_holders(self.options, self.damaged)
        self.segments = [(start, stop, _steps(self.options, self.damaged, fixed, self.runs, start, stop, lm, marks,
                                                    wrapped, mixed_widths))
                         for start, stop in _segments(fixed) if any(self.damaged[start:stop])]
        # The dictionary words among the tokens, spelled out once for every pass's `word` scores.
        self.words = [["".join(chars) if end - first > 1 and first not in self.runs else None
                       for first, end, chars, _ in steps] for _, _, steps in self.segments]
        # The pair scores between a position's states and the tokens' first characters, per segment: the
        # same under every unary score, so the passes look them up once (`_decide`).
        self._pair_rows: dict[int, dict[int, dict[str, dict[str, float]]]] = {}
        self._rows_pair: Pair | None = None

    def best(self, unary: Unary | None = None, pair: Pair | None = None, alone: Unary | None = None,
             word: Context | None = None) -> list[Choice]:
        """The chosen character for every slot (fixed slots have a single option).

        `unary` adds a score for a character in a damaged slot; `pair` scores two neighbouring damaged
        slots' characters together (a character bigram), so that adjacent guesses are decided jointly
        rather than each against the other's first guess; `alone` adds a score where a damaged slot's
        character is a word on its own (a one-character token outside an alphabetic run); `word` adds a
        score where a dictionary word of two or more characters covers slots of a damaged stretch.
        """
        chosen = [Choice(opts[0]) for opts in self.options]
        extra = unary or _nothing
        single = alone or _nothing
        joint = pair or _no_pair
        if joint is not self._rows_pair:
            self._pair_rows, self._rows_pair = {}, joint
        damaged = self.damaged
        for (start, stop, steps), words in zip(self.segments, self.words):
            bonus = [{char: extra(at, char) for char in self.options[at]} if damaged[at] else None
                     for at in range(start, stop)]
            lone = [{char: bonus[at - start][char] + single(at, char) for char in self.options[at]}
                    if damaged[at] and at not in self.runs else None for at in range(start, stop)]
            scored = []
            for (first, end, chars, score), spelled in zip(steps, words):
                if end - first == 1:
                    if damaged[first]:
                        score += (lone[first - start] or bonus[first - start])[chars[0]]
                else:
                    score += sum(bonus[at - start][char] for at, char in enumerate(chars, first) if damaged[at])
                    if word is not None and spelled is not None:
                        score += word(first, end, spelled)
                scored.append((first, end, chars, score))
            chosen[start:stop] = _decide(scored, damaged, start, stop, joint, self._pair_rows.setdefault(start, {}))
        return chosen


def _nothing(at: int, char: str) -> float:
    return 0.0


def _no_pair(first: str, second: str) -> float:
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


def _steps(options, damaged, fixed, runs, first: int, stop: int, lm: LanguageModel,
           marks: dict[str, frozenset[int]], wrapped: bool = False, mixed_widths: bool = False) -> list[Step]:
    """Every token that can cover slots of [first, stop), scored by the language model."""
    steps: list[Step] = []
    for start in range(first, stop):
        if start in runs:
            found = _run_steps(options, start, runs[start], damaged, lm, _mid_sentence(fixed[:start]),
                               _slots_before(options, fixed, start), _settled_word_after(fixed, runs[start]),
                               _settled_word_before(fixed, start))
        else:
            found = list(_char_steps(options[start], damaged[start], fixed, start, lm, marks, wrapped, mixed_widths))
            found += _word_steps(options, start, stop, lm)
        steps.extend((start, end, chars, score) for end, chars, score in found)
    return steps


def _decide(steps: list[Step], damaged: list[bool], first: int, stop: int, joint: Pair,
            pairs: dict[int, dict[str, dict[str, float]]]) -> list[Choice]:
    """The best path, and for each damaged slot the best score of a path through each of its candidates.

    A path's state at a position is the character just before it when that slot is damaged (None when
    it is intact), so that the pair score across a token boundary is exact. The pair score depends only
    on a token's first character, so the states are maximised over once per (position, first character),
    not once per token: a slot with 12 candidates starts hundreds of dictionary words. `pairs` holds
    those pair scores per position (start -> state -> first character), filled on the first call and
    read by later ones under other token scores.
    """
    by_start: dict[int, list[tuple[int, tuple[str, ...], float, str | None]]] = {}
    for start, end, chars, score in steps:   # generated in order of start
        by_start.setdefault(start, []).append((end, chars, score, chars[-1] if damaged[end - 1] else None))
    forward: dict[int, dict[str | None, float]] = {first: {None: 0.0}}
    back: dict[tuple[int, str | None], tuple[int, str | None, tuple[str, ...]]] = {}
    entries: dict[int, dict[str, tuple[float, str | None]]] = {}
    for start, group in by_start.items():
        states = forward.get(start)
        if not states:
            continue
        heads = {chars[0] for _, chars, _, _ in group}
        rows = pairs.get(start)
        if rows is None:
            rows = pairs[start] = ({state: {head: joint(state, head) for head in heads}
                                    for state in states if state is not None} if damaged[start] else {})
        entry = entries[start] = _entries(states, heads, rows)
        for end, chars, score, key in group:
            so_far, state = entry[chars[0]]
            total = so_far + score
            reached = forward.setdefault(end, {})
            if total > reached.get(key, -inf):
                reached[key], back[end, key] = total, (start, state, chars)
    backward: dict[int, dict[str | None, float]] = {stop: dict.fromkeys(forward.get(stop, {}), 0.0)}
    through: dict[int, dict[str, float]] = {}
    for start in sorted(entries, reverse=True):
        leaving: dict[str, float] = {}
        entry = entries[start]
        for end, chars, score, key in by_start[start]:
            rest = score + backward.get(end, {}).get(key, -inf)
            head = chars[0]
            if rest > leaving.get(head, -inf):
                leaving[head] = rest
            total = entry[head][0] + rest
            for at, char in enumerate(chars, start):
                if damaged[at]:
                    seen = through.setdefault(at, {})
                    if total > seen.get(char, -inf):
                        seen[char] = total
        column = backward[start] = {}
        unlinked = max(leaving.values())
        rows = pairs[start]
        for state in forward[start]:
            row = rows.get(state)
            column[state] = max(row[head] + best for head, best in leaving.items()) if row else unlinked
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


def _entries(states: dict[str | None, float], heads: set[str],
             rows: dict[str, dict[str, float]]) -> dict[str, tuple[float, str | None]]:
    """For each first character of a token, the best score of reaching its position and the state it
    comes from (the first best, in the order the states were reached). `rows`: the pair scores of the
    states that link to the token's first character."""
    if not rows:
        # No pair score crosses into this position: every head enters from the same best state.
        best_state = max(states, key=states.__getitem__)   # the first best, as below
        return dict.fromkeys(heads, (states[best_state], best_state))
    entry = {}
    for head in heads:
        best, best_state = -inf, None
        for state, so_far in states.items():
            total = so_far + rows[state][head] if state is not None else so_far
            if total > best:
                best, best_state = total, state
        entry[head] = (best, best_state)
    return entry


def _char_steps(opts: Options, damaged: bool, fixed: str, at: int, lm: LanguageModel,
                marks: dict[str, frozenset[int]], wrapped: bool = False, mixed_widths: bool = False):
    if not damaged:
        char = opts[0]
        yield at + 1, (char,), lm.chinese.char_logp(char) if is_cjk(char) else 0.0
        return
    place = (placement_logp(fixed, at, _names_topic, _names_thing, wrapped)
             if PLACED_MARKS.intersection(opts) else {})
    before, after = fixed[at - 1:at], fixed[at + 1:at + 2]
    numbers = between_digits(fixed, at)
    # A note whose quotations open low has its quotes paired and faced as the English marks of the same roles.
    quoted = fixed.translate(LOW_AS_HIGH_QUOTES) if lm.low_quotes else fixed
    for char in opts:
        role = char.translate(LOW_AS_HIGH_QUOTES) if lm.low_quotes else char
        paired = (BETWEEN_DIGITS_BRACKET_LOGP if numbers and (char in BRACKETS or char in SENTENCE_ENDS)
                  else pairing_logp(role, quoted, at, marks.get(char, frozenset()), mixed_widths))
        yield at + 1, (char,), (lm.char_logp(char) + paired + facing_logp(role, quoted, at)
                                + place.get(char, 0.0) + adjacent_marks_logp(before, char)
                                + adjacent_marks_logp(char, after))


@lru_cache(maxsize=4096)
def _names_topic(label: str) -> bool:
    """Whether a label's last word names a topic (思考, 优势, 非线性) rather than connecting what follows to
    what came before (首先, 因此, 其中: a comma follows those); words kb has no class for count as names. A
    phrase that opens with a preposition or a conjunction (对于分类问题, 如果数据很少) is an adverbial or a
    condition, whatever noun ends it: a comma closes it."""
    from kb.read.wordclass import CONNECTIVE_CLASSES, MAX_WORD, shared_word_classes

    classes = shared_word_classes()
    if _opens_adverbial(label):
        return False
    for size in range(min(MAX_WORD, len(label)), 0, -1):
        kind = classes.class_of(label[-size:])
        if kind:
            return kind not in CONNECTIVE_CLASSES
    return True


@lru_cache(maxsize=4096)
def _names_thing(label: str) -> bool:
    """Whether a label is a noun phrase (原因, 基本思想, 两部分): what a label opening a plain paragraph is. Its
    last word is a noun of two characters or more (a one-character word says too little: 时 of 在训练时 is a
    noun too, and a word kb has no class for may end a clause as well as a term), and none of its words, read
    greedily longest first, is of a class that makes it a clause or an adverbial (先读取数据, 再更新参数,
    其中, SGD中: `CLAUSE_CLASSES`)."""
    from kb.read.wordclass import MAX_WORD, shared_word_classes

    if label.lower() in LABEL_WORDS:
        return True
    classes = shared_word_classes()
    last = None
    at = 0
    while at < len(label):
        for size in range(min(MAX_WORD, len(label) - at), 0, -1):
            kind = classes.class_of(label[at:at + size])
            if kind or size == 1:
                if kind in CLAUSE_CLASSES:
                    return False
                last = (size, kind)
                at += size
                break
    return last is not None and last[0] >= 2 and bool(last[1]) and last[1].startswith("n")


# Words that open a note's paragraph as a label of their own, whatever class the tagged text gives them: the verbs
# a note heads a reference, an exercise, a proof or a summary with (参考, 思考, 证明, 总结: the colon follows them
# there, 「参考：《深度学习》」), and the English label words notes write (eg, PS, Note, Q and A of a Q&A).
LABEL_WORDS = frozenset({"参考", "思考", "证明", "推导", "总结", "小结", "备注", "提示", "解答", "答", "问", "注",
                         "eg", "e.g.", "ps", "note", "tip", "tips", "ref", "q", "a", "todo"})
# Classes of words that make a phrase a clause or an adverbial rather than a noun phrase: verbs, adverbs,
# prepositions, conjunctions, pronouns, locatives, time words and idioms (a gerund, vn, names a thing).
CLAUSE_CLASSES = frozenset({"v", "vd", "d", "ad", "p", "c", "r", "f", "t", "l"})


# Classes of a first word that makes the phrase it opens an adverbial or a condition (prepositions, conjunctions).
ADVERBIAL_OPENERS = frozenset("pc")


def _opens_adverbial(label: str) -> bool:
    """Whether the first word of `label` (the longest kb has a class for) is a preposition or conjunction."""
    from kb.read.wordclass import MAX_WORD, shared_word_classes

    classes = shared_word_classes()
    for size in range(min(MAX_WORD, len(label)), 0, -1):
        kind = classes.class_of(label[:size])
        if kind:
            return kind in ADVERBIAL_OPENERS
    return False


def _mark_holders(options: list[Options], damaged: list[bool]) -> dict[str, frozenset[int]]:
    """For each bracket or quote mark, the damaged slots that could hold it."""
    paired = set(PAIRS) | set(PAIRS.values())
    holders: dict[str, set[int]] = {}
    fixed = "".join(opts[0] if not damaged[at] else "\0" for at, opts in enumerate(options))
    for at, opts in enumerate(options):
        if damaged[at] and not between_digits(fixed, at):
            for char in paired.intersection(opts):
                holders.setdefault(char, set()).add(at)
    return {char: frozenset(slots) for char, slots in holders.items()}


def _word_steps(options: list[Options], start: int, stop: int, lm: LanguageModel):
    """Chinese dictionary words of two or more characters that start at `start` and fit the slots."""
    if not any(is_cjk(char) for char in options[start]):
        return []
    words = lm.chinese
    known = words.freq   # prefixes map to 0: membership is `is_prefix`, looked up here without a call
    frontier = [char for char in options[start] if is_cjk(char) and char in known]
    steps = []
    end = start + 1
    while frontier and end < stop:
        grown = (prefix + char for prefix in frontier for char in options[end])
        frontier = list(islice((word for word in grown if word in known), _MAX_FRONTIER))
        end += 1
        for word in frontier:
            if known[word]:
                steps.append((end, tuple(word), words.word_logp(word)))
    return steps


def _alphabetic_runs(options: list[Options], damaged: list[bool], lm: LanguageModel) -> dict[int, int]:
    """Start -> end of each run of letters of one alphabet that holds a damaged slot."""
    languages = [_slot_language(opts, lm) for opts in options]
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


def _slot_language(opts: Options, lm: LanguageModel) -> str | None:
    languages = {lm.letter_language(char) for char in opts}
    return languages.pop() if len(languages) == 1 else None


def _mid_sentence(before: str) -> bool:
    """Whether a word after `before` (its line up to the word) stands inside a sentence: a space after a small
    letter or a comma or semicolon."""
    text = before.rstrip(" ")
    return bool(text) and len(text) < len(before) and (text[-1].islower() or text[-1] in ",;")


def _slots_before(options: list[Options], fixed: str, start: int) -> list[Options]:
    """The candidates of each slot of the word a single space sets before a run starting at `start` (settled
    letters and damaged slots), [] if none."""
    first = _word_start_before(fixed, start, hyphens=False)
    return [] if first is None else options[first:start - 1]


def _settled_word_before(fixed: str, start: int) -> str:
    """The word a single space sets before a run starting at `start` (with its hyphens: по-другому), in small
    letters, its damaged letters as NUL; "" if none."""
    first = _word_start_before(fixed, start, hyphens=True)
    return "" if first is None else fixed[first:start - 1].lower()


def _word_start_before(fixed: str, start: int, hyphens: bool) -> int | None:
    """Where the word a single space sets before `start` begins (letters and damaged slots, NUL; hyphens too
    where asked); None where no space stands there."""
    if start < 2 or fixed[start - 1] != " ":
        return None
    first = start - 1
    while first > 0 and (fixed[first - 1] == "\0" or fixed[first - 1].isalpha() or hyphens and fixed[first - 1] == "-"):
        first -= 1
    return first


def _settled_word_after(fixed: str, end: int) -> str:
    """The word a single space sets after a run ending at `end`, in small letters, where its last letter is
    settled (the letters before it may be damaged: NUL); "" otherwise."""
    if fixed[end:end + 1] != " ":
        return ""
    stop = end + 1
    while stop < len(fixed) and (fixed[stop] == "\0" or fixed[stop].isalpha()):
        stop += 1
    word = fixed[end + 1:stop]
    return word.lower() if word and word[-1] != "\0" else ""


def _run_steps(options: list[Options], start: int, end: int, damaged: list[bool], lm: LanguageModel,
               mid_sentence: bool = False, before: list[Options] | None = None, word_after: str = "",
               word_before: str = ""):
    """The whole run as one token: known words by their frequency, other spellings letter by letter; a capital
    the damage cannot tell from its small letter opening a word `mid_sentence` costs MID_SENTENCE_CAPITAL_LOGP."""
    language = _slot_language(options[start], lm)
    assert language is not None
    alphabet = lm.alphabet(language)
    slots = options[start:end]
    if prod(map(len, slots)) > _MAX_SPELLINGS:
        # Too many to try as words: keep each damaged slot's likeliest letters, as many in every slot as the
        # spellings allow. Keeping one letter each turned every word with several damaged letters into its
        # commonest letters: a Russian word read as cp1253 loses a byte in с, ш, ь, э, ю and я alike, each
        # slot holds a dozen letters, and меняются (four such letters) came back менсстсс.
        choosing = [opts for opts in slots if len(opts) > 1]
        keep = max(1, math.floor(_MAX_SPELLINGS ** (1 / len(choosing)) + 1e-9))
        slots = [opts if len(opts) == 1 else tuple(sorted(opts, key=alphabet.letter_logp, reverse=True)[:keep])
                 for opts in slots]
    steps = []
    unknown = []
    for chars in product(*slots):
        word_logp = alphabet.word_logp("".join(chars))
        if word_logp is None:
            hurt = damaged[start:end]
            letters = sum(alphabet.letter_logp(c) for c, bad in zip(chars, hurt) if bad)
            spaced, near = (" ", *chars, " "), (False, *hurt, False)
            misfits = sum(alphabet.pair_misfit(spaced[at], spaced[at + 1]) for at in range(len(spaced) - 1)
                          if near[at] or near[at + 1])
            spelled = "".join(chars)
            unknown.append((chars, UNKNOWN_WORD_LOGP + letters + misfits,
                            (alphabet.known_prefix(spelled), alphabet.known_prefix(spelled, backwards=True))
                            if UNKNOWN_STEM_LOGP else (0, 0)))
            continue
        steps.append((chars, word_logp))
    # Of the spellings no list holds, those that stop beginning (ending) a listed word sooner than another spelling
    # of the run lose (a listed spelling begins and ends one all through); STEM_WINDOW letters at most each way.
    longest = [max([known[side] for _, _, known in unknown] + [end - start] * bool(steps)) for side in (0, 1)]
    steps += [(chars, logp + UNKNOWN_STEM_LOGP * sum(min(longest[side] - known[side], STEM_WINDOW) for side in (0, 1)))
              for chars, logp, known in unknown]
    case = russian_case_scores(language, before or [], word_before, word_after,
                               lambda word: alphabet.word_logp(word) is not None)
    scored = []
    for chars, word_logp in steps:
        word_logp += case("".join(chars).lower(), damaged[end - 1])
        if mid_sentence and damaged[start] and chars[0].isupper() and chars[0].lower() in options[start]:
            word_logp += MID_SENTENCE_CAPITAL_LOGP
        scored.append((end, chars, word_logp + CASE_BREAK_LOGP * _case_breaks(chars)))
    return scored


def _case_breaks(chars: tuple[str, ...]) -> int:
    """Capitals after a small letter inside one word (`categorÁas`): rare in any alphabetic script."""
    return sum(1 for before, after in zip(chars, chars[1:]) if before.islower() and after.isupper())
