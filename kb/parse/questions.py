"""Questions the author wrote, found the same way in every note kind.

A line asks a question by one of these conventions (the cue words are data, per language, in
`data/question_cues.toml`, and every language's cues count in every note):
- `question mark`: it ends with `?`/`？` ("What is max pooling?", "1) Why ...?");
- `question label`: it starts with a label, with or without a number ("Q1- ...", "Question :", "问：",
  "Вопрос 2.", "Exercise 3:");
- `interrogative heading`: a heading or bold line starts with an interrogative and its verb ("What is
  dropout", "为什么要归一化", "Что такое BN") or ends with one ("BN 的作用是什么", "活性化関数とは");
- `exam prompt`: it starts with an imperative prompt ("Explain ...", "简述 ...", "Объясните ...") or ends
  with one ("...を説明せよ"), on a line that stands out (a heading, a bold or labelled line, a paragraph's
  first line): inside running prose, "Compare the image with ..." is an instruction, not a question.
In running prose a question must also read as one sentence of its own (not the end of one that began on
the line before, not "It works. Why?").

A line may also ask and answer at once (`inline_answer`): "1. Why ...? (It ...)", "Q: ...? A: ...",
"...? — ...", "**What is X?** ...", "What is the loss at initialization? It should be log(C).".

Such a line may be a heading, a line of a paragraph, the first line of a list item, or the first line of
a quote (`> **Question**: ...`, an Obsidian `> [!question]` callout). It becomes a question heading
whose text is the question without markup, numbering or label; what follows it up to the next question
or heading is its answer, without an "A:" label or a repeat of the question. A question found in prose
with nothing after it stays prose: a card needs an answer.

Explicit card markup of other flashcard tools wins over all of that (Obsidian Spaced Repetition's
conventions): a line `front::back` is a card, `front:::back` two (one each way); a paragraph split by a line
`?` is a card whose front is above the line and back below it, `??` two. A Logseq property (`key:: value`,
one lower-case word before `::`), a line of code (`std::sort(v);`) and `::` in code spans, math or clozes are not cards.
"""
from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Literal

from markdown_it import MarkdownIt

from kb.model import Block
from kb.parse import icons
from kb.parse.items import Heading, Item, Resume

# Where a line sits decides which conventions apply: a heading, a bold line or a list item with an answer
# under it stands out and may be an exam prompt; so may a paragraph's first line or a line before an "A:"
# (a lead), which must also read as one sentence, like a line of running prose; a line of a Q&A text
# stands alone.
# answered: the line right above an answer label ("答案：", "A:"): the label says that line is its question.
Place = Literal["heading", "lead", "line", "prose", "answered"]  # lead: the line that opens a paragraph or an answer

INLINE_LEVEL = 7  # deeper than any Markdown heading (h1-h6): the next heading of any level ends the answer

_MARKUP = (
    (re.compile(r"!?\[\[(?:[^\]|]*\|)?([^\]]*)\]\]"), r"\1"),                 # [[target|label]]
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),                          # [text](url), images
    (re.compile(r"</?[A-Za-z][^>]*>|%%.*?%%"), ""),                            # HTML tags, %% comments %%
    (re.compile(r"\*\*|__|==|~~|`"), ""),                                      # bold, highlight, strike, code
    (re.compile(r"^\[![A-Za-z-]+\][-+]?\s*"), ""),                               # > [!note] callout type
    (re.compile(r"(?<![\w*\\])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *italic*
    (re.compile(r"(?<![\w\\])_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)"), r"\1"),        # _italic_
    (re.compile(r"\\([*_#?!>`~=])"), r"\1"),                                   # Markdown escapes
)
# Icons before a line's words, and keycap numbers (1️⃣ = "1", VS16, U+20E3), which quiz notes number their
# questions with as others write "1.": decoration, no part of the question.
_MARKERS = re.compile(r"^\s*(?:#{1,6}\s+|#{2,6}(?=\S)|>\s*|[-*+•]\s+|(?:TODO|DONE|NEXT|LATER|NOW)\s+"
                      r"|(?:[0-9#*]\uFE0F?\u20E3)+\s*"
                      r"|[\U0001F300-\U0001FAFF\u2190-\u21FF\u2600-\u27BF\uFE0F]+\s*)*")
_CLOSING_HASHES = re.compile(r"\s+#+\s*$")
_CALLOUT = re.compile(r"^\s*>?\s*\[!(?:question|faq|help)\]", re.I)
# "1.", "(2)", "3）", "①", "#3", "四、", "第5题", "0x02." (hex numbering, common in Chinese blogs' headings), section
# numbers "2.5 " and "2.5，" (never half of one: "2." of "2.5"), and letters "C. ", "b) "; full-width "）" and
# circled digits are how Chinese and Japanese writers number items
_NUMBERING = re.compile(
    r"^(?:\d+(?:\.\d+)*\s*[.)）、:：．，](?!\d)|[\u2460-\u2473]\s*|[1-9]\d?(?:\.\d{1,2})+(?=\s)|[(（]\d+[)）]|#\d+\b\s*[.:)]?|[一二三四五六七八九十]+\s*[、.．]"
    r"|0x[0-9A-Fa-f]+(?:\s*[.)、:：．]|\s)|第\s*\d+\s*[题題问問]\s*[:：.．]?|[A-Z][.)](?=\s)|[a-z]\)(?=\s))\s*")
_BOLD_LINE = re.compile(r"^\s*(?:[-*+]\s+|>\s*)?(\*\*|__)(?=\S)(.+?)(?<=\S)\1\s*[:：]?\s*$")
_ASKS = re.compile(r"[?？؟][\"'”’)）]*\s*$")                # "...?" and "(... regression?)"
_MARKED = re.compile(r"[?？؟]")  # a heading with a mark asks where the mark is, or not at all
# A heading or bold line that asks and then says what to do ("What is X? Give examples.") is a question too.
_ASKS_THEN_SAYS = re.compile(r"[?？؟][\"'”’)）]*\s+\S")
_SENTENCE_INSIDE = re.compile(r"[.!?。！？;；]\s+\S|[。！？]\S")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"\w+")
_SCRIPT_CHANGE = re.compile(r"(?<=[A-Za-z0-9])(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])"
                            r"|(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])(?=[A-Za-z0-9])")
_LETTER = re.compile(r"[^\W\d_]")
_MIN_WORDS = 2
_MIN_CJK = 3
_MIN_PROMPT_LETTERS = 3   # "Explain NMS"; a bare "说明" or "Explain:" names a part of the note
_LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+•]|\d+[.)])\s+")
_PROPERTY = re.compile(r"^\s*(?:[-*+]\s+)?[a-z][a-z0-9_-]*::\s")  # Logseq: "type:: notes" (as kb.parse.dialects.outliner)
_SCOPE = re.compile(r"^[a-z_][a-z0-9_]*::[A-Za-z_~]")      # a line of C++ or Rust: std::sort(v)
_NOT_TEXT = re.compile(r"`[^`\n]*`|\$[^$\n]*\$|\{\{.*?\}\}")  # code, math and cloze may hold "::"
_SPLIT = ("?", "??")                                        # a line of its own between front and back
_QUOTE = re.compile(r"^\s*>\s?")
_PROSE_KINDS = ("paragraph", "list", "quote")


# A question answered on its own line: where its answer starts, after the question's "?" (and any closing
# quote, bracket or emphasis): an answer label ("? A: ..."), a bracket ("? (It reduces ...)", "？（答：...）"),
# a dash or an arrow ("? — ...", "? -> ..."), or just the next sentence ("? It should be log(C).").
_LINE_LEAD = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+•]|\d+[.)])\s+(?:\[[ xX]\]\s+)?)?")
_ASKED_END = re.compile(r"[?？](?:[\"'”’)）]|\*\*?|__?)*")
_BOLD_LEAD = re.compile(r"^(?P<number>(?:\d+[.)、．]\s*)?)(\*\*|__)(?=\S)(?P<question>.+?)(?<=\S)\2(?P<rest>.*)$")
_BRACKETED = re.compile(r"^\s*[(（]")
_ASIDE = re.compile(r"[(（][^()（）]*[)）]")
_TRAILING_ASIDE = re.compile(r"[\s.。]*[(（][^()（）]*[)）]\s*$")
# A prompt's sentences up to their last full stop, then one bracket (with asides in it) closing the line.
_PROMPT_THEN_BRACKET = re.compile(r"^(?P<prompt>.+[.。])\s*(?P<said>[(（](?:[^()（）]|[(（][^()（）]*[)）])*[)）])\s*$")
_FURTHER_QUESTION = re.compile(r"\s*[^\s(（—–→⇒-][^.!?。！？(（\n]*[?？](?:[\"'”’)）]|\*\*?|__?)*")
_DASHED = re.compile(r"^(?:\s+(?:[—–]|-{1,2}|->|=>)\s+|\s*[→⇒]\s*|\s*[—–]\s*)")
_AFTER_BOLD = re.compile(r"^\s*(?:[:：]|[—–]|-{1,2}(?=\s))?\s*")
# Not a question's end: a link's target ("?q=...") or a doubt the author marked in passing ("It's late (?)").
_NOT_ASKING = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+|[(（]\s*[?？]+\s*[)）]")
_ENDS_SENTENCE = re.compile(r"[.!?。！？:：]['\"”’)）*_]*\s*$")
# An answer in brackets says something ("(It reduces the shift)"), unlike "(5 points)" after an exam question.
_MIN_BRACKETED_WORDS = 3
_MIN_BRACKETED_CJK = 4
# A question answered by the next sentence of its line must name what it asks about: "Why?", "How so?" and
# "为什么？" are the writer's voice.
_MIN_SELF_ANSWERED_WORDS = 3
_MIN_SELF_ANSWERED_CJK = 5
_MAX_WRAPPED_LINES = 3
_MAX_REVEAL_WORDS = 4  # "Click for the step-by-step solution": a few words between the verb and what it reveals  # a list item's question hard-wrapped by the editor (80-100 columns)


@dataclass(frozen=True)
class _Cues:
    question_label: re.Pattern[str]
    page_label: re.Pattern[str]
    answer_label: re.Pattern[str]
    answer_inside: re.Pattern[str]
    prompt: re.Pattern[str]
    back_reference: re.Pattern[str]
    interrogative: re.Pattern[str]
    question_label_alone: re.Pattern[str]
    answer_label_alone: re.Pattern[str]
    reveal_labels: frozenset[str]
    reveal: re.Pattern[str]
    hint_label: re.Pattern[str]
    question_list_label: re.Pattern[str]
    enumeration_end: re.Pattern[str]
    placeholders: frozenset[str]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    text = resources.files("kb.parse").joinpath("data/question_cues.toml").read_text("utf-8")
    table = tomllib.loads(text)

    def words(key: str) -> str:
        found = {word for cues in table.values() for word in cues.get(key, [])}
        return "|".join(re.escape(word) for word in sorted(found, key=len, reverse=True))

    def prompts(key: str) -> str:
        # A Latin or Cyrillic prompt is a word ("List the" is not "Listing"); CJK has no spaces.
        found = {word for cues in table.values() for word in cues.get(key, [])}
        parts = [re.escape(w) + ("" if _CJK.search(w[-1]) else r"(?!\w)") for w in sorted(found, key=len, reverse=True)]
        return "|".join(parts)

    number = r"\d+(?:\.\d+)*[a-z]?"
    separator = r"\s*(?:[:：]|[-–—.)．](?=\s)|(?<=\d)[-–—)．]|(?<=\d)(?=\s))\s*"

    def whole_words(key: str) -> str:
        # A word of a script with spaces is a whole word ("it", not "with"); CJK, kana and Hangul have none.
        found = {word for cues in table.values() for word in cues.get(key, [])}
        return "|".join(re.escape(w) if _CJK.search(w) else rf"(?<!\w){re.escape(w)}(?!\w)"
                        for w in sorted(found, key=len, reverse=True))

    markup = r"(?:\*\*|__|\*|_)?"
    return _Cues(
        question_label=re.compile(
            rf"^(?:(?:{words('question_labels')})\s*(?:{number})?|(?:{words('numbered_labels')})\s*{number}){separator}",
            re.I),
        page_label=re.compile(rf"^(?:{words('page_labels')})\.?\s*\d+(?:\s*[-–]\s*\d+)?\s*[:：]\s*", re.I),
        answer_label=re.compile(
            rf"^(?:\*\*|__|\*|_)?\s*(?:{words('answer_labels')})\s*(?:{number})?\s*(?:\*\*|__|\*|_)?\s*[:：]\s*(?:\*\*|__|\*|_)?\s*",
            re.I),
        # "Q: What is X? A: Y" on one line: the answer label after the question, past a space or its "?"
        answer_inside=re.compile(rf"(?:\s+|(?<=[?？。]))(?={markup}\s*(?:{words('answer_labels')})\s*{markup}\s*[:：])"),
        prompt=re.compile(rf"^(?:{prompts('prompts')})|(?:{prompts('prompt_endings')})[。.!！]?"
                          rf"(?:\s*(?:{words('prompt_conditions')})[^。.!！?？]*[。.]?)?$", re.I),
        back_reference=re.compile(whole_words("back_references"), re.I),
        question_label_alone=re.compile(rf"^(?:{words('question_labels')})\s*[:：]?$", re.I),
        answer_label_alone=re.compile(rf"^(?:{words('answer_labels')})\s*[:：]?$", re.I),
        reveal_labels=frozenset(_words_only(word) for cues in table.values() for word in cues.get("reveal_labels", [])),
        reveal=re.compile(rf"^(?:{words('reveal_openings')})\b(?:\W+\w+){{0,{_MAX_REVEAL_WORDS}}}?\W+"
                          rf"(?:{words('reveal_ends')})$", re.I),
        hint_label=re.compile(rf"^(?:{words('hint_labels')})\s*[:：]", re.I),
        question_list_label=re.compile(rf"^(?:{words('question_list_labels')})\s*[:：]?$", re.I),
        enumeration_end=re.compile(rf"(?:{whole_words('enumeration_ends')})\s*[.。]?$", re.I),
        interrogative=re.compile(rf"^¿?(?:{prompts('interrogatives')})|(?:{words('interrogative_endings')})\s*$"
                                 rf"|{words('interrogatives_inside')}", re.I),
        placeholders=frozenset(_words_only(word) for cues in table.values() for word in cues.get("placeholders", [])),
    )


@lru_cache(maxsize=4096)
def plain(line: str) -> str:
    """The line's text without Markdown or HTML markup, heading or list markers, or entities. Cached: finding
    a note's questions and cards asks it of the same line five times on average (as a heading, a question, an
    inline answer, a hint, a cloze), and its nine substitutions were a tenth of reading a note."""
    text = _MARKERS.sub("", line)
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    text = _MARKERS.sub("", text)  # "**🧮 Quiz: ...**": an icon inside the emphasis leads the words too
    # "Why …? 🟢": interview lists grade each question with an icon after it (easy, medium, expert)
    text = icons.TRAILING.sub("", _CLOSING_HASHES.sub("", html.unescape(text)))
    return re.sub(r"\s+", " ", text).strip()


def question_of(line: str, place: Place) -> str | None:
    """The question `line` asks, as a card's front (no markup, numbering or label), or None."""
    if place in ("prose", "lead") and _BOLD_LINE.match(line):
        place = "heading"  # a bold line stands out like a heading, wherever it is in its paragraph
    labelled = bool(_CALLOUT.search(line))
    text = plain(line)
    if _cues().hint_label.match(text):
        return None  # "Hint: what if every image is permuted?" helps to answer the question above it
    text = _cues().page_label.sub("", _NUMBERING.sub("", text), count=1)   # "p14: Why ...?": where it was taken from
    label = _cues().question_label.match(text)
    if label:
        text, labelled = text[label.end():], True
    introduces = text.rstrip().endswith((":", "："))  # "Define the loss as follows:" introduces what follows
    text = _NUMBERING.sub("", text).strip(" :：-–—")
    if not _long_enough(text):
        return None
    if labelled or place == "answered":
        return text
    # A heading may ask before an aside that says what to cover: "いつ使う？（得意・不得意）",
    # "... 알려주세요. (Sigmoid, ReLU 등)"
    core = _TRAILING_ASIDE.sub("", text) if place == "heading" else text
    if _ASKS.search(text) or _ASKS.search(core):
        return text if place not in ("prose", "lead") or _one_sentence(text) else None
    if (place == "heading" and (then := _ASKS_THEN_SAYS.search(text)) and not introduces
            and _names_enough(text[:then.start()])):
        return text  # not "¿Por qué? Porque ...": a bare "Why?" answered at once is the writer talking
    if place in ("heading", "lead") and (_is_prompt(text) or _is_prompt(core)) and not introduces:
        return text
    if place == "heading" and _cues().interrogative.search(core) and not introduces and not _MARKED.search(text):
        return text  # "## What is dropout", "### 为什么要归一化": a heading that asks without the mark
    return None


def inline_answer(line: str, starts_sentence: bool = True, more_follows: bool = False) -> tuple[str, str] | None:
    """A line that asks and answers at once -> (the question, as a card's front; the answer, as written).

    The question leads the line (after a list marker or numbering) and its answer follows on the same line:
    after an answer label ("Q: ...? A: ...", "问：...？答：..."), in brackets ("...? (It reduces ...)",
    "...？（答：...）"), after a dash or an arrow ("...? — ..."), after the bold question ("**What is X?** ..."),
    or as the next sentence ("What is the loss at initialization? It should be log(C)."). That last one
    is how writers talk to their readers too ("Why? Because ...", "Is it stable? Not always"), so it counts
    only for a question that starts a sentence, names what it asks about and points back at nothing, and
    an answer that starts a sentence; `starts_sentence` says whether the line starts one. A bracket that
    starts in lower case answers only a question nothing else answers: with lines under it (`more_follows`),
    "What is risk? (seems like a niche keyword)" is a question with an aside.
    """
    if _BOLD_LINE.match(line):
        return None  # a bold line is a heading: "**What is X? Give an example.**" is one question
    body = _cues().page_label.sub("", _LINE_LEAD.sub("", line, count=1), count=1)
    bold = _BOLD_LEAD.match(body)
    if bold and (asked := _asks(bold.group("number") + bold.group("question"), "heading")):
        said = _AFTER_BOLD.sub("", bold.group("rest"), count=1)
        return (asked, said.strip()) if _is_answer(said) else None
    labelled = bool(_cues().question_label.match(_NUMBERING.sub("", plain(body))))
    if not (labelled or starts_sentence):
        return None
    if not labelled and (prompted := _prompt_answered(body, more_follows)):
        return prompted  # before any "?": one may sit in an aside of the bracketed answer
    blanked = _NOT_ASKING.sub(_blank, _NOT_TEXT.sub(_blank, body))
    mark = _ASKED_END.search(blanked)
    inside = _cues().answer_inside.search(body) if labelled and not mark else None
    if not (mark or inside):
        return None
    split = mark.end() if mark else inside.start()  # type: ignore[union-attr]
    while mark and (further := _FURTHER_QUESTION.match(blanked, split)) and not _cues().answer_label.match(
            body[split:].strip()):
        split = further.end()  # "What is X? How does it differ from Y? (...)" asks both
    asked_text, rest = body[:split], body[split:]
    # Lecture notes taken as bullets often capitalise nothing: such an item starts a sentence whatever its
    # case, and so does the answer after its question.
    bullet_in_lower_case = bool(_LIST_ITEM.match(line)) and body[:1].islower()
    if asked_text.count("**") % 2 or asked_text.count("__") % 2:
        return None  # the question mark is inside bold text that goes on
    if label := _cues().answer_label.match(rest.strip()):
        said = rest.strip()[label.end():]
    elif _BRACKETED.match(rest):
        said = rest if _says_enough(rest, more_follows) else ""
    elif dash := _DASHED.match(rest):
        said = rest[dash.end():]
    elif rest[:1].isspace() or (mark and mark.group().startswith("？")):
        said = rest if labelled or _self_answered(asked_text, rest, bullet_in_lower_case) else ""
    else:
        return None
    # The first question must start a sentence of its own ("It works. Why does X?" does not); more may follow.
    # A list item starts one whatever its case: lecture notes taken as bullets often do not capitalise.
    first_text = body[:mark.end()] if mark else asked_text
    if bullet_in_lower_case:
        first_text = first_text[:1].upper() + first_text[1:]
    first = labelled or question_of(first_text, "prose")
    asked = question_of(asked_text, "line") if first else None
    return (asked, said.strip()) if asked and _is_answer(said) else None


def _prompt_answered(body: str, more_follows: bool) -> tuple[str, str] | None:
    """An exam prompt ended by its full stop and answered in brackets after it, as interview lists write
    them: "Name three losses for regression. Compare them. (MSE, MAE and the Huber loss)"."""
    found = _PROMPT_THEN_BRACKET.match(body)  # the pattern holds one bracket, and it closes the line
    if not found or not _says_enough(found["said"], more_follows):
        return None  # or one that says too little ("(5 points)")
    if unwrapped(found["said"])[:1].islower():
        return None  # "Explain X. (use two examples)" is a hint on how to answer, not the answer
    asked = question_of(found["prompt"], "heading")
    return (asked, found["said"].strip()) if asked and _is_answer(found["said"]) else None


def unwrapped(answer: str) -> str:
    """An answer the author put in brackets after its question, without them (and without an "A:" label
    inside: "（答：...）"); any other answer as it is."""
    text = answer.strip()
    if not _BRACKETED.match(text):
        return answer
    depth = 0
    for at, char in enumerate(text):
        depth += (char in "(（") - (char in ")）")
        if depth == 0:
            break
    if depth or text[at + 1:].strip(" .;。；"):
        return answer
    inner = text[1:at].strip()
    label = _cues().answer_label.match(inner)
    return inner[label.end():].strip() if label else inner


def _blank(match: re.Match[str]) -> str:
    return "\x00" * len(match.group())  # same length: positions in the line stay


def _asks(text: str, place: Place) -> str | None:
    """The question `text` asks with a question mark or a label (not an exam prompt), or None."""
    asked = question_of(text, place)
    if asked is None:
        return None
    labelled = _cues().question_label.match(_NUMBERING.sub("", plain(text)))
    return asked if labelled or _ASKS.search(plain(text)) else None


def _is_answer(text: str) -> bool:
    """Something that says a thing: not empty, not punctuation alone, not a question again. A question in an
    aside within the answer does not count: "(Grid search, random search (which one when?))" answers."""
    said = plain(text)
    return bool(_LETTER.search(said) or re.search(r"\d", said)) and not _ASKS.search(_ASIDE.sub("", unwrapped(said)))


def _says_enough(bracketed: str, more_follows: bool) -> bool:
    """An answer in brackets says something ("(It keeps ...)", "（答：...）", and "(reduces the shift)" when
    nothing under the question answers it); "(5 points)" is a mark. (A bracket with an "A:" line under its
    question goes on with the question: see the callers.)"""
    inside = plain(bracketed).strip("()（） ")
    label = _cues().answer_label.match(inside)
    inside = inside[label.end():] if label else inside
    if not label and (_is_prompt(inside) or _cues().enumeration_end.search(inside)):
        return False  # "(… 경우만 작성하세요)", "(Sigmoid, ReLU 등)": how to answer or what to cover, part of the question
    starts = inside[:1]
    if more_follows and not label and starts.isalpha() and starts.islower():
        return False
    return len(_WORD.findall(inside)) >= _MIN_BRACKETED_WORDS or len(_CJK.findall(inside)) >= _MIN_BRACKETED_CJK


def _self_answered(asked: str, said: str, lower_case_writer: bool = False) -> bool:
    """'What is the loss at initialization? It should be log(C).' is a question and its answer; 'Why?
    Because ...', 'Is it stable? Not always.' and '为什么？因为 ...' are the writer talking."""
    question = _NUMBERING.sub("", plain(asked))
    answer = plain(said)
    starts = answer[:1]
    # The reply is a sentence: it starts with a capital, a digit, math or code, or a character of a script
    # without case; not in lower case (the question's sentence going on) unless the writer capitalises
    # nothing, not with a quote or a bracket (an aside), not with what to do ("What is clipping? Give an
    # example." asks twice).
    opens = (said.lstrip()[:1] in ("$", "`") or starts.isdigit()
             or (starts.isalpha() and (lower_case_writer or not starts.islower())))
    return (_names_enough(question) and not _cues().back_reference.search(question) and _long_enough(answer)
            and opens and not (_cues().prompt.match(answer) or _is_prompt(answer)))


def _names_enough(question: str) -> bool:
    """Three words, or five Han characters (a word in another script, "什么是 BN", counts as two)."""
    if _CJK.search(question):
        words = _WORD.findall(_CJK.sub(" ", question))
        return len(_CJK.findall(question)) + 2 * len(words) >= _MIN_SELF_ANSWERED_CJK
    return len(_WORD.findall(question)) >= _MIN_SELF_ANSWERED_WORDS


def _long_enough(text: str) -> bool:
    """Two words, or three CJK characters. Korean and Japanese attach particles to a Latin term ("Dropout이란",
    "ReLUとは"): the term and its particle are two words."""
    words = _WORD.findall(_SCRIPT_CHANGE.sub(" ", text))
    return len(words) >= _MIN_WORDS or len(_CJK.findall(text)) >= _MIN_CJK


def _one_sentence(text: str) -> bool:
    """'What is X?' asks on its own; 'is unclear. Can we fix it?' ends a sentence begun before. Questions
    asked one after another ('What is X? How does it differ from Y?') are one thing to answer."""
    starts_lower = text[:1].isascii() and text[:1].islower()
    return not starts_lower and all(end.group()[0] in "?？؟"
                                    for end in _SENTENCE_INSIDE.finditer(text.rstrip("?？؟ ")))


def _is_prompt(text: str) -> bool:
    match = _cues().prompt.search(text)
    if not match:
        return False
    rest = text[match.end():] if match.start() == 0 else text[: match.start()]
    return len(_LETTER.findall(rest)) >= _MIN_PROMPT_LETTERS


def _words_only(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold().replace("_", " ")))


def is_placeholder(answer: str) -> bool:
    """An answer that holds nothing to learn: only punctuation ("...", "?") or a note to self ("TODO",
    "_[To be filled]_", "待补充"), whatever its markup."""
    return _words_only(plain(answer)) in _cues().placeholders | {""}


def answer_text(text: str, question: str) -> str:
    """An answer without its "A:" label and without the question repeated as its first line."""
    lines = text.split("\n")
    first = _QUOTE.sub("", lines[0])
    if plain(first).casefold() == question.casefold() or question_of(first, "line") == question:
        return "\n".join(lines[1:]).strip("\n")
    first = icons.LEADING.sub("", first.strip())  # "✅ **Answer:**": an icon before the label
    label = _cues().answer_label.match(first)
    if label:
        lines[0] = first[label.end():]
    return "\n".join(lines).strip("\n")


@dataclass(frozen=True)
class _Asked(Heading):
    """A question found in a block's text: the block it came from, to put back if nothing answers it."""
    asked_in: Block | None = None


@dataclass(frozen=True)
class Found:
    """The stream with its questions marked, and the questions left without an answer because their
    answer was only a placeholder (each with that placeholder's text)."""
    items: list[Item]
    placeholder_answers: list[tuple[Heading, str]]


def find_questions(items: list[Item], lines_are_paragraphs: bool = False) -> Found:
    """The stream with question headings marked and question lines turned into question headings.

    A paragraph of one line stands out (and may be an exam prompt) only where paragraphs are set apart by
    blank lines; in a plain-text outline every line is a block of its own (`lines_are_paragraphs`)."""
    found: list[Item] = []
    index = 0
    while index < len(items):
        item = items[index]
        if isinstance(item, Heading):
            following = items[index + 1] if index + 1 < len(items) else None
            found.append(_heading(item, isinstance(following, Block) and _answer_labelled(following.text)))
            index += 1
            continue
        end = _extracted_end(items, index)
        if (paired := _numbered_with_solutions(items, index, end)) is not None:
            found.extend(paired[0])
            index = paired[1]
            continue
        if (labelled := _labelled_by(item, items, end)) is not None:
            found.append(labelled)  # "**Question**" above the paragraph that asks: the label is no text of its own
            index = _extracted_end(items, end)
            continue
        # The paragraph right under a question heading answers it, even when it opens by asking the reader
        # ("Imagine you have a patient's data ... is this person ill or not? This is ...").
        answers = bool(found) and type(found[-1]) is Heading and found[-1].is_question
        found.extend(_split(item, list(items[index + 1:end]), lines_are_paragraphs, answers,  # type: ignore[arg-type]
                            _answered_below(items, end)))
        index = end
    return _settle(found)


def _labelled_by(label: Item, items: list[Item], end: int) -> _Asked | None:
    """A paragraph that is only a question label ("**Question**", "Question 3:") over a paragraph: that paragraph,
    whole, is the question, as quiz pages and exam sheets set them (the label on a line of its own)."""
    asked = items[end] if end < len(items) else None
    if not (isinstance(label, Block) and label.kind == "paragraph" and isinstance(asked, Block)
            and asked.kind == "paragraph" and _cues().question_label_alone.match(plain(label.text))):
        return None
    question = question_of(" ".join(asked.text.split("\n")), "answered")
    if question is None:
        return None
    both = replace(asked, text=f"{label.text}\n\n{asked.text}", line=label.line)
    return _Asked(question, INLINE_LEVEL, asked.line, True, both)


def _numbered_with_solutions(items: list[Item], index: int, end: int) -> tuple[list[Item], int] | None:
    """"**Questions**:" over a numbered list of questions with nothing under them, then a collapsed answer ("A:")
    that numbers its solutions the same way, as exercise sheets set them: solution i answers question i. The
    pieces (each question, then its solution with the formulas found in it) and the index after the solutions."""
    label, asked = items[index], items[end] if end < len(items) else None
    if not (isinstance(label, Block) and label.kind == "paragraph" and isinstance(asked, Block) and asked.kind == "list"
            and _cues().question_list_label.match(plain(label.text))):
        return None
    entries = _list_entries(asked.text)
    fronts = [question_of(lines[0], "heading") if not "".join(lines[1:]).strip() else None for _, lines in entries]
    answer_at = _extracted_end(items, end)
    answer = items[answer_at] if answer_at < len(items) else None
    if None in fronts or not (isinstance(answer, Block) and answer.kind == "paragraph" and _answer_labelled(answer.text)):
        return None
    solved_at = _extracted_end(items, answer_at)
    solved = items[solved_at] if solved_at < len(items) else None
    if not (isinstance(solved, Block) and solved.kind == "list"
            and len(solutions := _list_entries(solved.text)) == len(entries)):
        return None
    after = _extracted_end(items, solved_at)
    formulas = [item for item in items[solved_at + 1:after] if isinstance(item, Block)]
    pieces: list[Item] = []
    for (start, lines), front, (offset, solution), following in zip(
            entries, fronts, solutions, [*(o for o, _ in solutions[1:]), len(solved.text.split("\n"))]):
        line = solved.line + offset
        pieces.append(_Asked(front, INLINE_LEVEL, asked.line + start, True, replace(asked, text=lines[0], line=asked.line + start)))
        pieces.append(replace(solved, kind="paragraph", line=line,
                              text=_dedent([_LIST_ITEM.sub("", solution[0], count=1), *solution[1:]])))
        pieces.extend(f for f in formulas if line <= f.line < solved.line + following)
    return pieces, after


def _answered_below(items: list[Item], end: int) -> bool:
    """The block after a paragraph, past any hints ("**Hint**: ..."), starts with an answer label ("A:", a collapsed
    "Show answer"): the paragraph's last line, if it asks, asks with all of it ("...? Model C: [0.6, 0.4]")."""
    following = (item for item in items[end:] if not (isinstance(item, Block) and item.kind in ("formula", "image")))
    for item in following:
        if not isinstance(item, Block) or not is_hint(item.text):
            return isinstance(item, Block) and _answer_labelled(item.text)
    return False


def _heading(heading: Heading, answered: bool) -> Heading:
    if heading.is_question:
        return heading
    question = question_of(heading.text, "answered" if answered else "heading")
    return replace(heading, text=question, is_question=True) if question else heading


def _extracted_end(items: list[Item], index: int) -> int:
    """The end of the formula and image blocks the parser extracted from the block at `index` (they
    follow it and repeat part of its text)."""
    block = items[index]
    end = index + 1
    while end < len(items):
        extra = items[end]
        if not (isinstance(extra, Block) and extra.kind in ("formula", "image") and isinstance(block, Block)
                and extra.text.strip() in block.text and extra.line >= block.line):
            break
        end += 1
    return end


def _split(block: Block, extracted: list[Block], lines_are_paragraphs: bool, answers: bool = False,
           answered_below: bool = False) -> list[Item]:
    if answers and block.kind == "paragraph":
        return [block, *extracted]
    pieces = _pieces(block, lines_are_paragraphs, answered_below)
    if not any(isinstance(piece, Heading) for piece in pieces):
        return [block, *extracted]
    return _place_extracted(pieces, extracted)


def _pieces(block: Block, lines_are_paragraphs: bool = False, answered_below: bool = False) -> list[Item]:
    """The block cut at the questions it asks (with their answers), or [] when it asks none."""
    if block.kind == "paragraph":
        return _paragraph_pieces(block, lines_are_paragraphs, answered_below)
    if block.kind == "list":
        return _list_pieces(block)
    if block.kind == "quote":
        return _quote_pieces(block)
    if block.kind == "table":
        return _table_pieces(block)
    return []


def one_liner(line: str) -> tuple[str, str, bool] | None:
    """`front::back` (or `front:::back`, reversed too) -> (front, back, reversed); None for other lines."""
    text = _LIST_ITEM.sub("", line, count=1).strip()
    blanked = _NOT_TEXT.sub(lambda m: "\x00" * len(m.group()), text)  # same length: positions stay
    at = blanked.find("::")
    if at < 0 or _PROPERTY.match(line) or _SCOPE.search(blanked):
        return None
    reverse = blanked.startswith(":::", at)
    front, back = text[:at].strip(), text[at + (3 if reverse else 2):].strip()
    if not _LETTER.search(front) or not back:
        return None
    return plain(front), back, reverse


def _card_pieces(block: Block, offset: int, front: str, back: str, reverse: bool) -> list[Item]:
    """An explicit card: its front as a question heading and its back as the answer (and the other way
    round when the author asked for both)."""
    line = block.line + offset
    pieces: list[Item] = [Heading(front, INLINE_LEVEL, line, True), replace(block, kind="paragraph", text=back, line=line)]
    if reverse:
        pieces += [Heading(plain(back), INLINE_LEVEL, line, True), replace(block, kind="paragraph", text=front, line=line)]
    return pieces


def _split_card(block: Block) -> list[Item]:
    """A paragraph with a line `?` (or `??`) of its own: the lines above are the front, those below the back."""
    lines = block.text.split("\n")
    split = next((i for i, line in enumerate(lines) if line.strip() in _SPLIT), None)
    if split is None or not 0 < split < len(lines) - 1:
        return []
    front, back = plain(" ".join(lines[:split])), "\n".join(lines[split + 1:]).strip()
    pieces = _card_pieces(block, 0, front, back, lines[split].strip() == "??")
    return pieces[:1] + [replace(pieces[1], line=block.line + split + 1)] + pieces[2:]


def _paragraph_pieces(block: Block, lines_are_paragraphs: bool, answered_below: bool = False) -> list[Item]:
    if split := _split_card(block):
        return split
    lines = block.text.split("\n")
    pieces: list[Item] = []
    run: list[int] = []
    for offset, line in enumerate(list(lines)):
        # A paragraph's first line stands out like a title of what follows, and so does a line whose next
        # line starts with an answer label, and a last line that asks above a labelled answer.
        answered = (offset + 1 < len(lines) and bool(_cues().answer_label.match(lines[offset + 1].strip()))
                    or answered_below and offset + 1 == len(lines) and question_of(line, "heading") is not None)
        place: Place = "answered" if answered else "lead" if offset == 0 and not lines_are_paragraphs else "prose"
        card = one_liner(line)
        if card:
            pieces.extend(_run_block(block, lines, run, block.kind))
            run = []
            pieces.extend(_card_pieces(block, offset, *card))
            continue
        starts_sentence = offset == 0 or lines_are_paragraphs or bool(_ENDS_SENTENCE.search(lines[offset - 1]))
        # With an "A:" line under it, the whole line asks: "Q: What if ...? (including j = y_i)"
        if not answered and (inline := inline_answer(line, starts_sentence, offset + 1 < len(lines))):
            # The question becomes a heading; the rest of its line opens its answer, which runs on as usual.
            pieces.extend(_run_block(block, lines, run, block.kind))
            pieces.append(_Asked(inline[0], INLINE_LEVEL, block.line + offset, True,
                                 replace(block, text=line, line=block.line + offset)))
            lines[offset], run = unwrapped(inline[1]), [offset]
            continue
        question = question_of(line, place)
        if question is None:
            run.append(offset)
            continue
        pieces.extend(_run_block(block, lines, run, block.kind))
        run = []
        pieces.append(_Asked(question, INLINE_LEVEL, block.line + offset, True,
                             replace(block, text=line, line=block.line + offset)))
    pieces.extend(_run_block(block, lines, run, block.kind))
    return pieces


def _run_block(block: Block, lines: list[str], offsets: list[int], kind: str) -> list[Block]:
    if not offsets or not "".join(lines[i] for i in offsets).strip():
        return []
    text = "\n".join(lines[i] for i in offsets).strip("\n")
    return [replace(block, kind=kind, text=text, line=block.line + offsets[0])]  # type: ignore[arg-type]


def _list_pieces(block: Block) -> list[Item]:
    """List items that ask, with the rest of the item as the answer. In a list of one item the answer may
    follow the list; in a longer list an item that asks with nothing under it is just an item. The answer
    of an item that asks ends with the item: the list's next items go back to the section (`Resume`)."""
    entries = _answer_items_joined(_list_entries(block.text))
    pieces: list[Item] = []
    kept: list[str] = []
    kept_line = block.line

    def keep(text: str, line: int) -> None:
        if any(isinstance(piece, Heading) for piece in pieces) and not isinstance(pieces[-1], Resume):
            pieces.append(Resume(line))
        pieces.append(replace(block, text=text, line=line))

    for start, lines in entries:
        answer = _dedent(lines[1:])
        card = one_liner(lines[0]) if not answer.strip() else None
        if card:
            if kept:
                keep("\n".join(kept), kept_line)
                kept = []
            pieces.extend(_card_pieces(block, start, *card))
            continue
        if not _answer_labelled(answer) and (inline := _wrapped_inline_answer(lines)):
            (question, said), taken = inline
            answer = unwrapped("\n".join(filter(None, (said, _dedent(lines[taken:])))))
        else:
            # an item with its answer under it stands out like a heading, and so does a list's only item,
            # whose answer may follow the list ("- Dropout에 대해 설명해주세요" above "> 학습 중 …")
            question = question_of(lines[0], "answered" if _answer_labelled(answer) else
                                   "heading" if answer.strip() or len(entries) == 1 else "prose")
            answer = unwrapped(answer)  # "1. Why ...?" with "(It reduces ...)" on the item's next line
        nested = _nested_questions(block, start, lines) if question is None else []
        if question is None and nested:
            keep("\n".join(kept + lines[:1]), kept_line if kept else block.line + start)
            pieces.extend(nested)
            kept = []
            continue
        if question is None or (not answer.strip() and len(entries) > 1):
            kept_line = kept_line if kept else block.line + start
            kept.extend(lines)
            continue
        if kept:
            keep("\n".join(kept), kept_line)
            kept = []
        original = replace(block, text="\n".join(lines), line=block.line + start)
        pieces.append(_Asked(question, INLINE_LEVEL, block.line + start, True, original))
        if answer.strip():
            kind = "list" if _LIST_ITEM.match(answer) else "paragraph"
            pieces.append(replace(block, kind=kind, text=answer, line=block.line + start + 1))
    if kept:
        keep("\n".join(kept), kept_line)
    return pieces


def _answer_items_joined(entries: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """`- Q: ...` then `- A: ...` as sibling items, as notebooks pair them: the "A:" item is the answer under the
    item above it, when that item asks on a line of its own. An "A:" item under any other item stays an item
    ("- W: weights" / "- A: activations" names symbols)."""
    joined: list[tuple[int, list[str]]] = []
    for start, lines in entries:
        marker = _LIST_ITEM.match(lines[0])
        before = joined[-1][1] if joined else []
        if (marker and before and not "".join(before[1:]).strip() and _answer_labelled(lines[0][marker.end():])
                and question_of(before[0], "heading") is not None):
            indent = " " * marker.end()
            joined[-1] = (joined[-1][0], [*before, indent + lines[0][marker.end():], *lines[1:]])
        else:
            joined.append((start, lines))
    return joined


def _nested_questions(block: Block, start: int, lines: list[str]) -> list[Item]:
    """The pieces of an item's nested list when one of its items asks ("- Softmax loss" over "  - what is
    its range? 0 to infinity"), as lecture notes nest them under a topic; [] when none asks (the item stays
    whole). The item's own text must be its first line alone: lines of prose under it keep it whole."""
    nested = _dedent(lines[1:])
    if not _LIST_ITEM.match(nested):
        return []
    found = _list_pieces(replace(block, text=nested, line=block.line + start + 1))
    return found if any(isinstance(piece, _Asked) for piece in found) else []


def is_answer_summary(text: str) -> bool:
    """A collapsed section's summary that only labels the answer inside ("Answer", "答案", "Show answer")."""
    said = plain(text).strip(" :：.!！…▶▼►")
    return bool(said) and (_cues().answer_label_alone.match(said) is not None
                           or _words_only(said) in _cues().reveal_labels
                           or _cues().reveal.match(_words_only(said)) is not None)


def is_hint(text: str) -> bool:
    """A paragraph that helps to answer the question above it ("**Hint**: ...", "Think first: ..."), no answer."""
    return _cues().hint_label.match(plain(text.split("\n", 1)[0])) is not None


def names_a_box(title: str) -> bool:
    """A box's title that labels a question without asking one ("Question: Patterns at different locations",
    "Quiz 2", "Exercise 3: pooling"): the box holds its question in its body."""
    text = plain(title)
    label = _cues().question_label.match(text) or _cues().question_label_alone.match(text)
    return label is not None and not _ASKS.search(text)


def is_answer_label(line: str) -> bool:
    """The line is an answer label and nothing else ("A:", "答：", "Answer"): what follows it is the answer."""
    return bool(_cues().answer_label_alone.match(plain(line)))


def _answer_labelled(text: str) -> bool:
    """The text (under a question) starts with an answer label: "A: ...", "答：..."."""
    return bool(_cues().answer_label.match(icons.LEADING.sub("", text.strip())))


def _wrapped_inline_answer(lines: list[str]) -> tuple[tuple[str, str], int] | None:
    """A list item that asks and answers at once, its question wrapped over up to three lines:
    ((question, answer), how many of the item's lines that took)."""
    joined = ""
    for taken, line in enumerate(lines[:_MAX_WRAPPED_LINES], start=1):
        if joined and (line.strip()[:1].isupper() or _LIST_ITEM.match(line)):
            return None  # "- Batch norm" above "  Why does it help? ..." or "  - why ...": not a wrapped line
        joined = f"{joined} {line.strip()}" if joined else line
        if found := inline_answer(joined, more_follows=any(rest.strip() for rest in lines[taken:])):
            return found, taken
        if _ASKED_END.search(_NOT_TEXT.sub(_blank, line)) or not line.strip():
            return None  # the question ended on this line, and nothing on it answers it
    return None


def _list_entries(text: str) -> list[tuple[int, list[str]]]:
    """The list's top-level items: (offset of the first line, its lines)."""
    lines = text.split("\n")
    first = _LIST_ITEM.match(lines[0])
    indent = len(first.group("indent")) if first else 0
    entries: list[tuple[int, list[str]]] = []
    for offset, line in enumerate(lines):
        item = _LIST_ITEM.match(line)
        if item and len(item.group("indent")) <= indent or not entries:
            entries.append((offset, [line]))
        else:
            entries[-1][1].append(line)
    return entries


def _dedent(lines: list[str]) -> str:
    filled = [line for line in lines if line.strip()]
    if not filled:
        return ""
    indent = min(len(line) - len(line.lstrip()) for line in filled)
    return "\n".join(line[indent:] for line in lines).strip("\n")


def _quote_pieces(block: Block) -> list[Item]:
    lines = [_QUOTE.sub("", line) for line in block.text.split("\n")]
    labelled = _answer_labelled("\n".join(lines[1:]))
    if not labelled and (inline := inline_answer(lines[0], more_follows=len(lines) > 1)):
        question, answer = inline[0], unwrapped("\n".join([inline[1], *lines[1:]]).strip("\n"))
    else:
        question, answer = question_of(lines[0], "answered" if labelled else "prose"), "\n".join(lines[1:]).strip("\n")
    if question is None:
        return _inner_pieces(block, lines)
    pieces: list[Item] = [_Asked(question, INLINE_LEVEL, block.line, True, block)]
    if answer.strip():
        pieces.append(replace(block, kind="paragraph", text=answer, line=block.line + 1))
    return pieces


# Block-level structure inside a quote: CommonMark's own (no dialect plugins: they only change inline text).
_INNER_KINDS = {"paragraph_open": "paragraph", "bullet_list_open": "list", "ordered_list_open": "list",
                "blockquote_open": "quote", "table_open": "table"}


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _inner_pieces(block: Block, inner: list[str]) -> list[Item]:
    """A quote that holds what a section holds, as interview collections quote a whole list of questions with
    their answers quoted once more (`> - Why ...?` over `>> Because ...`): the pieces of each block inside
    it, in order; [] when none of them asks (the quote stays whole). A block inside that asks nothing keeps
    its quote marks, as its author set it."""
    original = block.text.split("\n")
    spans = [(token.type, *token.map) for token in _block_parser().parse("\n".join(inner))
             if token.level == 0 and token.nesting >= 0 and token.map]
    found = [(start, end, _pieces(replace(block, kind=_INNER_KINDS.get(kind, "paragraph"),  # type: ignore[arg-type]
                                          text="\n".join(inner[start:end]), line=block.line + start)))
             for kind, start, end in spans]
    if not any(isinstance(piece, Heading) for _, _, pieces in found for piece in pieces):
        return []
    return [piece for start, end, pieces in found for piece in (
        pieces if any(isinstance(p, Heading) for p in pieces)
        else [replace(block, text="\n".join(original[start:end]), line=block.line + start)])]


def _table_pieces(block: Block) -> list[Item]:
    """A table of questions and answers, as cheat sheets and exported flashcard decks lay them out: its
    header names a question and an answer column ("| Question | Answer |", "| 问题 | 答案 |"), or every
    row's first cell asks. Each row becomes a question with the row's other cells as its answer; a table
    with any other row stays a table (a comparison table's "Why?" row is a cell, not a card)."""
    rows = [_cells(line) for line in block.text.split("\n")]
    if len(rows) < 3 or not _TABLE_RULE.match(block.text.split("\n")[1]) or len(rows[0]) < 2:
        return []
    header, body = rows[0], [(offset, cells) for offset, cells in enumerate(rows[2:], start=2) if any(cells)]
    labelled = (_cues().question_label_alone.match(plain(header[0])) is not None
                and _cues().answer_label_alone.match(plain(header[1])) is not None)
    asked = [(offset, cells, labelled and plain(cells[0]) or _asks(cells[0], "heading")) for offset, cells in body]
    if not body or not all(question and len(cells) > 1 and cells[1].strip() for _, cells, question in asked):
        return []
    pieces: list[Item] = []
    for offset, cells, question in asked:
        line = block.line + offset
        extra = [f"**{plain(name)}:** {cell}" for name, cell in zip(header[2:], cells[2:]) if cell.strip()]
        pieces.append(_Asked(question, INLINE_LEVEL, line, True, replace(block, kind="paragraph", text=cells[0], line=line)))
        pieces.append(replace(block, kind="paragraph", text="\n\n".join([cells[1], *extra]), line=line))
    return [*pieces, Resume(block.line + len(rows))]


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_CELL_EDGE = re.compile(r"(?<!\\)\|")


def _cells(line: str) -> list[str]:
    """A GFM table row's cells; a `|` escaped or inside a code span or math is text."""
    blanked = _NOT_TEXT.sub(lambda m: "\x00" * len(m.group()), line)
    cuts = [m.start() for m in _CELL_EDGE.finditer(blanked)]
    edges = [-1, *cuts, len(line)]
    cells = [line[a + 1:b].strip().replace("\\|", "|") for a, b in zip(edges, edges[1:])]
    if line.strip().startswith("|"):
        cells = cells[1:]
    if line.strip().endswith("|") and cells:
        cells = cells[:-1]
    return cells


def _place_extracted(pieces: list[Item], extracted: list[Block]) -> list[Item]:
    """Each extracted formula or image goes after the piece whose lines hold it; one inside a question
    line belongs to the question's front."""
    placed: list[Item] = []
    for number, piece in enumerate(pieces):
        placed.append(piece)
        last = pieces[number + 1].line if number + 1 < len(pieces) else None
        if isinstance(piece, Block):
            placed.extend(e for e in extracted if e.line >= piece.line and (last is None or e.line < last))
    return placed


def _settle(items: list[Item]) -> Found:
    """Answers lose their "A:" label and a repeated question; a question found in prose with no answer
    goes back to being the text it was. An answer that is only a placeholder ("TODO", "[To be filled]")
    is no answer: it is dropped, and the question is reported if nothing else answers it."""
    settled: list[Item] = []
    placeholders: list[tuple[int, str]] = []  # (index of the question heading in settled, placeholder)
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if isinstance(item, _Asked):
            if not isinstance(following, Block):
                if item.asked_in is not None:
                    settled.append(item.asked_in)
                continue
            settled.append(Heading(item.text, item.level, item.line, True))
            continue
        if isinstance(item, Block) and (previous := _asked_above(settled)) is not None:
            answer = answer_text(item.text, previous.text)
            if not answer.strip():
                continue
            if item.kind in _PROSE_KINDS and is_placeholder(answer):
                placeholders.append((len(settled) - 1, answer.strip()))
                continue
            item = replace(item, text=answer)
        settled.append(item)
    return Found(settled, [(heading, text) for at, text in placeholders
                           if isinstance(heading := settled[at], Heading) and _unanswered(settled, at)])


def _asked_above(settled: list[Item]) -> Heading | None:
    """The question the next block opens the answer of: the question heading right above it, or above hints only
    (a "Hint:" paragraph, then "A: ..." under it)."""
    for item in reversed(settled):
        if isinstance(item, Heading):
            return item if item.is_question else None
        if not (isinstance(item, Block) and is_hint(item.text)):
            return None
    return None


def _unanswered(items: list[Item], at: int) -> bool:
    """Nothing answers the question heading at `at`: no block and no deeper heading follows it."""
    following = items[at + 1] if at + 1 < len(items) else None
    question = items[at]
    return not isinstance(following, Block) and not (
        isinstance(following, Heading) and isinstance(question, Heading) and following.level > question.level)
