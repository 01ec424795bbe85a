"""Find where a note's prose lost an inline formula (`a dataset , we maximise where are our parameters`).

The cues are data (`data/formula_gaps.toml`, one table per language; why each cue works is written there).
Detection runs on *visible text*: prose in which every formula, code span or image still present is one
OBJECT character and blocks are separated by newlines, so a formula that is there never looks missing.
A gap is reported as the offset of the character the "formula missing" mark goes before.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kb.model import Note

OBJECT = "\ufffc"   # a formula, code span or image that is present
# where inline formatting starts or ends: a space beside it is the writer's habit ("**term** ，"), not a gap
FORMAT_EDGE = "\u2063"
_EMOTICON = re.compile(r"[:;]-?[()DPp/|]")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SENTENCE_END = re.compile(r"[.?!。？！\n]")


def lost_its_math(note: Note | None) -> bool:
    """Whether the note may have lost formulas at all: an exporter that drops math drops every TeX formula, so a
    note that still holds one (`$…$`, `\\(…\\)`, `$$…$$`, an environment) kept its math, and a space before a full
    stop in it is only the author's spacing ("... backpropagation ."). Formulas written as plain text or code
    (`(1-beta1**t)`) are text and survive the export: they say nothing. Unknown (None): it may have."""
    return note is None or not any(block.kind == "formula" and _TEX_MATH.search(block.text)
                                   for section in note.sections for block in section.blocks)


_TEX_MATH = re.compile(r"\$|\\[(\[]|\\begin\{")


def markdown_gaps(markdown: str, lang: str) -> list[int]:
    """find_gaps over a Markdown source (a card's answer) instead of rendered HTML: its visible text, with code,
    images, math and raw HTML as OBJECT, emphasis edges as FORMAT_EDGE and blocks and line breaks as newlines,
    as kb.emit.gap_marks reads the rendered card."""
    return find_gaps(_markdown_visible_text(markdown), lang)


_INLINE_OBJECTS = frozenset({"code_inline", "image", "html_inline", "math_inline", "math_inline_double"})
_BLOCK_OBJECTS = frozenset({"code_block", "fence", "html_block", "math_block", "math_block_label"})


def _markdown_visible_text(markdown: str) -> str:
    parts: list[str] = []
    for token in _commonmark().parse(markdown):
        if token.type == "inline":
            for child in token.children or ():
                parts.append(child.content if child.type == "text" else OBJECT if child.type in _INLINE_OBJECTS
                             else "\n" if child.type in ("softbreak", "hardbreak") else FORMAT_EDGE)
        elif token.type in _BLOCK_OBJECTS:
            parts.append(OBJECT)
        elif token.nesting:
            parts.append("\n")
    return "".join(parts)


@lru_cache(maxsize=1)
def _commonmark():   # made once: a parser per card answer is most of the cost of reading one
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True})


@dataclass(frozen=True)
class GapCues:
    """One language's cues, compiled."""
    label: str
    title: str
    tight: re.Pattern[str] | None
    loose: re.Pattern[str] | None
    introducers: re.Pattern[str] | None
    label_chain: re.Pattern[str] | None
    unspaced: re.Pattern[str] | None
    word_pairs: re.Pattern[str] | None       # two words grammar never puts side by side: the gap is between
    needs_next_word: re.Pattern[str] | None  # a word that cannot end a clause, then a mark that ends one
    announces_display: re.Pattern[str] | None  # a line that ends announcing a formula that is not there
    not_announcing: re.Pattern[str] | None     # words that make such a line an ordinary clause ("what it is")


@lru_cache(maxsize=None)
def gap_cues(lang: str) -> GapCues | None:
    """The cues of a language (None when kb has no table for it: no marks rather than wrong ones)."""
    table = _tables().get(lang.split("-")[0].lower())
    if table is None:
        return None
    tight, loose = table.get("tight_punctuation", ""), table.get("loose_punctuation", "")
    word_boundary = not table.get("unspaced_script", False)
    # in spaced scripts punctuation is followed by a space: ".py", "3 .5" and ":class:" are not sentence ends
    follows = r"(?=\s|$|[" + re.escape(tight + loose) + r"\"'”’»」])" if word_boundary else ""
    intro = sorted(table.get("introducers", ()), key=len, reverse=True)
    return GapCues(
        label=table["label"], title=table["title"],
        # a space left before a mark set tight, after a word ("a dataset , we") or after a comma
        # ("Xavier, , where"; not before a colon: "[:, :]" is a slice)
        tight=re.compile(r"(?:" + _after_word(word_boundary) + r"([" + re.escape(tight) +
                         r"])|(?<=[,;，；])[ \t]+([" +
                         re.escape(tight.replace(":", "").replace("：", "")) + r"]))" + follows) if tight else None,
        loose=re.compile(r"(?<=\w)[ \t]+([" + re.escape(loose) + "])" + follows) if loose else None,
        introducers=re.compile((r"(?<!\w)" if word_boundary else "") + "(?:" + "|".join(map(re.escape, intro)) +
                               r")[ \t]*([,.;，。；])") if intro else None,
        label_chain=(re.compile(r"(?<=\w):(?:[ \t]+(?=[^\W\d_][\w-]{0,15}:(?:\s|$))|[ \t]*(?=\n|$))")
                     if table.get("label_after_colon") else None),
        # one space between Han characters is some writers' phrasing; two are the frame of a lost formula
        unspaced=_unspaced(table.get("unspaced_letters", _HAN)) if not word_boundary else None,
        word_pairs=_word_pairs(table, word_boundary),
        needs_next_word=(re.compile(_START + _any_of(table, table["before_punctuation"]) + r"[ \t]*([" +
                                    re.escape(tight + loose) + r"])(?=\s|$)", re.I)
                         if table.get("before_punctuation") else None),
        announces_display=_line_end(table, word_boundary),
        not_announcing=(re.compile(_START + _any_of(table, ["not_announcing"]) + _END, re.I)
                        if table.get("classes", {}).get("not_announcing") else None),
    )


def _after_word(spaced: bool) -> str:
    """The space after a word that stands before a gap. In a script written without spaces, writers who
    mix in Latin words set them off with a space on each side ("有 meta-rule ，但"), as they set off a
    formula: after a Latin word one space is that habit, and only the two that framed a formula are a gap."""
    if spaced:
        return r"(?<=\w)[ \t]+"
    return r"(?:(?<=\w)(?<![A-Za-z0-9_])[ \t]+|(?<=[A-Za-z0-9_])[ \t]{2,})"


def _unspaced(letters: str) -> re.Pattern[str]:
    return re.compile(f"(?<=[{letters}])[ \\t]{{2,}}([{letters}])")


def _line_end(table: dict, spaced: bool) -> re.Pattern[str] | None:
    """A phrase announcing a formula at the end of a line, with no punctuation after it."""
    phrases = table.get("announces_display", ())
    if not phrases:
        return None
    words = "|".join(map(re.escape, sorted(phrases, key=len, reverse=True)))
    return re.compile((_START if spaced else "") + f"(?:{words})[ \\t]*$", re.I | re.M)


# A whole word in a spaced script: not inside a longer word, a hyphenated one ("so-called") or a contraction.
_START = r"(?<![\w'’\-])"
_END = r"(?![\w]|['’\-]\w)"


def _any_of(table: dict, names: list[str]) -> str:
    words = {word for name in names for word in table.get("classes", {}).get(name, ())}
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


def _word_pairs(table: dict, spaced: bool) -> re.Pattern[str] | None:
    """One pattern for every pair of word classes that cannot follow one another; it ends where the
    second word starts. In a script without spaces the first class's word ends a run of characters and
    the second's starts the next run."""
    pairs = []
    for first, second in table.get("adjacent", ()):
        a, b = _any_of(table, [first]), _any_of(table, [second])
        pairs.append(f"{_START}{a}[ \\t]+(?={b}{_END})" if spaced else f"{a}[ \\t]+(?={b})")
    return re.compile("|".join(pairs), re.I) if pairs else None


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict]:
    return tomllib.loads(resources.files("kb.check").joinpath("data/formula_gaps.toml").read_text("utf-8"))


def find_gaps(text: str, lang: str) -> list[int]:
    """Offsets in `text` (visible text, see the module doc) before which a formula seems to be missing."""
    cues = gap_cues(lang)
    if cues is None:
        return []
    found: set[int] = set()
    for pattern in (cues.tight, cues.introducers, cues.unspaced):
        if pattern is not None:
            found.update(_start(m) for m in pattern.finditer(text) if not _not_a_gap(text, _start(m)))
    if cues.label_chain is not None:
        found.update(m.end() for m in cues.label_chain.finditer(text) if _in_label_chain(text, m.start(), m.end()))
    found.update(_word_cues(text, cues))
    if cues.announces_display is not None:
        found.update(_lost_displays(text, cues))
    return sorted(found)


_NEXT_LINE = re.compile(r"\n[\s]*")


def _lost_displays(text: str, cues: GapCues) -> list[int]:
    """Ends of lines that announce a formula ("Our L1 distance is") where none follows: the next line is
    neither the formula (an OBJECT) nor the sentence going on (a small letter), or the text ends."""
    found = []
    for match in cues.announces_display.finditer(text):
        after = _NEXT_LINE.match(text, match.end())
        following = text[after.end()] if after and after.end() < len(text) else ""
        if following == OBJECT or following.islower() or (not after and match.end() < len(text)):
            continue
        sentence = _SENTENCE_END.split(text[text.rfind("\n", 0, match.start()) + 1:match.start()])[-1]
        if cues.not_announcing is None or not cues.not_announcing.search(sentence):
            found.append(match.end())
    return found


def _start(match: re.Match[str]) -> int:
    """Where the mark goes: before the first group that matched."""
    return next(match.start(g) for g in range(1, (match.re.groups or 0) + 1) if match.start(g) >= 0)


def _not_a_gap(text: str, at: int) -> bool:
    """A smiley (" :)") or an ellipsis (" ...") is spaced on purpose."""
    return bool(_EMOTICON.match(text, at)) or text.startswith("..", at)


def _in_label_chain(text: str, colon: int, end: int) -> bool:
    """A colon followed by another label ("L1:  L2:") is a gap; one that ends its line is a gap only when a
    label's colon stands a few words before it on the line ("L2:" after "L1:  "), not after a lone
    lead-in ("Steps:" before a list)."""
    if end < len(text) and text[end] != "\n":
        return True
    window = text[max(0, colon - 24):colon]
    return ":" in window[window.rfind("\n") + 1:]


def _word_cues(text: str, cues: GapCues) -> list[int]:
    found = []
    if cues.needs_next_word is not None:
        found += [m.start(1) for m in cues.needs_next_word.finditer(text)]
    if cues.word_pairs is not None:
        found += [m.end() for m in cues.word_pairs.finditer(text) if not _opens_question(text, m.start())]
    return found


def _opens_question(text: str, start: int) -> bool:
    """The word opens a sentence that ends in a question mark ("Where is the model saved?")."""
    before = start - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    if before >= 0 and not _SENTENCE_END.match(text[before]):
        return False
    end = _SENTENCE_END.search(text, start)
    return end is not None and end.group() in "?？"
