"""Linking note formulas to the registry: verified, note_differs with the smallest counterexample,
not_checkable with a reason, and formulas restored into Q&A answers that lost them."""
from __future__ import annotations

import random

import pytest

from kb.cards import make_cards
from kb.check.link import attach_checks, check_note_formula, restore_formula
from kb.formulas import registry
from kb.formulas.core import Formula, values_match
from kb.model import CHECK_CRASHED, Block, Card, Note, Section, SourcePos
from tests.check_helpers import assert_right_verifies_and_wrong_differs


def _entry(formula_id: str) -> Formula:
    found = [f for f in registry() if f.id == formula_id]
    if not found:
        pytest.skip(f"{formula_id} has not landed in the registry")
    return found[0]


def test_correct_conv_output_size_is_verified():
    decision = check_note_formula(r"O=\lfloor\frac{W-F+2P}{S}\rfloor+1", "Output size of a convolution")
    assert decision.status == "verified"
    assert decision.formula is not None and decision.formula.id in ("conv_output_size", "pool_output_size")
    assert decision.mapping == {"W": "W", "F": "F", "P": "P", "S": "S"}
    assert decision.examples >= 100


def test_conv_output_size_without_floor_differs_with_the_smallest_counterexample():
    conv = _entry("conv_output_size")
    decision = check_note_formula(r"W_O = \frac{W_I - F + 2P}{S} + 1", "Output Size of Convolution", [conv])
    assert decision.status == "note_differs" and decision.formula is conv
    assert decision.note_latex.startswith("W_O") and decision.to_check().verified_latex == conv.latex
    # The reported case is the smallest of all failing examples (by the sum of its parameters).
    examples = conv.examples(random.Random(20240601), conv.n_examples)
    failing = [p for p in examples if not values_match(conv.truth(**p), (p["W"] - p["F"] + 2 * p["P"]) / p["S"] + 1, 0, 0)]
    smallest = min(sum(p.values()) for p in failing)
    shown = decision.detail.split("at ", 1)[1].split(":")[0]
    values = dict(item.split("=") for item in shown.split(", "))
    assert sum(int(v) for v in values.values()) == smallest
    assert "W_I" in values  # in the note's own symbols


def test_dilated_conv_without_floor_needs_words_naming_it():
    """The symbols find the entry, but only words that name it make the disagreement a mistake."""
    latex = r"O=\frac{W+2P-(d(k-1)+1)}{S}+1"
    unnamed = check_note_formula(latex, "")
    assert unnamed.status == "not_checkable" and "dilated_conv_output_size" in unnamed.detail
    assert "nothing near the formula names" in unnamed.detail
    decision = check_note_formula(latex, "Dilated convolution")
    assert decision.status == "note_differs"
    assert decision.formula is not None and decision.formula.id == "dilated_conv_output_size"
    assert decision.mapping["F"] == "k" and decision.mapping["d"] == "d"


def test_not_checkable_reasons():
    assert check_note_formula(r"Pr(f) = \sum_{m=1}^M Pr(f|p=m)").detail == \
        "probabilistic model notation, no numeric ground truth"
    unknown = check_note_formula(r"Z = q_1 + q_2 q_3")
    assert unknown.status == "not_checkable" and unknown.detail == "no registry entry matches symbols {q_1, q_2, q_3}"
    assert "cannot translate" in check_note_formula(r"L=\lim_{n\to\infty} a_n").detail


def _note(latex: str, heading: str = "Output size") -> Note:
    block = Block("formula", f"$${latex}$$", 5, latex=latex, display=True)
    section = Section(heading, ("CNN", heading), 2, 3, "en", (Block("paragraph", "The size:", 4), block))
    return Note("cnn.md", "markdown", "CNN", "en", (section,))


def test_attach_checks_marks_formula_and_cloze_cards():
    note = _note(r"O=\frac{W-F+2P}{S}+1")
    cards = attach_checks([note], make_cards(note))
    formula_cards = [c for c in cards if c.kind in ("formula", "cloze")]
    assert formula_cards and all(c.check is not None and c.check.status == "note_differs" for c in formula_cards)
    assert formula_cards[0].check.formula_id == "conv_output_size"
    assert formula_cards[0].check.note_latex == r"O=\frac{W-F+2P}{S}+1"
    assert all(c.check is None for c in cards if c.kind not in ("formula", "cloze"))


def test_a_cloze_card_is_identified_by_its_words_not_by_the_functions_its_formula_uses():
    """A cloze front holds the formula; `sigmoid` on the right of t = tanh(z) = 2·sigmoid(z) − 1 does not make
    t the sigmoid: both cards of the chain get the formula card's verdict (a wrong tanh, 2σ(2z) − 1)."""
    note = _note(r"t = tanh(z) = 2*sigmoid(z)-1", heading="tanh")
    checked = [c.check for c in attach_checks([note], make_cards(note)) if c.kind in ("formula", "cloze")]
    assert len(checked) >= 2 and all(c.status == "note_differs" for c in checked), checked
    assert {c.formula_id for c in checked} == {"tanh_scaled_sigmoid"}, checked


def _nested_note(path: tuple[str, ...], paragraph: str, latex: str) -> Note:
    block = Block("formula", f"$${latex}$$", 5, latex=latex, display=True)
    section = Section(path[-1], path, 2, 3, "en", (Block("paragraph", paragraph, 4), block))
    return Note("outputs.md", "markdown", path[0], "en", (section,))


def _checks(note: Note) -> list:
    return [c.check for c in attach_checks([note], make_cards(note)) if c.kind in ("formula", "cloze")]


def test_a_function_letter_of_the_notes_own_is_the_input_its_left_side_lists():
    """g(s) = 1/(1+e^{-s}): the left side makes s the function's input, so the formula is the sigmoid its own
    heading names, although s is how softmax spells its logits and the chapter's heading names softmax."""
    checked = _checks(_nested_note(("Softmax", "Sigmoid"), "For two classes one output is enough.",
                                   r"g(s)=\frac{1}{1+e^{-s}}"))
    assert checked and all(c.status == "verified" and c.formula_id == "sigmoid" for c in checked), checked
    wrong = _checks(_nested_note(("Softmax", "Sigmoid"), "For two classes one output is enough.",
                                 r"g(s)=\frac{1}{1+e^{s}}"))
    assert wrong and all(c.status == "note_differs" and c.formula_id == "sigmoid" for c in wrong), wrong


def test_an_expression_named_only_by_an_outer_heading_is_not_certainly_that_entry():
    """A sum with no left side in a subsection of a Q-learning chapter: nothing near it says it is the Bellman
    equation, so disagreeing with that entry is no verdict on the note; its own heading naming it is."""
    from kb.check.decision import Decision, Evidence
    from kb.check.link import named_only_by_outer_heading

    bellman = _entry("bellman_optimality_q")
    failing = Decision("note_differs", r"\sum_{k=1}^{n} \gamma^{k-1} R_{t+k}", bellman, {}, "", 1,
                       Evidence("", "q learning", {}))
    gap = named_only_by_outer_heading(failing, "Discounted rewards\nRewards after step t.", "Discounted rewards")
    assert "no left side, and only an outer heading names" in gap
    assert named_only_by_outer_heading(failing, "Q-learning target\nThe target.", "Q-learning target") == ""
    # the engine applies it wherever it is told the formula's own words: on cards and in `kb verify` alike
    decided = check_note_formula(failing.note_latex, "Q-learning\nDiscounted rewards\nRewards after step t.",
                                 heading="Discounted rewards", local="Discounted rewards\nRewards after step t.")
    assert decided.status == "not_checkable" and "only an outer heading names" in decided.detail, decided.detail


def test_an_outer_heading_does_not_name_a_formula_whose_own_heading_names_another_entry():
    """Under "Sigmoid" inside a chapter on softmax, a formula that fails softmax is no wrong softmax."""
    from kb.check.decision import Decision, Evidence
    from kb.check.link import named_only_by_outer_heading

    softmax = _entry("softmax")
    failing = Decision("note_differs", "p(v)=e^{v}", softmax, {}, "", 1, Evidence("p(v)", "softmax", {}))
    assert "its own heading names Sigmoid" in named_only_by_outer_heading(failing, "Sigmoid\nOne output.", "Sigmoid")
    assert named_only_by_outer_heading(failing, "Softmax output\nOne output.", "Softmax output") == ""
    recall = _entry("recall")
    by_name = Decision("note_differs", "Recall=TP/(TP+FN+1)", recall, {}, "", 1, Evidence("Recall", "", {}))
    assert named_only_by_outer_heading(by_name, "Sigmoid", "Sigmoid") == ""   # its left side names it


def _qa(question: str, answer: str) -> Card:
    return Card("id1", "qa", question, answer, "en", (), ("Lecture",), SourcePos("qa.txt", 3))


def test_stripped_formula_is_restored_into_the_answer():
    _entry("cosine_lr_decay")
    card = restore_formula(_qa("What is cosine learning rate decay?", "Where is the learning rate at each step."))
    assert card.check is not None and card.check.status == "restored"
    assert card.check.formula_id == "cosine_lr_decay"
    assert card.check.detail == "restored from the kb registry (cosine_lr_decay)"
    assert card.back.startswith("Where is the learning rate") and "Formula restored from kb's checked registry" in card.back
    assert f"$${card.check.verified_latex}$$" in card.back


def test_restore_leaves_answers_with_a_formula_and_unrelated_questions_alone():
    _entry("cosine_lr_decay")
    with_formula = _qa("What is cosine learning rate decay?", r"$\eta_t = \frac12(1+\cos(\pi t/T))$")
    assert restore_formula(with_formula) == with_formula
    unrelated = _qa("How many images are uploaded to Instagram daily?", "1.3 billion.")
    assert restore_formula(unrelated) == unrelated
    # Anki's and MathJax's inline delimiters hold a formula too
    anki = _qa("What is cosine learning rate decay?", r"\(\eta_t = \frac12(1+\cos(\pi t/T))\)")
    assert restore_formula(anki) == anki


def test_a_complete_answer_in_words_gets_no_formula_added():
    """Restoring claims the answer lost a formula: an answer with no gap and a note that kept its math did not."""
    _entry("cosine_lr_decay")
    worded = _qa("What is cosine learning rate decay?", "A schedule that lowers the rate along half a cosine wave.")
    assert restore_formula(worded) == worded
    gapped = _qa("What is cosine learning rate decay?", "Where is the learning rate at each step.")
    assert restore_formula(gapped).check is not None
    kept_math = Note("n.md", "markdown", "n", "en", (
        Section("Schedules", ("Schedules",), 2, 1, "en", (Block("formula", r"$\eta_t = \eta_0 \gamma^t$", 2),)),))
    assert restore_formula(gapped, kept_math) == gapped


def test_the_answer_missing_altogether_is_restored():
    _entry("cosine_lr_decay")
    from kb.cards.prompts import no_answer
    card = restore_formula(_qa("What is cosine learning rate decay?", f"{no_answer('en')}\n\nSource: qa.txt:3"))
    assert card.check is not None and card.check.formula_id == "cosine_lr_decay"


def test_a_name_entries_share_restores_the_one_it_is_the_title_of_or_none():
    """"Cosine learning rate decay" is the whole title of one schedule and a keyword of the warm-up one too;
    "the Bellman equation" names the expectation and the optimality equations alike: neither is restored."""
    gap = "It is given by , where is the state."
    assert restore_formula(_qa("What is cosine learning rate decay?", gap)).check.formula_id == "cosine_lr_decay"
    assert restore_formula(_qa("What is cross entropy loss?", gap)).check.formula_id == "cross_entropy"
    assert restore_formula(_qa("What is the Bellman equation?", gap)).check is None
    assert restore_formula(_qa("What is the Q function?", gap)).check is None
    chinese = Card("id1", "qa", "什么是交叉熵？", "给定真实分布  和预测分布 ，交叉熵定义为 。", "zh", (), ("讲义",),
                   SourcePos("qa.txt", 3))
    assert restore_formula(chinese).check.formula_id == "cross_entropy"


def test_subject_with_an_abbreviation_and_the_entrys_own_words_is_restored():
    _entry("noam_lr_schedule")
    card = restore_formula(_qa("What is inverse square root lr decay?", "Decay by ."))
    assert card.check is not None and card.check.formula_id == "noam_lr_schedule"


def test_subject_with_words_the_entry_never_uses_is_not_restored_to_it():
    _entry("noam_lr_schedule")
    card = restore_formula(_qa("What is the inverse square root function?", "A function."))
    assert card.check is None


@pytest.fixture(scope="module")
def checked_notes(notes_dir):
    from kb.build import collect

    notes, cards, _, _ = collect(notes_dir)
    return attach_checks(notes, cards)


def test_notes_real_mistakes_are_found(checked_notes):
    """The notes' own conv-size formulas: the floored one verifies, those without floor differ."""
    by_status: dict[str, set[str]] = {}
    for card in checked_notes:
        if card.kind == "formula" and card.check is not None and card.check.formula_id:
            by_status.setdefault(card.check.status, set()).add(card.check.formula_id)
    assert "conv_output_size" in by_status.get("verified", set())
    assert {"conv_output_size", "dilated_conv_output_size"} <= by_status.get("note_differs", set())
    assert all(c.check is not None for c in checked_notes if c.kind == "formula")
    restored = {c.check.formula_id for c in checked_notes if c.check is not None and c.check.status == "restored"}
    assert "cosine_lr_decay" in restored and not any(i.startswith("bellman") for i in restored)


# ---- worked numbers: exact arithmetic, linked to the entry they instantiate ---------------------------

def test_worked_product_is_exact_and_linked_to_the_cost_entry():
    right = check_note_formula(r"256 \times 3 \times 5 \times 5 \times 8 \times 8 = 1,228,800", "MobileNet cost")
    assert right.status == "verified" and right.formula is not None
    assert right.formula.id == "standard_conv_mult_adds" and "1,228,800" in right.detail
    wrong = check_note_formula(r"256 \times 3 \times 5 \times 5 \times 8 \times 8 = 1,228,900", "MobileNet cost")
    assert wrong.status == "note_differs" and "= 1,228,800" in wrong.detail and "1,228,900" in wrong.detail


def test_worked_depthwise_and_ssd_numbers_link_to_their_entries():
    depthwise = check_note_formula(r"3 \times 5 \times 5 \times 8 \times 8 = 4,800", "depthwise: 3 kernels 5x5x1")
    assert depthwise.status == "verified" and depthwise.formula.id == "depthwise_conv_mult_adds"
    ssd = check_note_formula(r"38\times 38\times 4\times (21+4)=144,400", "SSD head")
    assert ssd.status == "verified" and ssd.formula.id == "ssd_head_outputs"
    assert check_note_formula(r"38\times 38\times 4 = 5766", "SSD").status == "note_differs"


@pytest.mark.parametrize("latex, context, entry, shown", [
    # the reading L = 1, k = 7 took the result for a kernel and left the 3 and the 2 unused
    (r"r = 1 + L(k-1) = 1 + 3 \cdot 2 = 7", "Receptive field of three stacked 3x3 convolutions", "receptive_field",
     "L=3, k=3"),
    # a one-layer receptive field of a 15-wide kernel is 15 whatever the rest: no reading of a conv size
    (r"\left\lfloor \frac{32 - 5 + 2 \cdot 1}{2} \right\rfloor + 1 = 15", "conv output size, stride 2, padding 1",
     "conv_output_size", "W=32, F=5, P=1, S=2"),
])
def test_worked_numbers_link_only_to_an_entry_that_uses_the_numbers_they_compute_with(latex, context, entry, shown):
    decision = check_note_formula(latex, context)
    assert decision.status == "verified" and decision.formula.id == entry and shown in decision.detail, decision.detail


def test_worked_numbers_that_no_entry_reads_with_all_their_numbers_are_linked_to_none():
    decision = check_note_formula(r"\frac{32-5+4}{1}+1 = 32", "Output size of a convolution with padding 2")
    assert decision.status == "verified" and decision.formula is None, decision.detail


def test_worked_numbers_without_a_named_entry_are_still_checked():
    assert check_note_formula(r"2 \times 3 = 6").status == "verified"
    off = check_note_formula(r"2 \times 3 = 7")
    assert off.status == "note_differs" and off.formula is None


def test_worked_numbers_from_rounded_decimals_differ_only_beyond_their_rounding():
    # 0.67 is 2/3 rounded: (2/3)/0.25 = 2.67, and 0.67/0.25 = 2.68 only because of that rounding
    rounded = check_note_formula(r"\frac{0.67}{0.25} = 2.67", "lift")
    assert rounded.status == "not_checkable" and "rounded" in rounded.detail, rounded.detail
    assert check_note_formula(r"\frac{0.67}{0.25} = 1.34", "lift").status == "note_differs"
    # integers are exact: no rounding to hide a mistake behind
    assert check_note_formula(r"\frac{4}{10} = 0.2", "precision").status == "note_differs"


def test_vector_worked_example_is_evaluated_elementwise():
    right = check_note_formula(r"new\_label=[0\;1]\times(1-0.2)+0.2\times \frac{1}{2}=[0.1\;0.9]", "label smoothing")
    assert right.status == "verified" and right.formula.id == "label_smoothing"
    wrong = check_note_formula(r"new\_label=[0\;1]\times(1-0.2)+0.2\times \frac{1}{2}=[0.1\;0.8]", "label smoothing")
    assert wrong.status == "note_differs"


def test_numeric_matrix_identity_is_checked():
    sobel = r"\begin{bmatrix} -1 & 0 & 1 \\ -2 & 0 & 2 \\ -1 & 0 & 1 \end{bmatrix} = " \
            r"\begin{bmatrix} 1 \\ 2 \\ 1 \end{bmatrix} \times [-1 \ 0 \ 1]"
    assert check_note_formula(sobel, "Sobel filter").status == "verified"
    assert check_note_formula(sobel, "Sobel filter").formula.id == "separable_kernel"
    assert check_note_formula(sobel.replace("-2 & 0 & 2", "-2 & 0 & 3")).status == "note_differs"


def test_a_matrix_with_blank_cells_is_not_claimed_wrong():
    # Transposed-convolution notes sum shifted partial outputs written with blank cells; a blank is 0
    # only by the author's habit, and reading the row without it shifts entries into other columns.
    blanks = (r"\begin{bmatrix} 1 & 2 & \\ 3 & 4 & \\ & & \end{bmatrix} + "
              r"\begin{bmatrix} & 1 & 2 \\ & 3 & 4 \\ & & \end{bmatrix} = "
              r"\begin{bmatrix} 1 & 3 & 2 \\ 3 & 7 & 4 \\ 0 & 0 & 0 \end{bmatrix}")
    assert check_note_formula(blanks).status == "not_checkable"
    zeros = (r"\begin{bmatrix} 1 & 2 & 0 \\ 3 & 4 & 0 \\ 0 & 0 & 0 \end{bmatrix} + "
             r"\begin{bmatrix} 0 & 1 & 2 \\ 0 & 3 & 4 \\ 0 & 0 & 0 \end{bmatrix} = "
             r"\begin{bmatrix} 1 & 3 & 2 \\ 3 & 7 & 4 \\ 0 & 0 & 0 \end{bmatrix}")
    assert check_note_formula(zeros).status == "verified", zeros


# ---- formulas over data vectors, elementwise functions -----------------------------------------------

@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"\text{swish } x = x \cdot \sigma(x)", r"\text{swish } x = x \cdot x", "swish", "swish"),
    (r"\text{h-swish}[x] = x \frac{\text{ReLU6}(x+3)}{6}", r"\text{h-swish}[x] = x \frac{\text{ReLU6}(x+3)}{3}",
     "h-swish", "h_swish"),
    (r"new\_onehot\_labels = labels * (1 - label\_smoothing) + label\_smoothing * \frac{1}{|labels|}",
     r"new\_onehot\_labels = labels * (1 - label\_smoothing) + label\_smoothing * \frac{1}{|labels| - 1}",
     "label smoothing", "label_smoothing"),
    (r"D[x]=E[x^2]-E[x]^2", r"D[x]=E[x^2]", "SyncBN", "syncbn_variance"),
    (r"\sigma=\sqrt{\frac{\sum x^2}{N}-\mu^2+\epsilon}", r"\sigma=\sqrt{\frac{\sum x^2}{N}+\epsilon}", "SyncBN",
     "syncbn_std"),
    (r"\mu=\frac{\sum_i^Nx_i}{N}", r"\mu=\frac{\sum_i^Nx_i}{N-1}", "the batch mean", "syncbn_mean"),
    (r"\sigma=\sqrt{\frac{\sum_{i}^{N}(x_i-\mu)^2}{N}+\epsilon}", r"\sigma=\sqrt{\frac{\sum_{i}^{N}(x_i-\mu)^2}{N-1}+\epsilon}",
     "SyncBN", "syncbn_std"),
    (r"y_i=\gamma\cdot\frac{x_i-\mu}{\sigma}+\beta", r"y_i=\gamma\cdot\frac{x_i-\mu}{\sigma}", "batch norm",
     "batchnorm_forward"),
    (r"\tilde{x}=\lambda x_i+(1-\lambda)x_j", r"\tilde{x}=(1-\lambda) x_i+\lambda x_j", "mixup", "mixup"),
    (r"\mathcal{L}_{KD} = -\tau^2 \sum_k \tilde{p}_k^t(x) \log \tilde{p}_k^s(x)",
     r"\mathcal{L}_{KD} = -\sum_k \tilde{p}_k^t(x) \log \tilde{p}_k^s(x)", "knowledge distillation",
     "kd_soft_cross_entropy"),
    (r"\tilde{p}_k^t(x) = \frac{e^{s_k^t(x)/\tau}}{\sum_j e^{s_j^t(x)/\tau}}",
     r"\tilde{p}_k^t(x) = \frac{e^{s_k^t(x)}}{\sum_j e^{s_j^t(x)/\tau}}", "softmax temperature", "softmax_temperature"),
    (r"\frac{d_{\sigma}}{d_{x_{i}}}=\frac{x_i-\mu}{N\sigma}", r"\frac{d_{\sigma}}{d_{x_{i}}}=-\frac{1}{\sigma}(\frac{x_i\mu}{N})",
     "BN backward", "batchnorm_std_gradient"),
    # confusion-matrix metrics written in counts, and F scores in precision P and recall R
    (r"P = \frac{TP}{TP + FP}", r"P = \frac{TP}{FP}", "precision", "precision"),
    (r"\mathrm{TPR} = \frac{TP}{TP + FN}", r"\mathrm{TPR} = \frac{TP}{FP + FN}", "recall", "recall"),
    (r"F_1 = \frac{2PR}{P+R}", r"F_1 = \frac{P + R}{2}", "F1 score", "f1_score"),
    # the limits of the sum in either order, \hat y without braces, N as the number of samples
    (r"L = \frac{1}{N} \sum^{N}_{i=1} (y_i - \hat{y}_i)^2", r"L = \frac{1}{N} \sum_{i} (y_i - \hat y_i)",
     "mean squared error", "mse"),
    (r"\mathrm{MAE} = \frac{1}{m}\sum^{m}_{i=1} |y_i - \hat y_i|", r"\mathrm{MAE} = \sum^{m}_{i=1} |y_i - \hat y_i|",
     "MAE", "mae"),
])
def test_right_formula_verifies_and_a_wrong_variant_differs(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_focal_loss_written_with_cdots_is_the_gamma_one_case():
    note = check_note_formula(r"L(p,y)=-(y\cdots (1-p)\cdots \log(p)+(1-y)\cdots p\cdots\log(1-p))", "focal loss")
    assert note.status == "note_differs" and note.formula.id == "focal_loss" and "gamma=" in note.detail


def test_a_function_defined_in_the_section_is_expanded():
    defs = {"J(X,Y)": r"\frac{|X\cap Y|}{|X\cup Y|}"}
    assert check_note_formula(r"J(X,Y)=\frac{|X\cap Y|}{|X\cup Y|}", "Jaccard").formula.id == "jaccard_index"
    right = check_note_formula(r"D(X,Y)=1-J(X,Y)", "Jaccard distance", definitions=defs)
    assert right.status == "verified" and right.formula.id == "jaccard_distance"
    wrong = check_note_formula(r"D(X,Y)=1+J(X,Y)", "Jaccard distance", definitions=defs)
    assert wrong.status == "note_differs" and wrong.formula.id == "jaccard_distance"


def test_set_builder_notation_is_not_checkable_with_its_reason():
    decision = check_note_formula(r"C_{l+1} = \left\{ c \in C_l \mid f_c \geq \delta \right\}")
    assert decision.status == "not_checkable" and "set-builder" in decision.detail


def test_card_is_linked_to_the_longest_formula_on_its_line():
    short = Block("formula", "$1 \\times 1 \\times 3$", 7, latex=r"1 \times 1 \times 3")
    long = Block("formula", "$256 \\times 1 \\times 1 \\times 3 = 768$", 7, latex=r"256 \times 1 \times 1 \times 3 = 768")
    section = Section("Cost", ("Cost",), 1, 1, "en", (Block("paragraph", "pointwise", 6), short, long))
    note = Note("c.md", "markdown", "Cost", "en", (section,))
    card = Card("c1", "formula", "Cost?", f"$${long.latex}$$", "en", (), ("Cost",), SourcePos("c.md", 7))
    (checked,) = attach_checks([note], [card])
    assert checked.check.status == "verified" and checked.check.note_latex == long.latex


def test_notes_findings(checked_notes):
    """The notes' checkable formulas are checked; their real mistakes are found."""
    checks = [c.check for c in checked_notes if c.kind == "formula" and c.check is not None]
    verified = {c.formula_id for c in checks if c.status == "verified"}
    differs = {c.formula_id for c in checks if c.status == "note_differs"}
    assert {"swish", "h_swish", "label_smoothing", "syncbn_variance", "syncbn_std", "mixup", "jaccard_distance",
            "kd_soft_cross_entropy", "standard_conv_mult_adds", "ssd_head_outputs"} <= verified
    assert {"batchnorm_std_gradient", "focal_loss"} <= differs


# ---- expressions the sentence before them names ---------------------------------------------------------

def _sentence_checks(text: str) -> list[tuple[int, str, str]]:
    """(line, formula, status) of each checked formula card of a Markdown note."""
    from tests.parse_helpers import parse_text

    note = parse_text(text, "sentences.md")
    return sorted((c.source.line, c.check.note_latex, c.check.status) for c in attach_checks([note], make_cards(note))
                  if c.kind == "formula" and c.check is not None)


def test_an_inline_expression_the_sentence_names_is_checked_as_that_quantity():
    checks = _sentence_checks("# Metrics\n\n## Classification\n\n"
                              "Precision is $\\frac{TP}{TP+FP}$ when counted,\n"
                              "and recall is $\\frac{TP}{TP+FP}$ by my notes.\n")
    # the same expression twice: the sentence before each one says which quantity it is
    assert [(line, status) for line, _, status in checks] == [(5, "verified"), (6, "note_differs")]


def test_a_sentence_naming_a_derivative_or_a_part_is_never_a_mistake_of_the_heading_s_entry():
    checks = _sentence_checks("# Activations\n\n## Sigmoid\n\n"
                              "The sigmoid is $\\frac{1}{1+e^{-x}}$ and its derivative is $\\sigma(x)(1-\\sigma(x))$.\n\n"
                              "## L2 regularization\n\n"
                              "Add $\\frac{\\lambda}{2}\\lVert w \\rVert^2$ to the loss; its gradient is $\\lambda w$.\n")
    status = {latex: status for _, latex, status in checks}
    assert status[r"\frac{1}{1+e^{-x}}"] == "verified"
    assert status[r"\sigma(x)(1-\sigma(x))"] != "note_differs"   # the heading names σ, the sentence its derivative
    assert status[r"\lambda w"] != "note_differs"   # the heading names L2, the sentence only "its gradient"


@pytest.mark.parametrize("text, named", [
    ("La pérdida MSE es $\\frac{1}{N}\\sum_i (y_i - \\hat y_i)^2$.", "La pérdida MSE"),
    ("深度可分离卷积的参数量为 $D_K^2 M + M N$。", "深度可分离卷积的参数量"),
    ("It grows as $O(n^2)$ in $n$: the score matrix is $n \\times n$.", "the score matrix"),
    ("The answer: $K$ filters.", ""),                      # a symbol alone names a quantity, it gives no value
    ("We add $\\lambda w$ to the update.", ""),            # no word saying the expression is a value
])
def test_the_words_before_an_inline_expression_name_it(text, named):
    from kb.cards.formula import sentence_naming
    from tests.parse_helpers import parse_text

    section = parse_text(f"# Note\n\n{text}\n", "one.md").sections[-1]
    formula = max(i for i, b in enumerate(section.blocks) if b.kind == "formula")
    assert sentence_naming(section, formula) == named


def test_an_entry_whose_own_truth_raises_judges_nothing():
    """Registry code that raises is that entry's failure (kb verify shows it), never a crash or a verdict here."""
    from kb.formulas._build import entry, repeat

    def broken_truth(W, F):
        raise RuntimeError("truth broke")

    broken = entry("broken_size", {"en": "Broken size"}, r"O=W-F+1", {"W": "width", "F": "filter"},
                   lambda W, F: W - F + 1, broken_truth,
                   repeat(lambda rng: {"W": rng.randint(5, 9), "F": rng.randint(1, 3)}), {}, ("broken size",), tol=None)
    symbolic = check_note_formula(r"O = W - F + 1", "Broken size", [broken])
    assert symbolic.status == "not_checkable" and "broken_size's ground truth raised RuntimeError" in symbolic.detail
    # a worked example is still checked by exact arithmetic, but the entry whose truth raised links nothing
    worked = check_note_formula(r"7 - 3 + 1 = 5", "Broken size", [broken])
    assert worked.status == "verified" and worked.formula is None, worked.detail


def test_inline_formulas_do_not_push_the_naming_sentence_out_of_the_context():
    """Each inline formula is a block beside its paragraph: three of them before an equation must not hide the
    sentence that names it."""
    from kb.check.link import formula_context
    from tests.parse_helpers import parse_text

    note = parse_text("# Conv\n\n## Size\n\n- The number of parameters of all filters.\n"
                      "- $K$ filters of $F \\times F$ over $C$ channels: $P = F \\cdot F \\cdot C \\cdot K$\n", "n.md")
    section = next(s for s in note.sections if s.path[-1] == "Size")
    index = next(i for i, b in enumerate(section.blocks) if b.kind == "formula" and "=" in (b.latex or ""))
    assert "number of parameters" in formula_context(section, index)


def test_a_formula_named_by_the_words_on_its_left_is_checked_as_what_they_name():
    from tests.parse_helpers import parse_text
    note = parse_text("# Losses\n\n## Hinge\n\nThe hinge loss $= \\max(0, 1 - y \\hat{y})$\n\n"
                      "## Margin\n\nThe hinge loss $= \\max(0, - y \\hat{y})$\n", "l.md")
    checks = [c.check for c in attach_checks([note], make_cards(note)) if c.kind == "formula"]
    assert [(c.status, c.formula_id) for c in checks] == [("verified", "hinge_loss"), ("note_differs", "hinge_loss")]


def test_a_worked_decimal_rounded_to_its_written_digits_is_right_and_a_bound_is_no_worked_value():
    assert check_note_formula(r"L = \frac{0.91 + 0.91 + 2.3}{3} = 1.37", "loss").status == "verified"
    assert check_note_formula(r"L = \frac{0.91 + 0.91 + 2.3}{3} = 1.47", "loss").status == "note_differs"
    bound = check_note_formula(r"0 \le \mathrm{pred\_y\_i} \le 1", "probability")
    assert bound.status == "not_checkable" and "inequalities" in bound.detail


def test_an_approximation_to_the_digits_written_is_right():
    assert check_note_formula(r"0.25^{10} \approx 0", "probability").status == "verified"
    assert check_note_formula(r"2^{10} \approx 1000", "memory").status == "verified"
    assert check_note_formula(r"2^{10} \approx 2000", "memory").status == "note_differs"


def test_a_lone_e_among_worked_numbers_is_eulers_number_and_only_written_digits_round():
    assert check_note_formula(r"0.98^{50} \approx \frac{1}{e}", "exponential average").status == "verified"
    assert check_note_formula(r"0.9^{10} \approx 0.35 \approx \frac{1}{e}", "exponential average").status == "verified"
    # 1/e is written with no decimals: its rounding is not half a unit (0.5^{10} is nowhere near 1/e)
    assert check_note_formula(r"0.9^{100} \approx \frac{1}{e}", "exponential average").status == "note_differs"


def test_a_logarithm_written_without_a_base_is_natural_and_right_only_in_another_base_is_unsure():
    slide = check_note_formula(r"-\log(0.13) = 0.89", "cross-entropy of one example")
    assert slide.status == "not_checkable" and "right only if \\log is base 10" in slide.detail
    assert check_note_formula(r"-\log(0.13) = 2.04", "cross-entropy of one example").status == "verified"
    assert check_note_formula(r"-\ln(0.5) = 0.30", "cross-entropy of one example").status == "note_differs"
    assert check_note_formula(r"-\log(0.13) = 0.5", "cross-entropy of one example").status == "note_differs"


@pytest.mark.parametrize("latex, context, status", [
    # the note names the unit or the base: \log is read in that base
    (r"-\log 0.8 \approx 0.322", "Information content in bits", "verified"),
    (r"-\log(0.13) = 0.89", "la touche log de la calculatrice, le logarithme décimal", "verified"),
    (r"-\log 0.5 = 1", r"entropy $H = -\sum_k p_k \log_2 p_k$ of a fair coin", "verified"),
    # right only in another base than the one stated: unsure, never a mistake
    (r"-\log 0.8 \approx 0.223", "Information content in bits", "not_checkable"),
    (r"\log 8 = 3", r"with $\lg$ for the logarithm", "not_checkable"),   # \lg: base 2 or base 10
    # wrong in every base
    (r"-\log 0.8 \approx 0.423", "Information content in bits", "note_differs"),
    # "a bit" is English, not the unit
    (r"-\log 0.8 \approx 0.322", "a bit more on the loss", "not_checkable"),
])
def test_the_base_the_note_states_decides_a_logarithm_written_without_one(latex, context, status):
    assert check_note_formula(latex, context).status == status


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"L = \max(0, 1 - y f(x))", r"L = \max(0, y f(x))", "the hinge loss", "hinge_loss"),
    (r"\mathrm{MSE} = \frac{1}{N}\sum_{i=1}^{N} (y_i - f(x_i))^2", r"\mathrm{MSE} = \frac{1}{N}\sum_{i=1}^{N} (y_i - f(x_i))",
     "mean squared error", "mse"),
])
def test_a_function_applied_to_the_input_is_the_value_the_entry_spells_so(right, wrong, context, entry):
    # f(x) is the model's output on x (the entry spells its score so); read as a table f at x it fits no entry
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_a_function_whose_argument_is_used_apart_is_not_read_as_one_value():
    # x appears on its own beside f(x): f(x) is not an opaque value, so it is not the hinge loss's score
    decision = check_note_formula(r"L = \max(0, 1 - y f(x)) + x", "the hinge loss")
    assert decision.status == "not_checkable"


def test_an_accented_left_side_is_not_the_input_it_decorates():
    # h̃ = m ⊙ h / p: the left side is the layer's output, not its input h (which the right side writes bare)
    assert_right_verifies_and_wrong_differs(r"\tilde{h} = \frac{m \odot h}{p}", r"\tilde{h} = p \cdot (m \odot h)",
                                            "inverted dropout", "inverted_dropout")
    # the same letter on both sides names the input: that is not the entry's value
    assert check_note_formula(r"h = \frac{m \odot h}{p}", "inverted dropout").status == "not_checkable"


def test_dropout_divided_by_one_minus_p_follows_pytorchs_drop_probability():
    decision = check_note_formula(r"\tilde{h} = \frac{m \odot h}{1 - p}", "inverted dropout")
    assert decision.status == "not_checkable" and "dropped" in decision.detail


def test_the_letter_an_entry_writes_for_an_input_names_that_input_on_the_left():
    """q = 1 - p defines the keep probability q that inverted dropout's h̃ = m⊙h/q divides by; it is no wrong
    scale, though p is a spelling notes also use for the keep probability."""
    for context in ("During training each unit is kept with probability q, where", "Inverted dropout keeps a unit with"):
        decision = check_note_formula("q = 1 - p", context)
        assert decision.status != "note_differs", decision.detail
    assert check_note_formula(r"s = \frac{1}{q}", "inverted dropout rescales the kept units by").status == "verified"
    assert check_note_formula(r"s = \frac{1}{1 - q}", "inverted dropout rescales the kept units by").status == "note_differs"


@pytest.mark.parametrize("latex", [
    r"\tilde{h} = \frac{m \odot h}{q}, \quad m_i \sim \mathrm{Bernoulli}(q)",
    r"\tilde{h} = \frac{m \odot h}{q} \qquad m_i \sim \operatorname{Bernoulli}(q)",
])
def test_how_a_symbol_is_drawn_after_a_gap_is_no_part_of_the_formula(latex):
    assert check_note_formula(latex, "Inverted dropout during training:").status == "verified"
    wrong = latex.replace(r"\frac{m \odot h}{q}", r"m \odot h \cdot q")
    decision = check_note_formula(wrong, "Inverted dropout during training:")
    assert decision.status == "note_differs" and decision.formula.id == "inverted_dropout", decision.detail


@pytest.mark.parametrize("words, latex, status, entry", [
    ("Tangente hiperbólica (tanh)", r"\sigma(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}", "verified", ("tanh", "tanh_scaled_sigmoid")),
    ("ReLU 함수 (ReLU)", r"\sigma(x) = \max(0, x)", "verified", ("relu",)),
    ("Softplus", r"\sigma(x) = \log(1 + e^{-x})", "note_differs", ("softplus",)),
    ("Tangente hiperbólica (tanh)", r"\sigma(x) = \max(0, x)", "not_checkable", (None,)),
    ("Sigmoid", r"\sigma(x) = \max(0, x)", "note_differs", (None,)),
])
def test_sigma_under_words_naming_another_activation_is_that_activation(words, latex, status, entry):
    """Notes write σ for whatever activation a layer applies (a = σ(Wx + b)), then define σ(x) under each
    activation's heading: the words, not the letter, say which function the formula defines. Under words that
    name the sigmoid, σ is the sigmoid."""
    decision = check_note_formula(latex, words)
    assert decision.status == status and (decision.formula.id if decision.formula else None) in entry, decision.detail


def test_an_output_volume_written_as_a_product_of_per_axis_sizes_is_checked_per_axis():
    context = "The output volume of a layer with K filters is"
    right = r"\left(\left\lfloor\frac{H-F+2P}{S}\right\rfloor+1\right)\times\left(\left\lfloor\frac{W-F+2P}{S}\right\rfloor+1\right)\times K"
    wrong = r"\left(\frac{H-F+2P}{S}+1\right)\times\left(\frac{W-F+2P}{S}+1\right)\times K"
    assert check_note_formula(right, context).status == "verified"
    bad = check_note_formula(wrong, context)
    assert bad.status == "note_differs" and bad.formula.id == "conv_output_size", bad.detail


@pytest.mark.parametrize("context", [
    "Entropy, KL divergence and cross-entropy side by side:",
    "熵、KL 散度和交叉熵并排写出：",
])
@pytest.mark.parametrize("latex", [r"H(p) = -\sum_j p(x_j)\log p(x_j)", r"H(p, q) = -\sum_j p(x_j)\log q(x_j)"])
def test_a_left_side_written_as_another_named_entry_writes_it_is_not_a_wrong_instance(context, latex):
    # H(p) is how entropy (named in the same sentence) writes its left side; failing against D_KL says nothing
    decision = check_note_formula(latex, context)
    assert decision.status != "note_differs", decision.detail


def test_the_named_entrys_own_left_side_is_still_judged_beside_its_rivals():
    wrong = r"D_{KL}(p \| q) = \sum_j p(x_j)\log\frac{q(x_j)}{p(x_j)}"
    decision = check_note_formula(wrong, "Entropy, KL divergence and cross-entropy side by side:")
    assert decision.status == "note_differs" and decision.formula.id == "kl_divergence", decision.detail


def test_a_formula_that_is_one_entry_under_words_naming_two_others_is_not_called_wrong():
    # a paragraph that names MAE, then MSE, then writes half the summed squares: no single named rival
    context = "Mean Absolute Error averages |y - ŷ|. Mean Squared Error is more usual; halved it reads:"
    decision = check_note_formula(r"J = \sum \frac{1}{2}(y - \hat{y})^2", context)
    assert decision.status == "not_checkable", decision.detail
    # one named rival is still the quantity meant
    alone = check_note_formula(r"J = \sum \frac{1}{2}(y - \hat{y})^2", "The mean absolute error is")
    assert alone.status == "note_differs" and alone.formula.id == "mae", alone.detail


def test_a_left_side_that_lists_the_inputs_maps_them_in_the_entrys_order():
    # d(x, c): x and c are no spelling of the distance's inputs, but the left side lists them as d_2(I_1, I_2) does
    assert_right_verifies_and_wrong_differs(r"d(x, c) = \sqrt{\sum_i (x_i - c_i)^2}", r"d(x, c) = \sum_i (x_i - c_i)^2",
                                            "Euclidean distance", "l2_distance")
    # words naming no distance leave the identity open
    assert check_note_formula(r"d(x, c) = \sum_i (x_i - c_i)^2", "the score").status == "not_checkable"


def test_a_formula_kb_cannot_check_is_not_checkable_and_the_notes_others_are_still_checked(monkeypatch):
    """Whatever the checking code raises on one formula (here a ValueError, as sympy raised on Σ_{i=1}^{M} with
    a stated i = 1) makes that formula not_checkable with the reason; it neither stops the note's check nor
    fails the build."""
    import kb.check.link as link

    odd = r"\mu = \frac{1}{M}\sum_{i=1}^{M} x_i"
    real = link.check_note_formula

    def raising(latex, *args, **kwargs):
        if latex == odd:
            raise ValueError("Invalid limits given: ((1, 1, M),)")
        return real(latex, *args, **kwargs)

    monkeypatch.setattr(link, "check_note_formula", raising)
    blocks = (Block("paragraph", "The size:", 4), Block("formula", f"$${odd}$$", 5, latex=odd, display=True),
              Block("formula", r"$$O=\frac{W-F+2P}{S}+1$$", 7, latex=r"O=\frac{W-F+2P}{S}+1", display=True))
    note = Note("cnn.md", "markdown", "CNN", "en", (Section("Output size", ("CNN", "Output size"), 2, 3, "en", blocks),))
    checks = {c.source.line: c.check for c in attach_checks([note], make_cards(note)) if c.kind == "formula"}
    assert checks[5].status == "not_checkable"
    assert checks[5].detail == f"{CHECK_CRASHED}: ValueError: Invalid limits given: ((1, 1, M),)"
    assert checks[7].status == "note_differs"


# ---- a formula in a list belongs to its own item ------------------------------------------------------------

def _list_note(items: str) -> Note:
    from tests.parse_helpers import parse_text

    return parse_text("# Learning rate decay\n\nCommon schedules, with $t$ the epoch number:\n\n" + items, "decay.md")


def _item_checks(note: Note) -> dict[int, tuple[str, str | None]]:
    return {c.source.line: (c.check.status, c.check.formula_id) for c in attach_checks([note], make_cards(note))
            if c.kind == "formula"}


def test_another_list_items_words_never_name_a_formula():
    """"2. Square root decay: $..$" four lines under "1. Exponential decay: $..$" is a square-root decay, not a
    wrong exponential decay: within a list, only a formula's own item (and the items it is nested in) name it."""
    checks = _item_checks(_list_note("1. Exponential decay: $\\alpha = 0.95^{t} \\alpha_0$\n"
                                     "2. Square root decay: $\\alpha = \\frac{k}{\\sqrt{t}} \\alpha_0$\n"
                                     "3. Inverse time decay: $\\alpha = \\frac{\\alpha_0}{1 + k + t}$\n"))
    assert checks[5] == ("verified", "exponential_lr_decay")
    assert checks[6][0] != "note_differs" or checks[6][1] == "sqrt_lr_decay"
    assert checks[7] == ("note_differs", "inverse_time_lr_decay")   # its own item names it, and it is wrong


def test_a_nested_items_parent_names_its_formulas():
    checks = _item_checks(_list_note("- Inverse time decay\n  - as a fraction: $\\alpha = \\frac{\\alpha_0}{1 + k + t}$\n"
                                     "- Exponential decay\n  - by a factor: $\\alpha = 0.95^{t} \\alpha_0$\n"))
    assert checks[6] == ("note_differs", "inverse_time_lr_decay")
    assert checks[8] == ("verified", "exponential_lr_decay")


@pytest.mark.parametrize("latex, words", [
    (r"\text{update\_value} = \eta \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}", "Adam"),
    (r"\text{update_value} = \eta g_t", "Stochastic gradient descent"),
    (r"\mathrm{delta\_w} = \eta v_t", "Momentum"),
])
def test_a_left_side_that_names_a_change_in_words_is_not_the_weights_after_the_step(latex, words):
    """Optimiser notes split a step into the amount (`update_value = η m̂/(√v̂ + ε)`) and the subtraction
    (`θ = θ - update_value`): the amount is no wrong update, as Δθ is none."""
    decision = check_note_formula(latex, words)
    assert decision.status == "not_checkable", decision.detail


def test_the_step_that_subtracts_the_change_is_still_checked():
    assert check_note_formula(r"\theta_{t+1} = \theta_t - \eta g_t", "Stochastic gradient descent").status == "verified"
    # the Greek letter δ (\delta, the TD error's) is no word "delta"
    assert check_note_formula(r"\delta_t = r_t + \gamma V(s_{t+1}) - V(s_t)", "TD learning\nTD error").status == "verified"
