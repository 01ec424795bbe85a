"""Link note formulas to the registry: find the entry a formula states, check it, and record the result.

A note formula is matched by what it is written in (its symbols against each entry's aliases), what is
written around it (the section's headings and nearby text against each entry's keywords and titles),
and finally by running it: the note's own right-hand side, with its symbols mapped onto the entry's
parameters, is the candidate that `compare()` runs against the entry's ground truth.
"""
from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from kb.formulas.core import Counterexample, Formula, compare, values_match
from kb.model import Block, Card, Check, Note, Section

SEED = 20240601
MAX_MAPPINGS = 64              # alias assignments tried per entry; notes use few symbols, so this is ample
NEAR_BLOCKS = 3                # paragraphs before a formula that count as its context
AGREEMENT_FOR_SAME_QUANTITY = 0.2   # a formula right this often, with no naming text, is a wrong version of it

_PROBABILISTIC = re.compile(r"\\Pr\b|\bPr\s*\(|\\mathbb\{E\}|\\mathcal\{N\}|\\text\{Norm\}|\\text\{Cat\}|\\propto|"
                            r"\\operatorname\{argmax\}|\\arg\s*\\?max|\\int\b")
_EQUATION_IN_TEXT = re.compile(r"\$[^$]*(?<![<>!\\])=[^$]*\$")
_RESTORED_LINE = {
    "en": "Formula restored from kb's checked registry",
    "zh": "公式由 kb 的已验证公式库补全",
    "ru": "Формула восстановлена из проверенного реестра kb",
}

LinkStatus = Literal["verified", "note_differs", "not_checkable"]


@dataclass(frozen=True)
class Decision:
    """What the registry says about one note formula."""
    status: LinkStatus
    note_latex: str
    formula: Formula | None = None
    mapping: dict[str, str] = field(default_factory=dict)   # entry parameter -> the note's symbol
    detail: str = ""
    examples: int = 0

    def to_check(self) -> Check:
        return Check(
            status=self.status,
            formula_id=self.formula.id if self.formula else None,
            verified_latex=self.formula.latex if self.formula else None,
            note_latex=self.note_latex,
            detail=self.detail,
            examples=self.examples,
        )


@dataclass(frozen=True)
class _Trial:
    formula: Formula
    mapping: dict[str, str]
    naming: int                     # length of the longest keyword/title found near the formula (0: none)
    agreement: float                # share of examples where the note's formula gives the truth
    counterexample: Counterexample | None
    examples: int


# ---- entry data --------------------------------------------------------------------------------------

_EXAMPLES: dict[int, tuple[Formula, tuple[dict[str, Any], ...]]] = {}
_TRUTHS: dict[int, tuple[Formula, tuple[Any, ...]]] = {}


def _entry_examples(formula: Formula) -> tuple[dict[str, Any], ...]:
    """The entry's seeded examples, made once per process (matching symbols needs only these)."""
    cached = _EXAMPLES.get(id(formula))
    if cached is None or cached[0] is not formula:
        cached = _EXAMPLES[id(formula)] = (formula, tuple(formula.examples(random.Random(SEED), formula.n_examples)))
    return cached[1]


def warm_examples(formulas: Sequence[Formula]) -> None:
    for formula in formulas:
        _entry_examples(formula)


def _entry_cases(formula: Formula) -> tuple[tuple[dict[str, Any], ...], tuple[Any, ...]]:
    """The examples and their true values; the truth runs only for entries a note formula could state."""
    examples = _entry_examples(formula)
    cached = _TRUTHS.get(id(formula))
    if cached is None or cached[0] is not formula:
        cached = _TRUTHS[id(formula)] = (formula, tuple(formula.truth(**params) for params in examples))
    return examples, cached[1]


def _with_cached_truth(formula: Formula) -> Formula:
    """The same entry whose truth answers from the cached values (compare() calls it per example)."""
    examples, expected = _entry_cases(formula)
    table = {_params_key(p): v for p, v in zip(examples, expected)}
    return replace(formula, truth=lambda **params: table[_params_key(params)])


def _params_key(params: dict[str, Any]) -> str:
    return repr(sorted(params.items()))


def _parameters(formula: Formula) -> tuple[str, ...]:
    examples = _entry_examples(formula)
    return tuple(examples[0]) if examples else ()


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# ---- matching --------------------------------------------------------------------------------------

def _aliases(formula: Formula, param: str) -> set[str]:
    from kb.formulas.latex import symbol_key

    return {symbol_key(a) for a in (param, *formula.aliases.get(param, ()))}


def candidate_mappings(formula: Formula, symbols: frozenset[str]) -> list[dict[str, str]]:
    """Every injective assignment of the note's symbols onto the entry's numeric parameters.

    Each symbol must name some parameter and each numeric parameter must be named; a non-numeric
    parameter (pooling kind, reduction mode) may go unnamed since a scalar formula cannot express it.
    """
    params = _parameters(formula)
    examples = _entry_examples(formula)
    numeric = [p for p in params if all(_is_number(e[p]) for e in examples)]
    optional = [p for p in params if p not in numeric]
    if not numeric or not symbols:
        return []
    choices: list[list[str]] = []
    ordered = sorted(symbols)
    for symbol in ordered:
        fits = [p for p in numeric if symbol in _aliases(formula, p)]
        if not fits:
            return []
        choices.append(fits)
    mappings = []
    for combo in itertools.islice(itertools.product(*choices), MAX_MAPPINGS * 8):
        if len(set(combo)) == len(combo) and set(numeric) <= set(combo) | set(optional):
            mappings.append({param: sym for param, sym in zip(combo, ordered)})
        if len(mappings) >= MAX_MAPPINGS:
            break
    return mappings


def naming_score(formula: Formula, context: str) -> int:
    """Length of the longest keyword or title of the entry that the context contains (0 when none)."""
    text = _normal(context)
    return max((len(phrase) for phrase in _phrases(formula) if _contains(text, phrase)), default=0)


_PHRASES: dict[int, tuple[Formula, tuple[str, ...]]] = {}


def _phrases(formula: Formula) -> tuple[str, ...]:
    """The entry's keywords and titles, normalised once per process."""
    cached = _PHRASES.get(id(formula))
    if cached is None or cached[0] is not formula:
        phrases = tuple(p for p in {_normal(k) for k in (*formula.keywords, *formula.titles.values())} if p)
        cached = _PHRASES[id(formula)] = (formula, phrases)
    return cached[1]


def _normal(text: str) -> str:
    text = re.sub(r"[*_`#>\[\]()]+|</?u>", " ", text.lower())
    text = text.replace("-", " ").replace("ё", "е")
    return re.sub(r"\s+", " ", text).strip()


def _contains(text: str, phrase: str) -> bool:
    """Phrase found at a word start (keywords may be stems: "косинусн" names "косинусный")."""
    start = text.find(phrase)
    while start >= 0:
        if start == 0 or not text[start - 1].isalnum() or not phrase[0].isalnum():
            return True
        start = text.find(phrase, start + 1)
    return False


def _trial(formula: Formula, mapping: dict[str, str], function: Callable[..., Any], order: list[str],
           naming: int) -> _Trial:
    examples, expected = _entry_cases(formula)
    index = {sym: i for i, sym in enumerate(order)}

    def candidate(**params: Any) -> Any:
        args = [None] * len(order)
        for param, sym in mapping.items():
            args[index[sym]] = params[param]
        return _plain(function(*args))

    agree = 0
    for params, want in zip(examples, expected):
        try:
            got = candidate(**params)
        except Exception:  # a wrong formula may divide by zero on an edge case
            continue
        agree += values_match(want, got, formula.rel_tol, formula.abs_tol)
    outcome = None if agree == len(examples) else compare(candidate, _with_cached_truth(formula), list(examples))
    counterexample = outcome if isinstance(outcome, Counterexample) else None
    return _Trial(formula, mapping, naming, agree / max(len(examples), 1), counterexample, len(examples))


def _plain(value: Any) -> Any:
    """Integral floats from exact formulas (e.g. sympy floor) compare as ints; others stay floats."""
    if isinstance(value, complex):
        return value.real if value.imag == 0 else value
    return value


def check_note_formula(latex: str, context: str = "", formulas: Sequence[Formula] | None = None) -> Decision:
    """Decide which registry entry `latex` states and whether the note has it right."""
    from kb.formulas import registry
    from kb.formulas.latex import LatexError, evaluator, parse_formula

    if _PROBABILISTIC.search(latex):
        return Decision("not_checkable", latex, detail="probabilistic model notation, no numeric ground truth")
    try:
        parsed = parse_formula(latex)
    except LatexError as exc:
        return Decision("not_checkable", latex, detail=f"cannot translate the LaTeX: {exc}")
    symbols = parsed.symbols
    if not symbols:
        return Decision("not_checkable", latex, detail="no variables: a worked example, not a general formula")
    order = sorted(symbols)
    function = evaluator(parsed.rhs, order)
    trials: list[_Trial] = []
    fitting: list[str] = []
    for formula in formulas if formulas is not None else registry():
        mappings = candidate_mappings(formula, symbols)
        if not mappings:
            continue
        fitting.append(formula.id)
        naming = naming_score(formula, context) + _output_bonus(formula, parsed.lhs_latex)
        trials.extend(_trial(formula, mapping, function, order, naming) for mapping in mappings)
    if not trials:
        return Decision("not_checkable", latex, detail=f"no registry entry matches symbols {{{', '.join(order)}}}")
    return _decide(latex, trials, fitting, order)


def _output_bonus(formula: Formula, lhs_latex: str) -> int:
    """An lhs the entry knows as its output name (O, W_O, ...) is weak evidence it is the same quantity."""
    from kb.formulas.latex import symbol_key

    params = set(_parameters(formula))
    outputs = {symbol_key(a) for key, names in formula.aliases.items() if key not in params for a in names}
    return 1 if symbol_key(lhs_latex) in outputs else 0


def _decide(latex: str, trials: list[_Trial], fitting: list[str], order: list[str]) -> Decision:
    passed = [t for t in trials if t.counterexample is None]
    if passed:
        best = max(passed, key=lambda t: t.naming)
        return Decision("verified", latex, best.formula, best.mapping,
                        f"agrees with {best.formula.id} on {best.examples} examples "
                        f"({_describe_mapping(best.mapping)})", best.examples)
    plausible = [t for t in trials if t.naming > 0 or t.agreement >= AGREEMENT_FOR_SAME_QUANTITY]
    if not plausible:
        return Decision("not_checkable", latex, detail=(
            f"symbols {{{', '.join(order)}}} fit {', '.join(sorted(set(fitting)))}, but the values disagree and "
            "nothing near the formula names them"))
    best = max(plausible, key=lambda t: (t.naming, t.agreement))
    assert best.counterexample is not None
    return Decision("note_differs", latex, best.formula, best.mapping,
                    f"differs from {best.formula.id}: {_describe_counterexample(best)}", best.examples)


def _describe_mapping(mapping: dict[str, str]) -> str:
    return ", ".join(f"{sym}={param}" if sym != param else sym for param, sym in mapping.items())


def _describe_counterexample(trial: _Trial) -> str:
    """The smallest counterexample in the note's own symbols."""
    from kb.formulas.core import _short

    ce = trial.counterexample
    assert ce is not None
    shown = ", ".join(f"{trial.mapping.get(k, k)}={_short(v)}" for k, v in ce.params.items())
    return f"at {shown}: expected {_short(ce.expected)}, the note's formula gives {_short(ce.got)}"


# ---- cards -------------------------------------------------------------------------------------------

def attach_checks(notes: Sequence[Note], cards: list[Card]) -> list[Card]:
    """Every card with its check: formula and formula-cloze cards linked, stripped Q&A formulas restored."""
    by_file = {note.file: note for note in notes}
    decisions: dict[tuple[str, int, str], Decision] = {}
    checked: list[Card] = []
    for card in cards:
        note = by_file.get(card.source.file)
        if card.kind in ("formula", "cloze") and note is not None:
            checked.append(_link_card(card, note, decisions))
        elif card.kind == "qa":
            checked.append(restore_formula(card))
        else:
            checked.append(card)
    return checked


def _link_card(card: Card, note: Note, decisions: dict[tuple[str, int, str], Decision]) -> Card:
    found = find_block(card, note)
    if found is None:
        if card.kind == "formula":
            return replace(card, check=Check("not_checkable", detail="the formula's block was not found in its note"))
        return card  # a term cloze: no formula behind it
    section, index, block = found
    key = (note.file, block.line, block.latex or "")
    if key not in decisions:
        decisions[key] = check_note_formula(block.latex or "", formula_context(section, index) + "\n" + card.front)
    return replace(card, check=decisions[key].to_check())


def find_block(card: Card, note: Note) -> tuple[Section, int, Block] | None:
    """The formula block a card was made from: same section, same line, its LaTeX in the card."""
    matches = []
    for section in note.sections:
        if section.path != card.section:
            continue
        for index, block in enumerate(section.blocks):
            if block.kind == "formula" and block.latex and block.line == card.source.line:
                matches.append((section, index, block))
    if len(matches) > 1:
        text = card.front + card.back
        matches = [m for m in matches if _latex_in(m[2].latex or "", text)] or matches[:1]
    return matches[0] if matches else None


def _latex_in(latex: str, text: str) -> bool:
    from kb.cards.formula import lhs_of

    lhs = lhs_of(latex)
    return latex in text or bool(lhs and lhs in text)


def formula_context(section: Section, index: int) -> str:
    """Headings and the few paragraphs just before the formula: the words that say what it is."""
    near = [b.text for b in section.blocks[max(0, index - NEAR_BLOCKS):index] if b.kind != "formula"]
    return "\n".join([*section.path, *near])


def note_formulas(notes: Sequence[Note]) -> Iterator[tuple[Note, Section, int, Block]]:
    """Every equation in the notes that a formula card is made from."""
    from kb.cards.formula import formula_blocks

    for note in notes:
        for section, index, block in formula_blocks(note):
            yield note, section, index, block


# ---- restoring stripped formulas ------------------------------------------------------------------

# Questions that ask what a named thing is, or for its formula: their subject is the thing itself.
_ASKS_WHAT = re.compile(
    r"^(?:what(?:'s| is| are)|define|explain|how (?:is|are|do you) (?:compute|calculate|define)d?)\s+"
    r"(?:(?:a|an|the)\s+)?(?:formula (?:for|of)\s+(?:(?:a|an|the)\s+)?)?(?P<subject>.+?)\s*[?？.]?$"
    r"|^(?:что такое|чему равн\w*|какова формула)\s+(?P<ru>.+?)\s*[?？.]?$"
    r"|^(?:什么是)(?P<zh1>.+?)[?？]?$|^(?P<zh2>.+?)(?:是什么|的公式是什么)[?？]?$")


def question_subject(question: str) -> str:
    """'What is cosine learning rate decay?' -> 'cosine learning rate decay' ('' for other questions)."""
    match = _ASKS_WHAT.match(_normal(question.strip().splitlines()[0] if question.strip() else ""))
    if not match:
        return ""
    return next(g for g in match.groups() if g is not None).strip()


def restore_formula(card: Card, formulas: Sequence[Formula] | None = None) -> Card:
    """A Q&A card asking what a registry formula is, whose answer lost the formula, gets the checked one back.

    The question's subject must be one of the entry's keywords or titles ("What is the Bellman equation?"),
    so a question that merely mentions a term ("Why is the softmax function called softmax?") is left alone.
    """
    from kb.formulas import registry

    if _EQUATION_IN_TEXT.search(card.back) or "$$" in card.back:
        return card
    subject = question_subject(card.front)
    if not subject:
        return card
    named = [f for f in (formulas if formulas is not None else registry()) if subject in _phrases(f)]
    if not named:
        return card
    formula = named[0]
    line = _RESTORED_LINE.get(card.lang, _RESTORED_LINE["en"])
    back = f"{card.back.rstrip()}\n\n*{line} ({formula.id}):*\n\n$${formula.latex}$$"
    check = Check("restored", formula.id, formula.latex, None, f"restored from the kb registry ({formula.id})")
    return replace(card, back=back, check=check)
