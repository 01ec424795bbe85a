"""Formula cards: one per formula that states a definition or equation.

The front says what the formula computes: the section's topic (with its parent when the heading is an
aspect like 'Training'), refined by the author's label just above the formula or by its left-hand side.
A worked example (numbers only, `38 \\times 38 \\times 4 = 5776`) asks for the value instead.
"""
from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

from kb.cards.common import make_card, topic_of, unique_fronts
from kb.cards.prompts import compute_prompt, formula_prompt, source_label
from kb.cards.terms import clean_heading
from kb.check.latex_text import seen_through
from kb.check.sampled_from import sampled
from kb.model import Block, Card, Note, Section

# `\leftarrow` and `\gets`: an update (`V(s) \leftarrow V(s) + \alpha\delta`) states a rule as much as `=` does.
# `:=` (and `\coloneqq`, `\triangleq`) is one relation, "is defined as / becomes": split at its `=`, the front
# would show `W :` and the cloze `W : = ...`.
# `==>` and `=>` are arrows (an author's "therefore"), `==` a comparison in code: none is the formula's relation.
_RELATION = re.compile(
    r"(?<![<>!=\\]):?=(?![=>])|\\(?:approx|propto|equiv|leq?|geq?|leftarrow|gets|coloneqq|triangleq|doteq)(?![A-Za-z])")
_LEFT = re.compile(r"\\left(?![A-Za-z])")
_RIGHT = re.compile(r"\\right(?![A-Za-z])")
_LABEL_MAX = 30
_ATOM = re.compile(r"[\w{}^./]{1,8}")
# `K(1, 1)`, `x_{ij}^p`: a symbol, possibly applied to arguments; set to a constant it is a setting.
_SYMBOL = re.compile(r"\\?[A-Za-z][\w{}^]*(\([^()]*\))?")
_ONE_SYMBOL = re.compile(r"\\?[A-Za-z]+(?:_\{?\w+\}?)?")
_CONSTANT = re.compile(r"[-+]?[\d\s.,{}\[\]()]*\d[\d\s.,{}\[\]()]*")
# `3L`, `2n`: a number times a symbol is a formula (`r = 3L`), not a renaming like `k_x = n_x`
_SCALED_SYMBOL = re.compile(r"\d+(?:\.\d+)?\\?[A-Za-z]+")
# LaTeX layout that is not part of what the left-hand side names.
_LAYOUT = re.compile(r"\\begin\{\w+\*?\}(\{[^}]*\})?|\\end\{\w+\*?\}|&|\\\\|\\[,;:! ]|\\text\{[^}]*\}\s*\\q?quad\b|\\q?quad\b")
_LETTERS = re.compile(r"(?<!\\)\b[A-Za-z]|\\(?!times|cdot|frac|left|right|div|quad|,|;)[A-Za-z]+")
_LHS_MAX = 60
_SENTENCE = re.compile(r"[\n,，。;；]")  # a sentence describes; a label names
_SHORT_LABEL_WORDS = 1


def top_relation(latex: str) -> re.Match[str] | None:
    """The first relation outside any {...} group (`\\overset{x}{=}` is not split inside its group), outside
    any \\left…\\right pair (`\\mathbb{E}\\left[G_t \\mid S_t = s\\right]` is one side) and outside any
    parentheses or brackets (`P(y=1|x) = σ(wᵀx)`, an Iverson bracket `[y_i = 1]`). Round and square brackets
    are counted together, so an interval `(0, 1]` before the relation is closed."""
    for match in _RELATION.finditer(latex):
        before = re.sub(r"\\[{}]", "", latex[: match.start()])
        if (before.count("{") == before.count("}") and len(_LEFT.findall(before)) == len(_RIGHT.findall(before))
                and before.count("(") + before.count("[") == before.count(")") + before.count("]")):
            return match
    return None


def is_equation(latex: str) -> bool:
    """A relation worth a card: not a parameter setting (`r = 1`, `k_x = n_x`, `K(1, 1) = 1`) and not the
    continuation of the previous formula (`= \\dots`, nothing on the left). A \\boxed{...} is seen through."""
    latex = seen_through(latex)
    match = top_relation(latex)
    if not match:
        return False
    lhs, rhs = latex[: match.start()].strip(), latex[match.end():].strip().rstrip(".,")
    if not _LAYOUT.sub("", lhs).strip():
        return False
    if _SYMBOL.fullmatch(lhs.replace(" ", "")) and _CONSTANT.fullmatch(rhs):
        return False
    rhs = rhs.replace(" ", "")
    return not (_ATOM.fullmatch(lhs.replace(" ", "")) and _ATOM.fullmatch(rhs)) or bool(_SCALED_SYMBOL.fullmatch(rhs))


def is_worked_example(latex: str) -> bool:
    """`38\\times 38\\times 4 = 5776`: arithmetic on numbers, no variable anywhere."""
    latex = seen_through(latex)
    if not top_relation(latex) or "\\begin" in latex:
        return False  # a matrix identity is not a sum to work out
    return not _LETTERS.search(_LAYOUT.sub(" ", latex))


def lhs_of(latex: str) -> str:
    """The left-hand side of the first top-level relation, or '' when there is none."""
    latex = seen_through(latex)
    match = top_relation(latex)
    return latex[: match.start()].strip() if match else ""


def named_lhs(latex: str) -> str:
    """The left-hand side as a name for the front: layout removed, '' when it is too long to read."""
    lhs = re.sub(r"\s+", " ", _LAYOUT.sub(" ", lhs_of(latex))).strip()
    return lhs if 0 < len(lhs) <= _LHS_MAX else ""


def formula_target(section: Section, index: int) -> str:
    """What, within the section's topic, this formula gives: the author's label, its left-hand side,
    or both when the label is a bare word ('norm $\\hat{h}$'); '' for the only formula of a section or
    when nothing short names it."""
    block = section.blocks[index]
    if named := sentence_naming(section, index):
        return named if len(named) <= _LHS_MAX else ""
    formulas = [b for b in section.blocks if b.kind == "formula" and is_equation(b.latex or "")]
    label = _preceding_label(section.blocks[:index])
    lhs = named_lhs(block.latex or "")
    if len(formulas) <= 1:
        return ""
    if label and lhs and len(label.split()) <= _SHORT_LABEL_WORDS and label.isascii():
        return f"{label} ${lhs}$"
    if label:
        return label
    return f"${lhs}$" if lhs else ""


def _preceding_label(blocks: tuple[Block, ...]) -> str:
    for block in reversed(blocks):
        if block.kind == "formula":
            return ""
        if block.kind == "paragraph":
            if "$" in block.text:
                return ""  # the sentence holds the formula itself; the lhs names it better
            text = clean_heading(block.text).rstrip("?？:：")
            is_label = 0 < len(text) <= _LABEL_MAX and not _SENTENCE.search(text)
            return text if is_label else ""
    return ""


def formula_blocks(note: Note) -> Iterator[tuple[Section, int, Block]]:
    for section in note.sections:
        for index, block in enumerate(section.blocks):
            if block.kind == "formula" and block.latex and (
                    is_equation(block.latex) or is_range_claim(block.latex) or is_labelled_expression(section, index)
                    # `W \sim U(-a, a)`: an initialisation stated by the distribution it draws from, no `=` in it
                    or sampled(block.latex) is not None or sentence_naming(section, index)):
                yield section, index, block


@lru_cache(maxsize=1)
def _value_cues() -> dict[str, tuple[str, ...]]:
    table = tomllib.loads(resources.files("kb.cards").joinpath("data/value_cues.toml").read_text("utf-8"))
    shared = tuple(table.pop("all")["cues"])
    cues = {lang: tuple(row["cues"]) + shared for lang, row in table.items()}
    cues[""] = shared
    return cues


def _after_last(text: str, separator: str) -> str:
    """The text after the last separator that lies outside $...$ (a \\, or a . inside a formula separates nothing)."""
    masked = re.sub(r"\$[^$]*\$", lambda m: "$" + "x" * (len(m.group()) - 2) + "$", text)
    ends = [m.end() for m in re.finditer(separator, masked)]
    return text[ends[-1]:] if ends else text


# A list item's marker (`- `, `3. `) is markup, not a word of the sentence that names its formula
_LIST_MARKER = re.compile(r"^(?:[-*+•]|\d+[.)])\s+")
# An opening bracket (a parenthesis or a CJK corner bracket, `「AdaBoost的权重为 $...$`) that the cue's sentence does not
# close starts an aside: the words inside it name the formula, the words before it speak of something else
_ASIDE_CLOSERS = {"(": ")", "（": "）", "「": "」", "『": "』"}


def _inside_open_aside(phrase: str) -> str:
    for start, char in enumerate(phrase):
        if char in _ASIDE_CLOSERS and _ASIDE_CLOSERS[char] not in phrase[start:]:
            return phrase[start + 1:]
    return phrase


def _written_at(line: str, text: str) -> int:
    """Where a formula read from the line starts in it (-1 when it is not there): the reader reads Markdown's
    backslash escapes (`TP / \\(TP + FP\\)`, `2\\*P`) as the characters they show, so each punctuation mark of
    the text may stand escaped in the line."""
    if text in line:
        return line.index(text)
    spelled = "".join(rf"\\?{re.escape(c)}" if c in string.punctuation else re.escape(c) for c in text)
    match = re.search(spelled, line)
    return match.start() if match else -1


# `<b>Recall:</b> $\frac{TP}{TP+FN}$`: HTML emphasis around a label (notebooks and exported notes write it for **)
_EMPHASIS_TAGS = re.compile(r"</?(?:b|strong|i|em|u|mark)\s*>", re.IGNORECASE)


def sentence_naming(section: Section, index: int) -> str:
    """What the sentence before an expression with no relation names as its value: 'its gradient with respect
    to $w$' in 'Its gradient with respect to $w$ is $\\lambda w$', or the paragraph that leads into a display
    formula ('' when the sentence does not end in a word of `data/value_cues.toml` just before the formula)."""
    block = section.blocks[index]
    if block.kind == "formula" and block.alt:
        return block.alt   # a table cell: its row's label cells name it
    latex = block.latex or ""
    relation = top_relation(latex)
    # "Binary cross-entropy loss $= -(y\log p + ...)$": the formula's own relation is the cue, its left side words
    words_on_the_left = relation is not None and not latex[: relation.start()].strip()
    if words_on_the_left:
        latex = latex[relation.end():]
    # (`W \sim U(-a, a)` has a relation too: the drawn W is its subject, as a left side is)
    if (relation and not words_on_the_left) or _ONE_SYMBOL.fullmatch(latex.strip()) or not _LETTERS.search(
            _LAYOUT.sub(" ", latex)) or sampled(latex) is not None:
        return ""   # a symbol alone ("the answer: $K$") names a quantity rather than giving its value
    paragraph = next((b for b in reversed(section.blocks[:index]) if b.kind != "formula"), None)
    # (a list item names its expression as a sentence does: `* Precision = TP/(TP+FP)`)
    if paragraph is None or paragraph.kind not in ("paragraph", "list"):
        return ""
    lines = paragraph.text.split("\n")
    row = block.line - paragraph.line
    if block.display:
        # a display formula the paragraph just above leads into ("The output volume ... is" / $$...$$); a short
        # label ("Formula:") is the labelled expression's, not a sentence
        if row not in (len(lines), len(lines) + 1) or is_labelled_expression(section, index):
            return ""
        before = paragraph.text
    # the text before the formula on its own line (the same expression may appear earlier in the paragraph)
    elif not 0 <= row < len(lines) or (found := _written_at(lines[row], block.text)) < 0:
        return ""
    elif not lines[row][:found].strip() and row > 0:
        # a formula that opens its line goes on with the sentence of the line above ("a forma de saída será" /
        # "$(n_h-k_h+1) \times (n_w-k_w+1)$.": soft-wrapped prose, one clause a line)
        before = "\n".join(lines[:row])
    else:
        before = "\n".join([*lines[:row], lines[row][:found]])
    before = _EMPHASIS_TAGS.sub("", before)
    if before.count("{{") > before.count("}}"):
        return ""  # the formula is a marked cloze deletion's answer (`{{c1::$\max(0, x)$}}`): the cloze asks it
    sentence = _LIST_MARKER.sub("", _after_last(before, r"(?<=[.!?;])\s|[。！？；\n]").strip(" >*_"))
    if words_on_the_left:
        sentence += " ="
    lowered = sentence.lower()
    for cue in sorted(_value_cues().get(section.lang, _value_cues()[""]), key=len, reverse=True):
        start = len(lowered) - len(cue)
        if lowered.endswith(cue) and (start == 0 or not cue[0].isalpha() or not lowered[start - 1].isalnum()
                                      or not cue.isascii()):
            # the clause just before the cue is its subject ("O(n^2) in n: the score matrix is" names the matrix)
            phrase = _inside_open_aside(_after_last(sentence[:start].strip(" ,:：*_"), r"[,:;，：；、]")).strip(" *_")
            if not cue[0].isalpha():
                # "The sigmoid derivative is: ...": the colon follows the verb, which names nothing
                phrase = _without_word_cue(phrase, section.lang)
            # a clause cut inside another formula (an odd number of $) does not name this one
            return phrase if re.search(r"\w", phrase) and phrase.count("$") % 2 == 0 else ""
    return ""


def _without_word_cue(phrase: str, lang: str) -> str:
    lowered = phrase.lower()
    for cue in sorted(_value_cues().get(lang, _value_cues()[""]), key=len, reverse=True):
        start = len(lowered) - len(cue)
        if cue[0].isalpha() and start > 0 and lowered.endswith(cue) and lowered[start - 1] == " ":
            return phrase[:start].rstrip()
    return phrase


# `\\sigma'(x)`, `\\mathrm{softmax}(z)_i`: a named function applied to its arguments (a prime allowed)
_FUNCTION_CALL = r"(?:\\(?:mathrm|operatorname|text)\{)?\\?[A-Za-z]+\}?(?:'|\^\{?\\prime\}?)*\s*\([^()]*\)(?:_\{?\w+\}?)?"
_RANGE_CLAIM = re.compile(rf"^\s*{_FUNCTION_CALL}\s*\\in\s*(?:\\left)?\s*[(\[]"
                          rf"|^\s*-?[\d.]+\s*(?:<|\\leq?)\s*{_FUNCTION_CALL}\s*(?:<|\\leq?)")


def is_range_claim(latex: str) -> bool:
    """A stated range or bound of a function's values (`\\sigma(x) \\in (0, 1)`, `0 < \\sigma(x) < 1`): a fact
    worth a card, which kb checks where it computes the function."""
    return _RANGE_CLAIM.match(latex) is not None


def is_labelled_expression(section: Section, index: int) -> bool:
    """A display formula with no relation that a short label ending in a colon introduces ('Formula:',
    'Output size:', '公式：'): the label and the heading say what it computes."""
    block = section.blocks[index]
    if not block.display or top_relation(block.latex or "") or index == 0:
        return False
    before = section.blocks[index - 1]
    if before.kind != "paragraph" or not before.text.rstrip(" *_").endswith((":", "：")):
        return False
    text = clean_heading(before.text).strip()
    return ("$" not in text and 0 < len(text) <= _LABEL_MAX and not _SENTENCE.search(text)
            and _LETTERS.search(_LAYOUT.sub(" ", block.latex or "")) is not None)


def formula_front(section: Section, index: int) -> str:
    latex = section.blocks[index].latex or ""
    if is_worked_example(latex):
        return compute_prompt(topic_of(section), f"${lhs_of(latex)}$", section.lang)
    return formula_prompt(topic_of(section), section.lang, formula_target(section, index))


def formula_cards(note: Note) -> Iterator[Card]:
    found = list(formula_blocks(note))
    fronts = unique_fronts([[formula_front(section, index)] for section, index, _ in found])
    for (section, _, block), front in zip(found, fronts):
        back = f"$${block.latex}$$\n\n{source_label(section.lang)}: {note.file}:{block.line}"
        yield make_card(note, section, "formula", front, back, block.line)
