"""Problems a person can read: grouped by kind on the terminal, every one in -v and OUT/problems.json."""
import json

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.model import Diagnostic, SourcePos
from kb.report import problem_kind, problem_lines

FIGURES_PER_NOTE = 40


@pytest.fixture(scope="module")
def damaged(tmp_path_factory):
    """Three notes whose figures are all missing, and one with a single unanswered question."""
    notes = tmp_path_factory.mktemp("problems") / "notes"
    notes.mkdir()
    for n in range(3):
        body = "\n\n".join(f"## Part {i}\n\nPart {i} of topic {n} is shown here.\n\n![figure {i}](fig/{n}-{i}.png)"
                           for i in range(FIGURES_PER_NOTE))
        (notes / f"topic{n}.md").write_text(f"# Topic {n}\n\n{body}\n", encoding="utf-8")
    return notes


def _build(notes, out, *flags):
    result = CliRunner().invoke(main, ["build", "--notes", str(notes), "--out", str(out), *flags])
    return result.exit_code, result.output.splitlines()


def test_many_missing_images_print_a_bounded_number_of_lines(damaged, tmp_path):
    out = tmp_path / "out"
    code, lines = _build(damaged, out, "-q")
    problems = json.loads((out / "problems.json").read_text(encoding="utf-8"))
    images = [p for p in problems if p["kind"] == "image not found"]
    assert len(images) == 3 * FIGURES_PER_NOTE and {p["file"] for p in images} == {"topic0.md", "topic1.md", "topic2.md"}
    assert code == 0 and len(lines) == 1 and lines[0].startswith("kb build: ") and "120 warnings" in lines[0]
    code, lines = _build(damaged, out)
    grouped = [line for line in lines if "image not found" in line]
    assert grouped == [line for line in grouped if "120 × image not found in 3 notes" in line and "kb build -v" in line]
    assert len(grouped) == 1
    code, lines = _build(damaged, out, "-v")
    assert len([line for line in lines if ": warning: image not found: fig/" in line]) == 3 * FIGURES_PER_NOTE


def test_strict_still_fails_on_warnings_however_they_are_shown(damaged, tmp_path):
    code, _ = _build(damaged, tmp_path / "out", "-q", "--strict")
    assert code == 1


def test_a_group_names_its_first_places_and_a_rare_kind_keeps_its_own_lines():
    diags = [Diagnostic(SourcePos("a.md", line), f"image not found: f{line}.png") for line in range(10, 80, 10)]
    diags.append(Diagnostic(SourcePos("b.md", 4), "question has no answer in the note: Why?"))
    diags.append(Diagnostic(SourcePos("b.md", 9), "could not read note: ValueError: bad bytes", "error"))
    from pathlib import Path

    lines = problem_lines(diags, Path("notes"))
    assert lines == [
        "warning: 7 × image not found in notes/a.md (lines 10, 20, 30, 40, 50, …); kb build -v lists all",
        "notes/b.md:4: warning: question has no answer in the note: Why?",
        "notes/b.md:9: error: could not read note: ValueError: bad bytes",
    ]
    assert problem_lines(diags, Path("notes"), levels=("error",)) == lines[-1:]


def test_the_kind_of_a_problem_leaves_out_its_details():
    assert problem_kind("image not found: Figures/a.png") == "image not found"
    assert problem_kind("formula '\\frac{a}{b}: c': unbalanced") == "formula …"
    assert problem_kind("HTML <script> is not allowed and was removed") == "HTML … is not allowed and was removed"


def test_verify_lists_failures_and_differences_first_and_groups_skips_by_reason():
    from kb.check.results import CheckResult
    from kb.report import verify_lines

    def row(fid, status, detail="", source=None):
        return CheckResult(fid, fid, source, status, "cpu", 10, 1, 1, 0.5, detail)

    reason = "not requested (--device cpu); run `kb verify --device cuda` on a machine with a GPU"
    rows = ([row(f"k{i}", "skipped", reason) for i in range(16)] + [row("ok", "verified")]
            + [row("conv", "note_differs", "at W=3: expected 1, the note gives 2", {"file": "a.md", "line": 4})]
            + [row("bn", "failed", "mutant survived")])
    assert verify_lines(rows) == [
        "failed: bn (registry, 1/1 mutants caught): mutant survived",
        "note differs: conv (a.md:4, 1/1 mutants caught): at W=3: expected 1, the note gives 2",
        f"16 checks skipped (k0, k1, k2, k3, …): {reason}",
        "19 checks: 1 verified, 1 note differs, 1 failed, 16 skipped (9.5 s of checking)",
    ]
