"""The evaluation corpus (tests/corpus) and its scorer (kb/eval.py).

TARGETS are what issues 11 and 12 ask for. FLOORS are the figures measured on the corpus today: a change
may raise them (edit the dict when your work lifts a figure) but never lower them.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb import eval as kbeval
from kb.model import CHECK_CRASHED, Block, Card, Check, Note, Section, SourcePos

CORPUS = Path(__file__).resolve().parent / "corpus"

TARGETS = {"recall": 0.98, "markup_fronts": 0, "wrong_titles": 0, "wrong_langs": 0,
           "false_alarms": 0, "linked_share": 0.75, "caught_share": 0.90}

# Measured on tests/corpus; shares are lower bounds, counts upper bounds.
FLOORS = {
    "recall": 0.997,          # share of gold questions that became a Q&A card with that front (359/360: a bullet
                              # question naming "this loss" is refused by the back-reference guard)
    "precision": 1.0,         # share of Q&A cards in Q&A-style notes that are gold questions
    "markup_fronts": 0,       # at most
    "skip_ignored": 0,        # at most: questions the author skipped that still became cards
    "wrong_titles": 0,        # at most
    "wrong_langs": 0,         # at most
    "missing_notes": 0,       # at most: notes with a gold file that kb did not build
    "errors": 0,              # at most: build errors (a note or its formula checks crashing)
    "linked_share": 0.90,     # 0.9097 measured on the merged corpus (128 notes): the Hugo, list-naming and question notes label formulas kb reads but does not link yet (e^{-kt} read as one name, a pooling size named only by the title)
    "right": 1720,            # right verdicts, at least (1720/1895 measured on tests/corpus, 375 notes, on ffa5aa9 after the
                              # session of reasons after a chain, KL by position, author macros, inline statement pairs,
                              # derivative lead-ins, precision35's layer labels and worked steps, coverage35's reST and
                              # render35's table rules; 1626/1795 measured on tests/corpus, 353 notes, on 2127870 after the
                              # session of coverage27's escaped MathJax and H(p) notes, precision27's look-alikes and lead27's
                              # aligned displays and named left sides; 1516/1661, 322 notes, on 57cef46 with the
                              # notes of precision25's identification by structure and approximations, questions25's quiz
                              # formats, forms25's draws and limits, and the misnomer rule; 1481/1614, 305 notes, on 51cdfd8 with the
                              # notes of precision24's conventions and latex24's forms; 1441/1568, 295 notes, with the notes of
                              # latex24's juxtaposed letters and of plain-text brackets side by side; 1430/1556 with the note of attention's
                              # one width d; 1428/1554, 285 notes, with the notes of
                              # formulas kept in HTML comments beside their images, \large and hand-tagged displays,
                              # plain-text table cells, worked numbers from rounded decimals and wrapped future-tense
                              # sentences; 1397/1522, 273 notes, with the notes of
                              # a derivation's steps and code variables named after an entry; 1392/1509, 267 notes, with the notes of
                              # piecewise cases stated in sentences, condition first or after (ja, zh, ko, en, de),
                              # metrics named by list items (fr, ja, ko, es), primed kernel points, NumPy transposes
                              # and upright transposes; 1346/1469, 253 notes, with the piecewise notes alone;
                              # 1312/1435, 248 notes, with the notes of
                              # cases in words, a probability under a loss heading, momentum without a rate and an
                              # unnamed −Σ q log p; 1295/1409, 242 notes, before them; 1224/1333 with the notes of the forms of
                              # issue 12 §3: MathJax 2 scripts, \tag-numbered rows, primes typed as ′ ’ ´ or ^{\prime},
                              # ```math/```latex fences, HTML bold labels; 1206/1315, 224 notes, with the kernel notes;
                              # 1197/1305, 221 notes, with the notes of confusion counts, log-odds, regression scores and PSNR; 1126/1226, 206 notes, with the notes of
                              # momentum steps judged by their velocity line, cross-entropy argument order, the likelihood
                              # under L, "only when" special cases and Anki fields; 1107/1205 with
                              # sphinx/funciones_tabla_es.rst, 199 notes; 1079/1177 with the Hugo display-wrapper and Leibniz-gradient notes, 196 notes;
                              # 1060/1158 at 13f89ee; 1034/1136 at 2fd92ac, 190 notes; 1008/1101
                              # before, then the notes of pub10's false-alarm forms: stub functions, align rows ending
                              # in \;, momentum with the rate in the velocity, labelled activations, BN's identity
                              # parameters, the margin loss, conv sizes rounded down in words)
    "false_alarms": 0,        # exactly: a false "your note is wrong" is never acceptable
    "wrong_verified": 0,      # exactly: a wrong formula called verified teaches the mistake
    "unlabelled_alarms": 0,   # at most
    # 0.945 measured (224/237): two wrong pooling sizes under a title that names the convolution's size are not
    # judged (the failing entry is the convolution's, named only by the title) and a softmax gradient with its
    # sign swapped is not named near enough to be judged
    # 0.9398 (234/249) once the regression/RL, Hugo, question and card-export notes joined: their wrong formulas
    # kb does not judge yet are labelled, not left out
    # 0.9226 (298/323) once the Adam-constants and Deep Learning book notes joined: six of their wrong formulas write
    # a numbered decay under the other moment (β₁ in Adam's second moment), which kb must not verify but is not
    # certain enough to call wrong (not_checkable by design, labelled wrong all the same)
    # 0.9190 (329/358) once those notes joined: five of their realistic wrong formulas kb does not judge yet are
    # labelled all the same (a half-MSE missing its square and a BCE missing its minus in (1/m)Σ form, a return whose
    # exponent runs one ahead, an entropy missing its minus under a title that also names cross-entropy)
    "caught_share": 0.918,
    "false_gap_marks": 0,     # at most: "formula missing" marks beyond the gaps a note really has
    "gaps_marked": 15,        # at least: gaps marked in the corpus notes that lost their formulas
    "headings_share": 1.0,    # page dumps: share of the author's headings recovered as headings
    "chrome_cards": 0,        # at most: cards showing an editor's or wiki's interface text
}


@pytest.fixture(scope="module")
def report() -> kbeval.Report:
    return kbeval.evaluate(CORPUS)


def test_corpus_figures_hold_their_floors(report):
    t = report.totals
    assert t.notes >= 40
    assert t.missing_notes <= FLOORS["missing_notes"], "a note with a gold file was not built"
    assert t.skip_ignored <= FLOORS["skip_ignored"]
    assert t.errors <= FLOORS["errors"], report.errors
    assert t.recall >= FLOORS["recall"]
    assert t.precision >= FLOORS["precision"]
    assert t.markup_fronts <= FLOORS["markup_fronts"]
    assert t.wrong_titles <= FLOORS["wrong_titles"]
    assert t.wrong_langs <= FLOORS["wrong_langs"]
    assert t.linked_share >= FLOORS["linked_share"]
    assert t.right >= FLOORS["right"]
    assert t.false_alarms <= FLOORS["false_alarms"]
    assert t.wrong_verified <= FLOORS["wrong_verified"], "a wrong formula was verified"
    assert t.unlabelled_alarms <= FLOORS["unlabelled_alarms"]
    assert t.caught_share >= FLOORS["caught_share"]
    assert t.false_gap_marks <= FLOORS["false_gap_marks"]
    assert t.gaps_marked >= FLOORS["gaps_marked"]
    assert t.headings >= 30 and t.headings_share >= FLOORS["headings_share"]
    assert t.chrome_cards <= FLOORS["chrome_cards"]


def test_corpus_meets_the_issue_targets(report):
    t = report.totals
    assert t.recall >= TARGETS["recall"]
    assert t.markup_fronts <= TARGETS["markup_fronts"]
    assert t.wrong_titles <= TARGETS["wrong_titles"]
    assert t.wrong_langs <= TARGETS["wrong_langs"]
    assert t.false_alarms <= TARGETS["false_alarms"]
    assert t.linked_share >= TARGETS["linked_share"]
    assert t.caught_share >= TARGETS["caught_share"]


def test_corpus_covers_what_the_issues_ask():
    golds = kbeval.load_golds(CORPUS)
    assert len(golds) >= 40
    langs = {g.lang for g in golds.values()}
    assert len(langs) >= 8, langs
    labels = [f for g in golds.values() for f in g.formulas]
    wrong = [f for f in labels if not f.correct]
    assert len(wrong) >= 60
    assert len({f.id or f.quantity for f in wrong}) >= 25


def test_gold_lines_point_at_their_text():
    """Every gold question's line holds (a trace of) its text, and every formula line exists: labels that
    drift from their note would score kb against the wrong line."""
    for rel, gold in kbeval.load_golds(CORPUS).items():
        lines = (CORPUS / rel).read_text(encoding="utf-8").splitlines()
        for q in gold.questions:
            assert 1 <= q.line <= len(lines), (rel, q)
            line = _bare(lines[q.line - 1])
            words = [w for w in _bare(q.text).split() if len(w) > 3][:2]
            assert all(w in line for w in words), (rel, q)
        for f in gold.formulas:
            assert 1 <= f.line <= len(lines), (rel, f)


def _bare(text: str) -> str:
    """Text without markup characters, cloze braces and end punctuation, to find a question in its line."""
    text = kbeval.normalise(text).replace("{{c1::", " ").replace("}}", " ")
    return "".join(" " if ch in "`*_=?.,;:!()[]" else ch for ch in text)


def test_gold_files_are_never_read_as_notes(tmp_path):
    (tmp_path / "a.md").write_text("# A\n\n## What is x?\n\nx.\n", encoding="utf-8")
    (tmp_path / "a.md.gold.json").write_text(json.dumps({"title": "A", "lang": "en"}), encoding="utf-8")
    dest = tmp_path / "copy"
    kbeval.copy_without_gold(tmp_path, dest)
    assert sorted(p.name for p in dest.rglob("*")) == ["a.md"]


def test_a_gold_file_without_its_note_is_an_error(tmp_path):
    (tmp_path / "gone.md.gold.json").write_text(json.dumps({"title": "A", "lang": "en"}), encoding="utf-8")
    with pytest.raises(ValueError, match="gone.md"):
        kbeval.load_golds(tmp_path)


def _card(front: str, line: int, kind: str = "qa", back: str = "answer", check: Check | None = None) -> Card:
    return Card(id=f"{kind}{line}{front}", kind=kind, front=front, back=back, lang="en", tags=(),
                section=(), source=SourcePos("n.md", line), check=check)


def test_scorer_on_a_hand_made_case():
    gold = kbeval.Gold(
        file="n.md", title="Pooling", lang="en", qa_style=True,
        questions=(kbeval.GoldQuestion(3, "What is max pooling?"),
                   kbeval.GoldQuestion(7, "Why pool？"),                      # full-width ? matches ?
                   kbeval.GoldQuestion(9, "What is stride?"),                 # its card has an empty back
                   kbeval.GoldQuestion(11, "What is padding?")),              # no card at all
        formulas=(kbeval.GoldFormula(20, "O=\\lfloor (W-F)/S \\rfloor+1", "pool size", True, id="pool_output_size"),
                  kbeval.GoldFormula(22, "O=(W-F)/S+1", "pool size", False),
                  kbeval.GoldFormula(24, "\\sigma'(x)=\\sigma(x)(1-\\sigma(x))", "sigmoid derivative", True),
                  kbeval.GoldFormula(26, "r=1+L(k-1)", "receptive field", False)))
    cards = [
        _card("What is max pooling?", 3),
        _card("Why  pool?", 7),
        _card("What is stride?", 9, back="  "),
        _card("## Extra heading?", 13),                                      # not gold, and markup
        _card("The {{c1::stride}} is the step.", 15, kind="cloze"),          # cloze braces are not markup
        _card("Pool size", 20, kind="formula", check=Check("verified", "pool_output_size")),
        _card("Pool size", 22, kind="formula", check=Check("verified", "pool_output_size")),
        _card("Sigmoid", 24, kind="formula", check=Check("note_differs", "sigmoid")),
        _card("RF", 26, kind="formula", check=Check("not_checkable")),
        _card("Other", 30, kind="formula", check=Check("note_differs", "relu")),
    ]
    note = Note(file="n.md", kind="markdown", title="Pooling", lang="fr", sections=())
    report = kbeval.score([note], cards, [], {"n.md": gold})
    t = report.totals
    assert (t.questions, t.found) == (4, 2)
    assert (t.qa_cards, t.qa_matched) == (4, 3)
    assert t.markup_fronts == 1
    assert (t.wrong_titles, t.wrong_langs) == (0, 1)
    assert (t.formulas, t.linked, t.right) == (4, 3, 1)
    assert (t.false_alarms, t.wrong, t.caught, t.wrong_verified) == (1, 2, 0, 1)
    assert t.unlabelled_alarms == 1
    # every linked verdict is listed with its entry, reason and gold label, for audits of verified cards
    verdicts = report.to_dict()["notes"][0]["verdicts"]
    assert [(v["line"], v["status"], v["entry"], v["correct"]) for v in verdicts] == [
        (20, "verified", "pool_output_size", True), (22, "verified", "pool_output_size", False),
        (24, "note_differs", "sigmoid", True), (30, "note_differs", "relu", None)]
    text = kbeval.format_report(report, misses=True)
    assert "What is padding?" in text and "empty back" in text


def test_a_label_inside_a_display_block_scores_the_card_on_its_opening_line():
    # $$ on line 5, the formula on lines 6-7, $$ on line 8: the reader labelled line 6, kb's card is on line 5
    block = Block("formula", "$$\nL = (y - \\hat y)^2\n+ 0\n$$", 5, latex="L = (y - \\hat y)^2\n+ 0", display=True)
    note = Note(file="n.md", kind="markdown", title="T", lang="en", sections=(Section("T", ("T",), 1, 1, blocks=(block,)),))
    gold = kbeval.Gold(file="n.md", title="T", lang="en",
                       formulas=(kbeval.GoldFormula(6, "L = (y - \\hat y)^2", "squared error", False),
                                 kbeval.GoldFormula(9, "a = b", "after the block", True)))
    cards = [_card("Loss", 5, kind="formula", back="$$L$$", check=Check("note_differs", "mse")),
             _card("Next", 9, kind="formula", check=Check("not_checkable"))]
    t = kbeval.score([note], cards, [], {"n.md": gold}).totals
    assert (t.formulas, t.linked, t.caught, t.unlabelled_alarms) == (2, 1, 1, 0)
    assert kbeval.display_starts(note) == {6: 5, 7: 5, 8: 5}


def test_markup_leftovers():
    assert kbeval.markup_leftovers("### What is a CNN?") == ["heading #"]
    assert "bold/italic" in kbeval.markup_leftovers("**Q1- Explain dropout**")
    assert "label" in kbeval.markup_leftovers("Q1- Explain dropout")
    assert kbeval.markup_leftovers("Q-learning: what is the formula of $Q(s,a)$?") == []
    assert "HTML tag" in kbeval.markup_leftovers("What is <b>IoU</b>?")
    assert "wikilink" in kbeval.markup_leftovers("What is [[Softmax]]?")
    assert "LaTeX delimiter \\( \\[" in kbeval.markup_leftovers("What is \\(x\\)?")
    assert kbeval.markup_leftovers("What is $\\sigma'(x)$ for C# code, rank 1?") == []
    assert kbeval.markup_leftovers("How does `**kwargs` work?") == []
    assert kbeval.markup_leftovers("Step\n\n$$\\Delta y = {{c1::[f'(b) + e](\\Delta x)}}$$", "cloze") == []
    assert kbeval.markup_leftovers("The {{c1::stride}} is the step.", "cloze") == []
    assert kbeval.markup_leftovers("The {{c1::stride}} is the step.", "qa") == ["Liquid/template"]


def test_a_note_that_crashes_the_build_is_named_and_the_others_scored(tmp_path, monkeypatch):
    import kb.build

    real_build = kb.build.build

    def build_that_crashes_on_boom(notes_dir, out_dir, **kwargs):
        if any(p.name == "boom.md" for p in notes_dir.rglob("*")):
            raise TypeError("cos takes exactly 1 argument (2 given)")
        return real_build(notes_dir, out_dir, **kwargs)

    monkeypatch.setattr(kb.build, "build", build_that_crashes_on_boom)
    for name in ("ok.md", "boom.md"):
        (tmp_path / name).write_text("# T\n\n## What is x?\n\nx is y.\n", encoding="utf-8")
        (tmp_path / f"{name}.gold.json").write_text(json.dumps({"title": "T", "lang": "en"}), encoding="utf-8")
    report = kbeval.evaluate(tmp_path)
    assert report.totals.missing_notes == 1
    assert [s.file for s in report.notes if s.missing_note] == ["boom.md"]
    assert any("boom.md" in e and "crashed" in e for e in report.errors)


def test_skipped_questions_must_not_become_cards():
    gold = kbeval.Gold(file="n.md", title="T", lang="en",
                       skipped=(kbeval.GoldQuestion(5, "Draft: what is PR-AUC?"), kbeval.GoldQuestion(9, "Other?")))
    cards = [_card("Draft: what is PR-AUC?", 5), _card("Kept?", 7)]
    note = Note(file="n.md", kind="markdown", title="T", lang="en", sections=())
    assert kbeval.score([note], cards, [], {"n.md": gold}).totals.skip_ignored == 1


def test_a_wrong_verdict_beside_a_right_one_on_a_labelled_line_is_a_false_alarm():
    # kb split `p = \sigma(z), z = w^T x + b` into two statements, verified the sigmoid (the label) and called the
    # other one wrong: the student still reads "your note is wrong" on a correct line
    gold = kbeval.Gold(file="n.md", title="T", lang="en", formulas=(
        kbeval.GoldFormula(5, "p = \\sigma(z), z = w^T x + b", "sigmoid", True),
        kbeval.GoldFormula(9, "y = 2x", "a line", True)))
    cards = [_card("P", 5, kind="formula", check=Check("verified", "sigmoid", note_latex="p = \\sigma(z)")),
             _card("Z", 5, kind="formula", check=Check("note_differs", "logistic", note_latex="z = w^T x + b")),
             # the Q&A card carrying the scored card's own check is no second verdict
             _card("Y?", 9, check=Check("note_differs", "line", note_latex="y = 2x")),
             _card("Y", 9, kind="formula", check=Check("note_differs", "line", note_latex="y = 2x"))]
    note = Note(file="n.md", kind="markdown", title="T", lang="en", sections=())
    report = kbeval.score([note], cards, [], {"n.md": gold})
    t = report.totals
    assert (t.formulas, t.linked, t.right, t.false_alarms, t.unlabelled_alarms) == (2, 2, 0, 2, 0)
    assert any("5: correct sigmoid" in item and "note_differs (logistic)" in item
               for item in report.notes[0].formula_list)


def test_a_check_that_crashed_is_counted_apart_from_formulas_kb_cannot_read():
    crash = f"{CHECK_CRASHED}: TypeError: cannot determine truth value of Relational"
    gold = kbeval.Gold(file="n.md", title="T", lang="en",
                       formulas=(kbeval.GoldFormula(4, "D = a - b", "divergence", True),))
    cards = [_card("D", 4, kind="formula", check=Check("not_checkable", detail=crash)),
             _card("D", 4, kind="cloze", check=Check("not_checkable", detail=crash)),    # the same check twice
             _card("E", 6, kind="formula", check=Check("not_checkable", detail="cannot translate the LaTeX"))]
    note = Note(file="n.md", kind="markdown", title="T", lang="en", sections=())
    report = kbeval.score([note], cards, [], {"n.md": gold})
    assert report.totals.crashed == 1
    assert "4: check crashed: " + crash[:60] in "\n".join(report.notes[0].formula_list)
    assert "formula checks that crashed  1" in kbeval.format_report(report)
