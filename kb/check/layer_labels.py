"""Layer labels: `Z^{[l]} = W^{[l]}A^{[l-1]} + b^{[l]}` (Andrew Ng's courses) and `z^{(3)} = W^{(2)}a^{(2)} + b^{(2)}`
(the UFLDL tutorial, Nielsen's and Stanford's CS229 notes) write the layer a quantity belongs to as a superscript in
brackets or parentheses. It is a label, never a power, and the same letter at two layers is two quantities.

A formula whose left side carries a layer label is read with its labels set aside once the labels are those of
one layer's step: the weights and the bias share one label, which is the output's (Ng: `W^{[l]}` maps layer l-1 to
l) or the input's (UFLDL: `W^{(l)}` maps layer l to l+1), and the activations they multiply are the previous
layer's. Those activations are the step's input, read as x; a labelled weight matrix is bold (a matrix, so `W x`
is a matrix product, kb.check.latex). Labels that follow neither convention (`Z^{[l]} = W^{[l]}A^{[l]} + b^{[l]}`:
the layer computed from its own output) are not_checkable with the reason: a note's layer numbering is its own,
so kb claims no mistake from it, and verifies nothing it cannot read as one step.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from kb.check.decision import Decision

# a letter (maybe decorated: \vec a, \mathbf{W}, \boldsymbol{\theta}) and its layer label: ^{[l]}, ^{[l-1]}, ^{(2)},
# ^{(l+1)}, ^{[L]}; not ^{(i)} (an example's index) and not ^{(n)}(x) (a derivative's order)
_DECORATION = r"(?:\\(?:mathbf|boldsymbol|bm|vec|mathbfit|pmb)\s*)"
_LETTER = r"(?:[A-Za-z]|\\(?:theta|Theta))"
_LABELLED = re.compile(
    rf"(?<![A-Za-z])(?P<deco>{_DECORATION}?)(?P<open>\{{)?(?P<letter>{_LETTER})(?(open)\}})"
    r"\^\{(?:\[(?P<bracket>[^\[\]{}]+)\]|\((?P<paren>[^(){}]+)\))\}(?!\s*\()")
_LAYER = re.compile(r"\s*(?:(?P<var>[lL])\s*(?:(?P<sign>[+-])\s*(?P<step>\d))?|(?P<number>\d+))\s*")
_WEIGHTS = {"W", "w", "\\theta", "\\Theta"}
_MATRICES = {"W", "\\Theta"}   # (a weight matrix, bold once its label is set aside)
_BIASES = {"b"}
_RELATIONS = re.compile(r"=|\\approx")
# what only styles the formula before its left side: \displaystyle, a highlight \color{blue}
_STYLE_PREFIX = re.compile(r"\\(?:displaystyle|textstyle|color\s*\{[^{}]*\})\s*")


def _layer(text: str) -> tuple[str, int] | None:
    """(layer variable or '', offset) of a label: l-1 -> ('l', -1), 2 -> ('', 2); None when it is no layer."""
    match = _LAYER.fullmatch(text)
    if match is None:
        return None
    if match["number"]:
        return "", int(match["number"])
    step = int(match["step"]) if match["step"] else 0
    return match["var"], -step if match["sign"] == "-" else step


def labels(latex: str) -> list[tuple[re.Match[str], tuple[str, int]]]:
    """Each layer-labelled letter with its layer, in order."""
    found = []
    for match in _LABELLED.finditer(latex):
        content = match["bracket"] if match["bracket"] is not None else match["paren"]
        layer = _layer(content)
        if layer is None:   # ^{(i)}: an example's index (kb.check.latex), not a layer
            continue
        found.append((match, layer))
    return found


def read(latex: str) -> tuple[str, str] | Decision | None:
    """(the formula with its layer labels set aside, what was set aside) for one layer's step; a not_checkable
    Decision when the labels follow no convention of a step; None when the left side carries no layer label."""
    relation = _RELATIONS.search(latex)
    found = labels(latex)
    # the left side is one labelled letter (Z^{[l]} =); a derivative ∂J/∂W^{[l]} or dW^{[l]} is read elsewhere
    if (relation is None or not found or _STYLE_PREFIX.sub("", latex[:found[0][0].start()]).strip()
            or latex[found[0][0].end():relation.start()].strip()):
        return None
    out = found[0][1]
    if found[0][0]["letter"] in _WEIGHTS | _BIASES:
        return None   # W^{[l]} := W^{[l]} - α dW^{[l]}: an update of the weights, not a layer's step
    right = [(m, layer) for m, layer in found[1:] if m.start() >= relation.end()]
    if len(right) != len(found) - 1 or len({layer[0] for _, layer in found}) != 1:
        return None   # labels on the left beyond the output's, or layers counted two ways (l and 2)
    weights = {layer for m, layer in right if m["letter"] in _WEIGHTS | _BIASES}
    inputs = {(m["letter"], layer) for m, layer in right if m["letter"] not in _WEIGHTS | _BIASES}
    previous = (out[0], out[1] - 1)

    def unsure(why: str) -> Decision:
        return Decision("not_checkable", latex, detail=f"its layer labels are not one layer's step: {why}")

    if not weights:
        if any(layer != out for _, layer in inputs):   # a = g(z) within one layer
            return unsure("a quantity of layer " + _show(out) + " computed from another layer with no weights")
        # an elementwise step on a batch (Ng's capitals stack the examples as columns) is the step on one example
        renames: dict[str, str] = {letter: letter.lower() for letter, _ in [*inputs, (found[0][0]["letter"], out)]
                                   if len(letter) == 1 and letter.isupper()}
    else:
        if len(weights) != 1 or next(iter(weights)) not in (out, previous):
            return unsure("the weights and the bias belong to the output's layer (W^{[l]}) or the input's "
                          "(W^{(l)} maps layer l to l+1), and to one layer")
        if any(layer != previous for _, layer in inputs):
            return unsure("the activations the weights multiply are the previous layer's, "
                          f"{_show(previous)}, not {', '.join(sorted({_show(layer) for _, layer in inputs}))}")
        letters = sorted({letter for letter, _ in inputs})
        if len(letters) > 1:
            return None   # two activations of the previous layer: which one is the step's input is unsure
        renames = {letters[0]: "x"} if letters else {}
        if not inputs:
            # the data itself, with no label (W^{[1]}X, W^{(1)}x): layer 0 in Ng's numbering, 1 in UFLDL's
            if out[0] or next(iter(weights))[1] != 1 or out[1] not in (1, 2):
                return unsure("an input with no layer label is the data, which only the first layer's weights take")
            if (data := _unlabelled_input(latex, found)) is not None:
                renames = {data: "x"}
    edits: list[tuple[int, int, str]] = []   # (start, end, replacement) in the note's text
    for match, layer in found:
        letter = match["letter"]
        if letter in renames and (not weights or (match.start() >= relation.end() and layer == previous)):
            deco = match["deco"].strip()
            edits.append((match.start(), match.end(), f" {deco}{{{renames[letter]}}} " if deco else f" {renames[letter]} "))
        elif weights and (letter in _MATRICES or letter == "w" and not _TRANSPOSED.match(latex, match.end())):
            # a matrix: W x is a product. A layer's weights multiplying the previous layer's activations untransposed
            # are its matrix in lowercase too (Nielsen's w^l, whose entries are w^l_{jk})
            edits.append((match.start(), match.end(), f"\\mathbf{{{letter.upper() if letter == 'w' else letter}}} "))
            if not inputs and renames and (factor := _FACTOR.match(latex, match.end())) is not None:
                edits.append((factor.start("letter"), factor.end("letter"), f" {renames[factor['letter']]} "))
        else:
            deco = match["deco"].strip()
            edits.append((match.start(), match.end(), f"{deco}{{{letter}}} " if deco else f"{letter} "))
    rewritten = latex
    for start, end, text in sorted(edits, reverse=True):
        rewritten = rewritten[:start] + text + rewritten[end:]
    set_aside = ", ".join(dict.fromkeys(m.group(0) for m, _ in found))
    if renames and not weights:
        set_aside += "; the batch's capitals as one example's " + ", ".join(sorted(renames.values()))
    elif renames:
        which = f"of layer {_show(previous)}" if inputs else "(the data)"
        set_aside += f"; {next(iter(renames))} {which} is the step's input x"
    return rewritten, set_aside


_TRANSPOSED = re.compile(r"\s*(?:_\s*(?:\{[^{}]*\}|\w))?\s*\^\s*(?:\{\s*)?(?:T|\\top|\\intercal)\b")
# the factor right after a weight matrix, with no layer label: the one quantity the weights multiply
_FACTOR = re.compile(rf"(?P<pre>\s*(?:\\cdot\s*)?{_DECORATION}?)\{{?(?P<letter>[A-Za-z])\}}?(?![A-Za-z^_{{])")


def _unlabelled_input(latex: str, found: list[tuple[re.Match[str], tuple[str, int]]]) -> str | None:
    """The letter right after the labelled weight matrix when it carries no label (W^{[1]}X: X); None if none."""
    for match, _ in found:
        if match["letter"] in _WEIGHTS and (factor := _FACTOR.match(latex, match.end())) is not None:
            return factor["letter"]
    return None


def _show(layer: tuple[str, int]) -> str:
    var, offset = layer
    if not var:
        return str(offset)
    return var if offset == 0 else f"{var}{offset:+d}"


# Nielsen's book (and notes that follow it) writes the layer as a bare superscript, a^l_j, w^l_{jk}, z^L: a label
# only where the note's words say the letter numbers layers ("layer l"), else it may be a power
_LAYER_LETTERS = ("l", "L")
_BASE = rf"(?P<base>{_DECORATION}\{{\s*{_LETTER}\s*\}}|(?<![\\A-Za-z]){_LETTER}(?![A-Za-z]))"
_BARE = {letter: re.compile(_BASE + rf"\s*\^\s*(?:\{{\s*(?P<braced>{letter}(?:\s*[+-]\s*\d)?)\s*\}}|"
                                     rf"(?P<bare>{letter})(?![A-Za-z0-9]))") for letter in _LAYER_LETTERS}
# the letters of one layer's step written with bare superscripts (the output and what it is computed from)
_STEP_LETTERS = {"a", "z", "w", "W", "b", "h"}


@lru_cache(maxsize=1)
def _layer_words() -> dict[str, list[str]]:
    return tomllib.loads(resources.files("kb.check").joinpath("data/layers.toml").read_text("utf-8"))


@lru_cache(maxsize=256)
def _naming(letter: str) -> re.Pattern[str]:
    """The words that call `letter` a layer's number, written before it ("layer $l$") or after it ("$l^{th}$
    layer", "第 $l$ 层")."""
    table = _layer_words()
    mark = (rf"(?<![A-Za-z\\])(?:\$|\\\()?\s*{letter}(?:\s*\^\s*\{{?\s*(?:\\(?:text|mathrm)\s*\{{)?\s*th\s*\}}?\s*\}}?)?"
            r"\s*(?:\$|\\\))?")
    before = "|".join(re.escape(w) for w in sorted(table["before"], key=len, reverse=True))
    after = "|".join(re.escape(w) for w in sorted(table["after"], key=len, reverse=True))
    return re.compile(rf"(?:{before})\s*{mark}(?![A-Za-z])|{mark}\s*(?:{after})")


# Notes that number their layers may write the number itself as a bare superscript: z^{3} = W^{3}a^{2} + b^{3},
# a^{2} = σ(z^{2}) (layers 2 and 3 of a small network). A digit is far more often a power, so it is a label only on
# the letters of a layer's step, and only where the words near the formula call one of the formula's digits a
# layer's number ("layer 2", "the 2nd layer", "第 2 层"): a note that numbers its layers so numbers them all alike.
_DIGIT_STEP_LETTERS = "|".join(sorted(_STEP_LETTERS | {"A", "Z"}))
_DIGIT = re.compile(rf"(?P<base>{_DECORATION}\{{\s*(?:{_DIGIT_STEP_LETTERS})\s*\}}|(?<![\\A-Za-z])"
                    rf"(?:{_DIGIT_STEP_LETTERS})(?![A-Za-z]))\s*\^\s*"
                    r"(?:\{\s*(?P<braced>\d)\s*\}|(?P<bare>\d)(?![0-9]))")


@lru_cache(maxsize=16)
def _digit_naming(digit: str) -> re.Pattern[str]:
    """The words that call `digit` a layer's number: a layer word before it ("layer 2", "第2层") or an ordinal
    ending after it ("2nd layer"); "3 layers" counts layers and names none."""
    table = _layer_words()
    mark = rf"(?:\$|\\\()?\s*{digit}\s*(?:\$|\\\))?"
    before = "|".join(re.escape(w) for w in sorted(table["before"], key=len, reverse=True))
    after = "|".join(re.escape(w) for w in sorted(table["ordinal_after"], key=len, reverse=True))
    return re.compile(rf"(?:{before})\s*{mark}(?![A-Za-z0-9])|(?<![\w.]){mark}\s*(?:{after})")


@lru_cache(maxsize=1)
def _speaking_of_layers() -> re.Pattern[str]:
    nouns = sorted(_layer_words()["nouns"], key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, nouns)) + ")", re.IGNORECASE)


def _step_digits(latex: str) -> list[str]:
    """The digits the formula writes as superscripts of a layer step's letters (z^{3}, W^3), in order."""
    return list(dict.fromkeys(match["braced"] or match["bare"] for match in _DIGIT.finditer(latex)))


def layer_letters(latex: str, words: str) -> list[str]:
    """The letters the formula writes as bare superscripts (a^l, w^{l-1}) that the words call layer numbers, and
    the digits on a step's letters (z^{3}, W^{3}) where the words call one of them a layer's number."""
    letters = [letter for letter, bare in _BARE.items() if bare.search(latex) and _naming(letter).search(words)]
    digits = _step_digits(latex)
    if any(_digit_naming(digit).search(words) for digit in digits):
        letters += digits
    return letters


def _bracketed(latex: str, letters: list[str]) -> str:
    """The formula with each bare layer superscript of those letters written as a label, a^l as a^{[l]}."""
    def label(match: re.Match[str]) -> str:
        layer = re.sub(r"\s", "", match["braced"] or match["bare"])
        return f"{match['base']}^{{[{layer}]}}"

    def digit_label(match: re.Match[str]) -> str:
        return label(match) if (match["braced"] or match["bare"]) in letters else match.group()

    for letter in letters:
        if not letter.isdigit():
            latex = _BARE[letter].sub(label, latex)
    return _DIGIT.sub(digit_label, latex) if any(letter.isdigit() for letter in letters) else latex


def _unsure_digits(latex: str, words: str) -> Decision | None:
    """not_checkable when the left side and a letter of its right side carry a digit superscript (a^{2} = σ(z^{2}))
    and the words speak of layers without calling a digit a layer's number: labels or powers, unsaid."""
    relation = _RELATIONS.search(latex)
    marked = list(_DIGIT.finditer(latex))
    if (relation is None or not marked or marked[0].start() > relation.start()
            or not any(m.start() > relation.end() for m in marked) or not _speaking_of_layers().search(words)):
        return None
    return Decision("not_checkable", latex, detail=(
        "superscript digits read as layer numbers: in words about layers, "
        f"{', '.join(dict.fromkeys(m.group().replace(' ', '') for m in marked))} may be layers' quantities (labels) "
        "or powers, and the words near it call no digit a layer's number"))


def _unsure_superscripts(latex: str) -> Decision | None:
    """not_checkable when the left side and a letter of its right side carry a bare l superscript (z^l = w^l a^{l-1}
    + b^l) and no words say l numbers layers: labels or powers, the note does not say which."""
    for letter, bare in _BARE.items():
        marked = [m for m in bare.finditer(latex) if re.sub(r"\W|mathbf|boldsymbol|bm|vec|mathbfit|pmb", "", m["base"])
                  in _STEP_LETTERS]
        relation = _RELATIONS.search(latex)
        if (relation is not None and marked and marked[0].start() < relation.start()
                and any(m.start() > relation.end() for m in marked)):
            return Decision("not_checkable", latex, detail=(
                f"its superscripts {letter} may number layers (Nielsen's a^{letter}, w^{letter}) or be powers, and the "
                f"words near it do not say that {letter} is a layer"))
    return None


def decide(latex: str, check: Callable[[str], Decision], words: str = "") -> Decision | None:
    """The verdict on a formula whose left side carries a layer label (None when it carries none); a bare
    superscript is a label where the words call its letter a layer's number."""
    letters = layer_letters(latex, words)
    found = read(_bracketed(latex, letters) if letters else latex)
    if found is None and not letters:
        return _unsure_superscripts(latex) or _unsure_digits(latex, words)
    if found is None or isinstance(found, Decision):
        return replace(found, note_latex=latex) if isinstance(found, Decision) else found
    rewritten, set_aside = found
    if letters:
        set_aside += f"; the words call {', '.join(letters)} a layer"
    decision = check(rewritten)
    return replace(decision, note_latex=latex,
                   detail=f"read with its layer labels set aside ({set_aside}): {decision.detail}")
