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

OBJECT = "\ufffc"   # a formula, code span or image that is present
# where inline formatting starts or ends: a space beside it is the writer's habit ("**term** ，"), not a gap
FORMAT_EDGE = "\u2063"
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_EMOTICON = re.compile(r"[:;]-?[()DPp/|]")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SENTENCE_END = re.compile(r"[.?!。？！\n]")


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
    classes: dict[str, frozenset[str]]
    before_punctuation: tuple[str, ...]
    adjacent: tuple[tuple[str, str], ...]
    punctuation: str                 # the tight and loose marks: what a word needing a next word cannot precede


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
        tight=re.compile(r"(?:(?<=\w)[ \t]+([" + re.escape(tight) + r"])|(?<=[,;，；])[ \t]+([" +
                         re.escape(tight.replace(":", "").replace("：", "")) + r"]))" + follows) if tight else None,
        loose=re.compile(r"(?<=\w)[ \t]+([" + re.escape(loose) + "])" + follows) if loose else None,
        introducers=re.compile((r"(?<!\w)" if word_boundary else "") + "(?:" + "|".join(map(re.escape, intro)) +
                               r")[ \t]*([,.;，。；])") if intro else None,
        label_chain=(re.compile(r"(?<=\w):[ \t]+(?=[^\W\d_][\w-]{0,15}:(?:\s|$))|(?<=\w):[ \t]*(?=\n|$)")
                     if table.get("label_after_colon") else None),
        # one space between Han characters is some writers' phrasing; two are the frame of a lost formula
        unspaced=re.compile(f"(?<=[{_HAN}])[ \\t]{{2,}}([{_HAN}])") if not word_boundary else None,
        classes={name: frozenset(words) for name, words in table.get("classes", {}).items()},
        before_punctuation=tuple(table.get("before_punctuation", ())),
        adjacent=tuple(tuple(pair) for pair in table.get("adjacent", ())),
        punctuation=tight + loose,
    )


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
        found.update(m.end() for m in cues.label_chain.finditer(text) if _in_label_chain(text, m.start()))
    found.update(_word_cues(text, cues))
    return sorted(found)


def _start(match: re.Match[str]) -> int:
    """Where the mark goes: before the first group that matched."""
    return next(match.start(g) for g in range(1, (match.re.groups or 0) + 1) if match.start(g) >= 0)


def _not_a_gap(text: str, at: int) -> bool:
    """A smiley (" :)") or an ellipsis (" ...") is spaced on purpose."""
    return bool(_EMOTICON.match(text, at)) or text.startswith("..", at)


def _in_label_chain(text: str, colon: int) -> bool:
    """A colon followed by nothing counts only in a chain of labels ("L1:  L2:"), not after a lone
    lead-in ("Steps:" before a list)."""
    line_start = text.rfind("\n", 0, colon) + 1
    return text.count(":", line_start, text.find("\n", colon) % (len(text) + 1) or len(text)) >= 2


def _word_cues(text: str, cues: GapCues) -> list[int]:
    words = list(_WORD.finditer(text))
    found = []
    for index, word in enumerate(words):
        lower = word.group().lower()
        after = text[word.end():]
        if any(lower in cues.classes.get(name, ()) for name in cues.before_punctuation):
            punct = re.match(r"[ \t]*([" + re.escape(cues.punctuation) + r"])(?=\s|$)", after)
            if punct:
                found.append(word.end() + punct.start(1))
        if index + 1 < len(words):
            nxt = words[index + 1]
            between = text[word.end():nxt.start()]
            if between.strip(" \t") or not between and cues.unspaced is None:
                continue
            if any(_is(lower, a, cues, True) and _is(nxt.group().lower(), b, cues, False) for a, b in cues.adjacent) \
                    and not _opens_question(text, word.start()):
                found.append(nxt.start())
    return found


def _is(word: str, name: str, cues: GapCues, first: bool) -> bool:
    """The word is of the class; in a script without spaces a "word" is a run of characters, so the
    class's word must end the first run or start the second."""
    words = cues.classes.get(name, ())
    if cues.unspaced is None:
        return word in words
    return any(word.endswith(w) if first else word.startswith(w) for w in words)


def _opens_question(text: str, start: int) -> bool:
    """The word opens a sentence that ends in a question mark ("Where is the model saved?")."""
    before = text[:start].rstrip(" \t")
    if before and not _SENTENCE_END.match(before[-1]):
        return False
    end = _SENTENCE_END.search(text, start)
    return end is not None and end.group() in "?？"
