"""Score kb on a folder of notes labelled by hand: `python -m kb.eval [DIR] [--json] [--misses]`.

Beside each note `X` (any name, any subfolder) lies `X.gold.json`, written by a person reading the note:

    {"title": "...", "lang": "en", "qa_style": false,
     "questions": [{"line": 12, "text": "What is max pooling?"},
                   {"line": 30, "text": "The {{c1::stride}} is the step of the filter.", "kind": "cloze"}],
     "formulas": [{"line": 40, "text": "\\sigma'(x)=\\sigma(x)(1-\\sigma(x))", "quantity": "sigmoid derivative",
                   "id": "sigmoid", "correct": true, "why": "..."}]}

- `questions`: every explicit question (or explicit card markup) as a reader would list it: the card front kb
  should make, without markup, numbering, labels or code backticks. `kind` is "qa"
  (default) or "cloze".
- `headings`: (page dumps) every heading of the note as its author wrote it, in order: scored as headings
  recovered (a section kb built has exactly that heading).
- `chrome`: (page dumps) phrases of the editor's or wiki's own interface on the page: none may appear in a card.
- `formula_gaps`: how many places in the note's prose lost an inline formula (0 when absent): the
  "formula missing" marks kb puts on a note with its math are false marks.
- `skipped`: questions the author marked to skip (`<!-- kb:skip -->`, kb.toml): none may become a card.
- `qa_style`: the note is a list of questions and answers, so every Q&A card should be one of its questions
  (question precision is scored only for such notes).
- `formulas`: every formula that states a checkable fact, at the line where it starts (a display formula's
  opening `$$`, `\\[` or `\\begin{...}` line; a line inside the block counts as that line); `correct` says whether the note wrote it right; `id` is the
  registry entry that fits (a hint, null when none exists yet; another entry is reported, not penalised);
  `text` tells formulas on one line apart.

The scorer copies DIR without the gold files into a temporary folder, builds it with kb's own build function
(no outputs written) and compares. Fronts are compared after Unicode NFKC (full-width punctuation and letters
become their ASCII forms) and collapsing whitespace; nothing else is forgiven.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from kb.model import CHECK_CRASHED, Card, Diagnostic, Note, SourcePos

GOLD_SUFFIX = ".gold.json"
LINKED = ("verified", "note_differs")

# Leftovers of the author's markup in a card front: each means kb showed syntax instead of the question.
MARKUP_LEFTOVERS = {
    "heading #": re.compile(r"^\s*#{1,6}\s"),
    "#tag": re.compile(r"(?:^|\s)#[^\W\d_][\w/-]*"),
    "bold/italic": re.compile(r"\*\*|__\S|(?:^|\s)\*\S[^*]*\S\*(?:\s|$)"),
    "HTML tag": re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>"),
    "HTML entity": re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);"),
    "wikilink": re.compile(r"\[\[|\]\]"),
    "Markdown link/image": re.compile(r"!?\[[^\]]*\]\([^)]*\)"),
    "highlight ==": re.compile(r"==\S"),
    "comment %%": re.compile(r"%%"),
    "Liquid/template": re.compile(r"\{%|\{\{"),
    "kramdown/attrs": re.compile(r"\{:\s*[.#]"),
    "admonition": re.compile(r"^\s*(?::::|!!!|\?\?\?)"),
    "callout": re.compile(r"\[![A-Za-z]+\]"),
    "quote/list/number": re.compile(r"^\s*(?:>|[-+*]\s|\d+[.)]\s|0x[0-9A-Fa-f]+[.)、．])"),
    # (Q1- is a label; the hyphen of a word that starts with Q, Q-learning, is not)
    "label": re.compile(r"^\s*(?:Q\d*\s*(?:[:.)]|-(?![A-Za-z]{2}))|A:|Question\s*\d*\s*:|Frage\s*\d*\s*:|Вопрос\s*\d*\s*:|问题?\s*\d*\s*[:：])",
                        re.IGNORECASE),
    "LaTeX delimiter \\( \\[": re.compile(r"\\\(|\\\)|\\\[|\\\]"),
    "org/property": re.compile(r"^\s*#\+|^\s*[\w-]+::\s"),
    "backtick fence": re.compile(r"```|~~~"),
}


@dataclass(frozen=True)
class GoldQuestion:
    line: int
    text: str
    kind: str = "qa"


@dataclass(frozen=True)
class GoldFormula:
    line: int
    text: str
    quantity: str
    correct: bool
    why: str = ""
    id: str | None = None


@dataclass(frozen=True)
class Gold:
    file: str
    title: str
    lang: str
    qa_style: bool = False
    questions: tuple[GoldQuestion, ...] = ()
    formulas: tuple[GoldFormula, ...] = ()
    skipped: tuple[GoldQuestion, ...] = ()
    headings: tuple[str, ...] = ()
    chrome: tuple[str, ...] = ()
    formula_gaps: int = 0


@dataclass
class NoteScore:
    """One note's figures; the `*_list` fields say which items failed, for `--misses`."""
    file: str
    questions: int = 0
    found: int = 0
    qa_cards: int = 0
    qa_matched: int = 0             # Q&A cards whose front is a gold question (precision, Q&A-style notes)
    qa_style: bool = False
    markup_fronts: int = 0
    skip_ignored: int = 0           # questions the author skipped (kb:skip, kb.toml) that still became cards
    title_ok: bool = True
    title: str = ""
    lang_ok: bool = True
    lang: str = ""
    formulas: int = 0
    linked: int = 0
    right: int = 0
    false_alarms: int = 0
    wrong: int = 0
    caught: int = 0
    wrong_verified: int = 0         # a wrong formula called verified: the student learns the mistake
    other_entry: int = 0            # linked to a registry entry other than the gold hint (inspect, not penalised)
    unlabelled_alarms: int = 0      # note_differs on a line without a gold formula: inspect by hand
    crashed: int = 0                # formula checks that crashed (kb's bug, shown as not checkable)
    missing_note: bool = False
    headings: int = 0
    headings_found: int = 0
    chrome_cards: int = 0           # cards showing the editor's or wiki's interface text
    formula_gaps: int = 0           # gold: places where the note lost a formula
    gaps_marked: int = 0            # "formula missing" marks kb puts in the note's prose
    missed_list: list[str] = field(default_factory=list)
    extra_list: list[str] = field(default_factory=list)
    markup_list: list[str] = field(default_factory=list)
    formula_list: list[str] = field(default_factory=list)
    # every linked verdict (labelled or not) with its entry and reason, for audits of verdicts that are not
    # scored as wrong: a verification that holds only for special values, another entry than the gold hint
    verdicts: list[dict] = field(default_factory=list)


@dataclass
class Totals:
    notes: int = 0
    questions: int = 0
    found: int = 0
    qa_cards: int = 0
    qa_matched: int = 0
    markup_fronts: int = 0
    skip_ignored: int = 0
    wrong_titles: int = 0
    wrong_langs: int = 0
    missing_notes: int = 0
    unlabelled_notes: int = 0       # files read as notes that have no gold file (media read as a note...)
    errors: int = 0                 # error diagnostics of the build
    formulas: int = 0
    linked: int = 0
    right: int = 0
    false_alarms: int = 0
    wrong: int = 0
    caught: int = 0
    wrong_verified: int = 0
    other_entry: int = 0
    unlabelled_alarms: int = 0
    crashed: int = 0
    headings: int = 0
    headings_found: int = 0
    chrome_cards: int = 0
    formula_gaps: int = 0
    gaps_marked: int = 0
    false_gap_marks: int = 0        # marks beyond the gold count, per note

    @property
    def headings_share(self) -> float:
        return _share(self.headings_found, self.headings)

    @property
    def recall(self) -> float:
        return _share(self.found, self.questions)

    @property
    def precision(self) -> float:
        return _share(self.qa_matched, self.qa_cards)

    @property
    def linked_share(self) -> float:
        return _share(self.linked, self.formulas)

    @property
    def caught_share(self) -> float:
        return _share(self.caught, self.wrong)

    def to_dict(self) -> dict:
        return {**asdict(self), "recall": self.recall, "precision": self.precision, "headings_share": self.headings_share,
                "linked_share": self.linked_share, "caught_share": self.caught_share}


@dataclass
class Report:
    notes: list[NoteScore]
    totals: Totals
    unlabelled_notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"totals": self.totals.to_dict(), "notes": [asdict(n) for n in self.notes],
                "unlabelled_notes": self.unlabelled_notes, "errors": self.errors}


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def normalise(text: str) -> str:
    """The front comparison: NFKC (full-width forms to ASCII), whitespace collapsed, ends stripped."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def markup_leftovers(front: str, kind: str = "qa") -> list[str]:
    """Names of the markup leftovers in a card front (cloze cards may keep their {{c1::...}})."""
    text = re.sub(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", r"\1", front) if kind == "cloze" else front
    text = re.sub(r"`[^`]*`", "", text)  # inline code may show any syntax on purpose
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$", "", text, flags=re.S)  # math is TeX: `[f'(b)](\Delta x)` is no link
    return [name for name, pattern in MARKUP_LEFTOVERS.items() if pattern.search(text)]


# ---------------------------------------------------------------- gold files

def load_gold(path: Path, rel: str) -> Gold:
    """One gold file; a malformed one is an error naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Gold(file=rel, title=data["title"], lang=data["lang"], qa_style=bool(data.get("qa_style", False)),
                    questions=tuple(GoldQuestion(**q) for q in data.get("questions", ())),
                    formulas=tuple(GoldFormula(**f) for f in data.get("formulas", ())),
                    skipped=tuple(GoldQuestion(**q) for q in data.get("skipped", ())),
                    headings=tuple(data.get("headings", ())), chrome=tuple(data.get("chrome", ())),
                    formula_gaps=int(data.get("formula_gaps", 0)))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: bad gold file: {type(exc).__name__}: {exc}") from None


def load_golds(corpus: Path) -> dict[str, Gold]:
    """Every gold file under corpus, keyed by its note's path relative to corpus."""
    golds = {}
    for path in sorted(corpus.rglob("*" + GOLD_SUFFIX)):
        rel = path.relative_to(corpus).as_posix()[: -len(GOLD_SUFFIX)]
        if not (corpus / rel).is_file():
            raise ValueError(f"{path}: gold file without its note {rel}")
        golds[rel] = load_gold(path, rel)
    return golds


def copy_without_gold(corpus: Path, dest: Path) -> None:
    """The corpus as a user would have it: every file except the gold files."""
    shutil.copytree(corpus, dest, ignore=shutil.ignore_patterns("*" + GOLD_SUFFIX))


def build_corpus(corpus: Path) -> tuple[list[Note], list[Card], list[Diagnostic]]:
    """kb's own build on a copy of corpus without gold files; nothing is written but a temporary folder.
    If kb's build crashes, each file is built alone so that one crashing note is named (as an error) and
    the others are still scored."""
    from kb.build import build

    with tempfile.TemporaryDirectory(prefix="kb-eval-") as tmp:
        notes_dir = Path(tmp) / "notes"
        copy_without_gold(corpus, notes_dir)
        try:
            result = build(notes_dir, Path(tmp) / "out", emitters=[], use_cache=False)
        except Exception:
            return _build_one_by_one(notes_dir, Path(tmp) / "alone")
    return list(result.notes), list(result.cards), list(result.diagnostics)


def _build_one_by_one(notes_dir: Path, scratch: Path) -> tuple[list[Note], list[Card], list[Diagnostic]]:
    from kb.build import build, note_files

    notes: list[Note] = []
    cards: list[Card] = []
    diagnostics: list[Diagnostic] = []
    for index, path in enumerate(note_files(notes_dir)):
        rel = path.relative_to(notes_dir).as_posix()
        alone = scratch / str(index)
        (alone / "notes" / rel).parent.mkdir(parents=True)
        shutil.copy2(path, alone / "notes" / rel)
        try:
            result = build(alone / "notes", alone / "out", emitters=[], use_cache=False)
        except Exception as exc:  # kb's bug, reported against the note that triggers it
            diagnostics.append(Diagnostic(SourcePos(rel, 1), f"kb build crashed: {type(exc).__name__}: {exc}", "error"))
            continue
        notes += result.notes
        cards += result.cards
        diagnostics += result.diagnostics
    return notes, cards, diagnostics


# ---------------------------------------------------------------- scoring

def score(notes: Sequence[Note], cards: Sequence[Card], diagnostics: Sequence[Diagnostic],
          golds: dict[str, Gold]) -> Report:
    """Compare what kb built with the gold labels. Pure: the tests feed it hand-made cards."""
    by_file: dict[str, list[Card]] = {}
    for card in cards:
        by_file.setdefault(card.source.file, []).append(card)
    built = {n.file: n for n in notes}
    scores = [_score_note(gold, built.get(rel), by_file.get(rel, [])) for rel, gold in sorted(golds.items())]
    unlabelled = sorted(f for f in built if f not in golds)
    errors = [str(d) for d in diagnostics if d.level == "error"]
    totals = Totals(notes=len(scores), unlabelled_notes=len(unlabelled), errors=len(errors))
    for s in scores:
        totals.questions += s.questions
        totals.found += s.found
        if s.qa_style:
            totals.qa_cards += s.qa_cards
            totals.qa_matched += s.qa_matched
        totals.markup_fronts += s.markup_fronts
        totals.skip_ignored += s.skip_ignored
        totals.wrong_titles += not s.title_ok
        totals.wrong_langs += not s.lang_ok
        totals.missing_notes += s.missing_note
        for name in ("formulas", "linked", "right", "false_alarms", "wrong", "caught", "wrong_verified", "other_entry",
                     "unlabelled_alarms", "crashed", "headings", "headings_found", "chrome_cards", "formula_gaps",
                     "gaps_marked"):
            setattr(totals, name, getattr(totals, name) + getattr(s, name))
        totals.false_gap_marks += max(0, s.gaps_marked - s.formula_gaps)
    return Report(scores, totals, unlabelled, errors)


def _score_note(gold: Gold, note: Note | None, cards: list[Card]) -> NoteScore:
    s = NoteScore(file=gold.file, qa_style=gold.qa_style, missing_note=note is None)
    s.title = note.title if note else ""
    s.lang = note.lang if note else ""
    s.title_ok = note is not None and normalise(note.title) == normalise(gold.title)
    s.lang_ok = note is not None and note.lang == gold.lang
    _score_questions(s, gold, cards)
    asked = {normalise(q.text) for q in gold.questions}
    for card in cards:
        # a front as the labeller wrote the question is the author's text ("np.hstack([[1],[2]])"), no leftover
        if normalise(card.front) not in asked and (names := markup_leftovers(card.front, card.kind)):
            s.markup_fronts += 1
            s.markup_list.append(f"{card.source.line}: {card.front!r} ({', '.join(names)})")
    _score_formulas(s, gold, cards, display_starts(note) if note else {})
    _score_page(s, gold, note, cards)
    return s


def _score_page(s: NoteScore, gold: Gold, note: Note | None, cards: list[Card]) -> None:
    """Headings recovered, interface text in cards (page dumps), and formula-missing marks."""
    built = [normalise(section.heading) for section in note.sections] if note else []
    s.headings = len(gold.headings)
    for heading in gold.headings:
        if normalise(heading) in built:
            s.headings_found += 1
        else:
            s.missed_list.append(f"heading {heading!r} not recovered")
    for card in cards:
        shown = [phrase for phrase in gold.chrome if phrase in card.front or phrase in card.back]
        s.chrome_cards += bool(shown)
        s.markup_list += [f"{card.source.line}: interface text {shown[0]!r} in card {card.front[:50]!r}"] if shown else []
    s.formula_gaps = gold.formula_gaps
    s.gaps_marked = formula_gaps_marked(note) if note else 0
    if s.gaps_marked != s.formula_gaps:
        s.missed_list.append(f"formula gaps: {s.gaps_marked} marked, {s.formula_gaps} in the note")


def formula_gaps_marked(note: Note) -> int:
    """The "formula missing" marks kb puts in the note's own prose (each section once, in its language)."""
    from kb.check.formula_gaps import lost_its_math
    from kb.emit.gap_marks import count_gaps
    from kb.emit.html import render_markdown

    if not lost_its_math(note):
        return 0
    return sum(count_gaps(render_markdown("\n\n".join(b.text for b in section.blocks), math="anki"), section.lang)
               for section in note.sections)


def _score_questions(s: NoteScore, gold: Gold, cards: list[Card]) -> None:
    fronts: dict[tuple[str, str], list[Card]] = {}
    for card in cards:
        if card.kind in ("qa", "cloze"):
            fronts.setdefault((card.kind, normalise(card.front)), []).append(card)
    wanted = {(q.kind, normalise(q.text)) for q in gold.questions}
    s.questions = len(gold.questions)
    for q in gold.questions:
        hits = fronts.get((q.kind, normalise(q.text)), [])
        if any(c.back.strip() for c in hits):
            s.found += 1
        else:
            why = "empty back" if hits else _closest(q.text, cards)
            s.missed_list.append(f"{q.line}: {q.text!r} -> {why}")
    for q in gold.skipped:
        carded = [c for c in cards if c.source.line == q.line or normalise(c.front) == normalise(q.text)]
        s.skip_ignored += bool(carded)
        s.missed_list += [f"{q.line}: skipped by the author but carded: {c.front!r}" for c in carded[:1]]
    qa_cards = [c for c in cards if c.kind == "qa"]
    s.qa_cards = len(qa_cards)
    s.qa_matched = sum((c.kind, normalise(c.front)) in wanted for c in qa_cards)
    if gold.qa_style:
        s.extra_list = [f"{c.source.line}: {c.front!r}" for c in qa_cards if (c.kind, normalise(c.front)) not in wanted]


def _closest(text: str, cards: list[Card]) -> str:
    if not cards:
        return "no card"
    best = max(cards, key=lambda c: SequenceMatcher(None, normalise(text), normalise(c.front)).ratio())
    return f"closest: {best.kind} card {best.front!r}"


def display_starts(note: Note) -> dict[int, int]:
    """The first line of the display formula (`$$`, `\\[`, an environment) that spans each later line of it: a
    reader may label the line inside the block where the formula stands, kb places its card on the opening one."""
    starts: dict[int, int] = {}
    for section in note.sections:
        for block in section.blocks:
            if block.kind == "formula" and block.display:
                for line in range(block.line + 1, block.line + block.text.count("\n") + 1):
                    starts.setdefault(line, block.line)
    return starts


def _score_formulas(s: NoteScore, gold: Gold, cards: list[Card], display_starts: dict[int, int]) -> None:
    checked: dict[int, list[Card]] = {}
    for card in cards:
        if card.check is not None:
            checked.setdefault(card.source.line, []).append(card)
    labelled_lines = {f.line for f in gold.formulas}
    labelled_lines |= {display_starts[line] for line in labelled_lines if line in display_starts}
    lines = {label: label.line if label.line in checked else display_starts.get(label.line, label.line)
             for label in gold.formulas}
    hidden = _hidden_alarms(gold.formulas, lines, checked)
    for label in gold.formulas:
        s.formulas += 1
        s.wrong += not label.correct
        card = _formula_card(label, checked.get(lines[label], []))
        status = card.check.status if card and card.check else "no card"
        if label in hidden and status != "note_differs":
            card, status = hidden[label], "note_differs"   # kb also said "wrong" of this correct formula
        entry = card.check.formula_id if card and card.check else None
        linked = status in LINKED
        s.linked += linked
        right = (status == "verified") == label.correct and linked
        s.right += right
        # The gold id is a hint (registry ids change as it grows): another entry is reported, not penalised.
        s.other_entry += linked and bool(label.id and entry and entry != label.id)
        s.false_alarms += label.correct and status == "note_differs"
        s.caught += (not label.correct) and status == "note_differs"
        s.wrong_verified += (not label.correct) and status == "verified"
        if linked:
            s.verdicts.append(_verdict(card, label))
        if not right:
            truth = "correct" if label.correct else "WRONG"
            s.formula_list.append(f"{label.line}: {truth} {label.quantity} ({label.id or '-'}) -> {status}"
                                  f" ({entry or '-'}) {label.text[:60]!r}")
    for line, line_cards in sorted(checked.items()):
        crashed = {card.check.detail for card in line_cards if card.check.detail.startswith(CHECK_CRASHED)}
        s.crashed += len(crashed)
        s.formula_list += [f"{line}: check crashed: {detail[:120]}" for detail in sorted(crashed)]
        if line in labelled_lines:
            continue
        for card in line_cards:
            if card.check.status in LINKED:
                s.verdicts.append(_verdict(card, None))
            if card.check.status == "note_differs":
                s.unlabelled_alarms += 1
                s.formula_list.append(f"{line}: unlabelled -> note_differs ({card.check.formula_id}) "
                                      f"{(card.check.note_latex or card.front)[:60]!r}")


def _hidden_alarms(labels: Sequence[GoldFormula], lines: dict[GoldFormula, int], checked: dict[int, list[Card]]
                   ) -> dict[GoldFormula, Card]:
    """The correct labels that a note_differs card on their line speaks of, where that card is not the one scored for
    any label: kb split the line into several statements, one was verified (and scored) and another called wrong.
    Each such card belongs to the label on its line whose text it is most like; a card repeating the LaTeX of a
    scored card (the Q&A and cloze cards that carry the formula card's check) is that card, never another alarm."""
    scored = [card for label in labels if (card := _formula_card(label, checked.get(lines[label], []))) is not None]
    shown = {_written(card) for card in scored}
    hidden: dict[GoldFormula, Card] = {}
    for line in set(lines.values()):
        here = [label for label in labels if lines[label] == line]
        for card in checked.get(line, []):
            if card.check.status != "note_differs" or any(card is c for c in scored) or _written(card) in shown:
                continue
            label = max(here, key=lambda lab: _likeness(lab, card))
            if label.correct:
                hidden.setdefault(label, card)
    return hidden


def _written(card: Card) -> str:
    return _squash(card.check.note_latex or card.back)


def _verdict(card: Card, label: GoldFormula | None) -> dict:
    """One linked verdict as the JSON report lists it; `correct` and `gold_id` are None on unlabelled lines."""
    return {"line": card.source.line, "status": card.check.status, "entry": card.check.formula_id,
            "detail": card.check.detail, "note_latex": card.check.note_latex or card.front,
            "correct": label.correct if label else None, "gold_id": label.id if label else None,
            "quantity": label.quantity if label else None}


def _formula_card(label: GoldFormula, candidates: list[Card]) -> Card | None:
    """The checked card made from this labelled formula: the one at its line whose LaTeX is most like it."""
    candidates = [c for c in candidates if c.kind == "formula"] or candidates
    if len(candidates) <= 1:
        return candidates[0] if candidates else None

    return max(candidates, key=lambda card: _likeness(label, card))


def _likeness(label: GoldFormula, card: Card) -> float:
    return SequenceMatcher(None, _squash(label.text), _written(card)).ratio()


def _squash(latex: str) -> str:
    return re.sub(r"\s+|\\[,;!: ]|\\left|\\right", "", latex)


# ---------------------------------------------------------------- printing

def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole}" if whole else "-"


def format_report(report: Report, misses: bool = False) -> str:
    header = (f"{'note':44} {'questions':>9} {'prec':>7} {'markup':>6} {'title':>5} {'lang':>9} "
              f"{'linked':>7} {'right':>7} {'alarm':>5} {'caught':>7}")
    lines = [header, "-" * len(header)]
    for s in report.notes:
        name = s.file if len(s.file) <= 44 else "..." + s.file[-41:]
        lang = s.lang if s.lang_ok else f"{s.lang or '?'}!"
        lines.append(f"{name:44} {_pct(s.found, s.questions):>9} "
                     f"{_pct(s.qa_matched, s.qa_cards) if s.qa_style else '':>7} {s.markup_fronts or '':>6} "
                     f"{'' if s.title_ok else 'WRONG':>5} {lang:>9} {_pct(s.linked, s.formulas):>7} "
                     f"{_pct(s.right, s.formulas):>7} {s.false_alarms or '':>5} {_pct(s.caught, s.wrong):>7}")
        if misses:
            if not s.title_ok:
                lines.append(f"    title: {s.title!r}")
            if s.missing_note:
                lines.append("    no note was built from this file")
            for kind, items in (("missed", s.missed_list), ("extra Q&A", s.extra_list),
                                ("markup", s.markup_list), ("formula", s.formula_list)):
                lines.extend(f"    {kind}: {item}" for item in items)
    t = report.totals
    lines += ["-" * len(header), "totals",
              f"  notes scored                 {t.notes} (built without a gold file: {t.unlabelled_notes}; "
              f"gold without a built note: {t.missing_notes}; build errors: {t.errors})",
              f"  question recall              {t.found}/{t.questions} = {t.recall:.1%}",
              f"  Q&A precision (Q&A notes)    {t.qa_matched}/{t.qa_cards} = {t.precision:.1%}",
              f"  fronts with markup           {t.markup_fronts}",
              f"  skipped questions carded     {t.skip_ignored}",
              f"  wrong titles                 {t.wrong_titles}",
              f"  wrong languages              {t.wrong_langs}",
              f"  formulas linked              {t.linked}/{t.formulas} = {t.linked_share:.1%}",
              f"  right verdicts               {t.right}/{t.formulas} (linked to another entry: {t.other_entry})",
              f"  false alarms                 {t.false_alarms} (note_differs on unlabelled lines: "
              f"{t.unlabelled_alarms})",
              f"  wrong formulas caught        {t.caught}/{t.wrong} = {t.caught_share:.1%}",
              f"  wrong formulas verified      {t.wrong_verified}",
              f"  formula checks that crashed  {t.crashed}",
              f"  headings recovered (dumps)   {t.headings_found}/{t.headings} = {t.headings_share:.1%}",
              f"  cards with interface text    {t.chrome_cards}",
              f"  formula gaps marked          {t.gaps_marked} ({t.formula_gaps} in the notes; false marks: "
              f"{t.false_gap_marks})"]
    for name in report.unlabelled_notes:
        lines.append(f"  built without a gold file: {name}")
    if misses:
        lines.extend(f"  error: {e}" for e in report.errors)
    return "\n".join(lines)


def evaluate(corpus: Path) -> Report:
    golds = load_golds(corpus)
    notes, cards, diagnostics = build_corpus(corpus)
    return score(notes, cards, diagnostics, golds)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=Path("tests/corpus"),
                        help="a folder of notes with X.gold.json beside each note X (default: tests/corpus)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list every missed question, markup front, "
                        "wrong title and formula verdict that is not right")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus}: not a folder")
    try:
        report = evaluate(args.corpus)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) if args.json
          else format_report(report, args.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
