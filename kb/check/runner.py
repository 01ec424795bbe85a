"""Run every formula check, cache results, and report them as a table or JSON.

Each check runs in its own forked worker process with a time limit, so a check that raises, hangs or
runs out of memory becomes one `failed` row and the others still run. Passing results are cached under
a key made of the formula's id, the source of its family module, kb's checking code and (for a note
formula) the note's LaTeX and context, so an unchanged check is never run twice; `force` runs all.
"""
from __future__ import annotations

import inspect
import multiprocessing
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from kb.cache import JsonCache, code_fingerprint, key_for, user_cache_dir
from kb.check.compare import Counterexample, Pass, compare
from kb.check.results import CheckResult
from kb.check.stated_derivative import Stated
from kb.formulas.core import Formula, KernelOutcome
from kb.model import Note
from kb.progress import progress_bar

SEED = 0
TIME_LIMIT_S = 60.0
DEFAULT_CACHE_DIR = user_cache_dir() / "verify"  # shared with `kb build`, which shows the same rows
_CACHEABLE = ("verified", "note_differs")   # a failure or a skip may depend on the machine: always re-run
_MACHINERY = ("check", "formulas/core")   # the engine and the Formula type: every check's key holds their code


@dataclass(frozen=True)
class _Job:
    template: CheckResult                      # id/title/source/device, used for a failure row
    run: Callable[[], CheckResult | None]      # runs in the worker; None: nothing to report
    cache_key: str | None


# ---- the checks themselves (they run inside a worker) ---------------------------------------------------

def check_registry_entry(formula: Formula) -> CheckResult:
    """Reference vs truth on seeded examples, every mutant rejected, every extra check passing."""
    start = time.perf_counter()
    examples = formula.examples(random.Random(SEED), formula.n_examples)
    memo = _memo_truth(formula, examples)
    problems: list[str] = []
    outcome = compare(formula.reference, memo, examples)
    if isinstance(outcome, Counterexample):
        problems.append(f"reference differs from the truth {outcome}")
    survivors = [name for name, mutant in formula.mutants.items() if isinstance(compare(mutant, memo, examples), Pass)]
    if survivors:
        problems.append("mutant not rejected: " + ", ".join(survivors))
    tried = len(examples)
    notes: list[str] = []
    for extra in formula.extra_checks:
        result = extra()
        tried += result.examples
        if result.skipped:
            notes.append(f"extra check skipped: {result.detail}")
        elif not result.ok:
            problems.append(f"extra check failed: {result.detail}")
        elif result.detail:
            notes.append(result.detail)
    caught = len(formula.mutants) - len(survivors)
    detail = "; ".join(problems or notes)
    return CheckResult(formula.id, formula.title, None, "failed" if problems else "verified", "cpu", tried,
                       caught, len(formula.mutants), time.perf_counter() - start, detail)


def check_kernel(formula: Formula, device: str) -> CheckResult:
    start = time.perf_counter()
    assert formula.kernel is not None
    outcome: KernelOutcome = formula.kernel(device)
    status = "skipped" if outcome.skipped else "verified" if outcome.ok else "failed"
    return CheckResult(formula.id, _kernel_title(formula), None, status, device, outcome.examples, 0, 0,
                       time.perf_counter() - start, outcome.detail)


def check_note_block(latex: str, context: str, source: dict[str, Any], formulas: Sequence[Formula] | None,
                     definitions: dict[str, str] | None = None, heading: str = "",
                     stated: tuple[Stated, ...] = (), local: str | None = None,
                     companions: tuple[str, ...] = ()) -> CheckResult | None:
    """A note formula's row: one that states a registry entry, or one checked without an entry (an identity,
    a chain of steps, worked numbers; an identity kb could not decide is a skipped row with its reason). None
    for the rest (their cards say why)."""
    from kb.check.link import check_note_formula

    start = time.perf_counter()
    decision = check_note_formula(latex, context, formulas, definitions, heading, stated, local, companions)
    if decision.formula is not None and decision.status != "not_checkable":
        row_id, title = decision.formula.id, decision.formula.title
    elif decision.formula is None and decision.method:
        row_id, title = decision.method, (decision.verified_latex or decision.note_latex)[:60]
    else:
        return None
    status = decision.status if decision.status != "not_checkable" else "skipped"
    return CheckResult(row_id, title, source, status, "cpu", decision.examples, 0, 0, time.perf_counter() - start,
                       decision.detail)


def _memo_truth(formula: Formula, examples: list[dict[str, Any]]) -> Formula:
    """The entry with its truth computed once per example: compare() is called once per mutant."""
    table = {repr(sorted(p.items())): formula.truth(**p) for p in examples}
    return replace(formula, truth=lambda **p: table[repr(sorted(p.items()))])


def _kernel_title(formula: Formula) -> str:
    return f"{formula.title} (kernel)"


# ---- planning ------------------------------------------------------------------------------------------

def plan(formulas: Sequence[Formula], notes: Sequence[Note] | None, *, device: str, only: str | None,
         use_registry_for_notes: bool) -> tuple[list[_Job], list[CheckResult]]:
    """The jobs to run and the rows known without running anything (skipped kernels)."""
    jobs: list[_Job] = []
    fixed: list[CheckResult] = []
    machinery = code_fingerprint(*_MACHINERY)
    for formula in formulas:
        if only and formula.id != only:
            continue
        code = _module_source(formula)
        template = CheckResult(formula.id, formula.title, None, "failed", "cpu", 0, 0, len(formula.mutants), 0.0)
        jobs.append(_Job(template, lambda f=formula: check_registry_entry(f),
                         key_for("registry", formula.id, code, machinery)))
        if formula.kernel is None:
            continue
        reason = _kernel_skip_reason(device)
        kernel_template = replace(template, title=_kernel_title(formula), device=device, mutants_total=0)
        if reason:
            fixed.append(replace(kernel_template, status="skipped", device="cuda", detail=reason))
        else:
            jobs.append(_Job(kernel_template, lambda f=formula: check_kernel(f, "cuda"),
                             key_for("kernel", formula.id, code, machinery, device)))
    if notes is not None:
        jobs.extend(_note_jobs(notes, formulas, only, machinery, use_registry_for_notes))
    return jobs, fixed


def _note_jobs(notes: Sequence[Note], formulas: Sequence[Formula], only: str | None, machinery: str,
               use_registry: bool) -> list[_Job]:
    from kb.check.link import (formula_context, formula_definitions, formula_heading, local_context, note_formulas,
                               section_companions)
    from kb.check.stated_derivative import note_statements, stated_quantities

    registry_code = "".join(sorted({_module_source(f) for f in formulas}))
    pool = None if use_registry else formulas
    jobs = []
    statements: dict[int, tuple[tuple[Any, str, str, str], ...]] = {}
    for note, section, index, block in note_formulas(notes):
        latex, context, heading = block.latex or "", formula_context(section, index), formula_heading(section)
        local = local_context(section, index)
        if id(note) not in statements:
            statements[id(note)] = note_statements(note)
        definitions, stated = formula_definitions(section), stated_quantities(statements[id(note)], section)
        companions = section_companions(section, latex)
        source = {"file": note.file, "line": block.line}
        template = CheckResult(only or "note formula", latex[:60], source, "failed", "cpu", 0, 0, 0, 0.0)
        jobs.append(_Job(template, lambda l=latex, c=context, s=source, d=definitions, h=heading, q=stated, o=local,
                         r=companions: check_note_block(l, c, s, pool, d, h, q, o, r),
                         key_for("note", latex, context, local, heading, repr(sorted(definitions.items())),
                                 repr(stated), repr(companions), note.file, str(block.line), registry_code,
                                 machinery)))
    return jobs


def _kernel_skip_reason(device: str) -> str:
    if device != "cuda":
        return f"not requested (--device {device}); run `kb verify --device cuda` on a machine with a GPU"
    try:
        import torch
    except ImportError:
        return "CUDA not available: torch is not installed"
    if not torch.cuda.is_available():
        return "CUDA not available: torch.cuda.is_available() is False"
    return ""


def _module_source(formula: Formula) -> str:
    module = inspect.getmodule(formula.reference)
    try:
        return inspect.getsource(module) if module is not None else formula.id
    except (OSError, TypeError):
        return formula.id + formula.latex


# ---- running ---------------------------------------------------------------------------------------------

def run_checks(notes: Sequence[Note] | None, *, only: str | None = None, device: str = "cpu", force: bool = False,
               progress: bool = False, cache_dir: Path | None = None, time_limit: float = TIME_LIMIT_S,
               formulas: Sequence[Formula] | None = None, workers: int | None = None) -> list[CheckResult]:
    """Every registry check (one row each, kernels as their own rows) and every formula of `notes` (parsed
    notes, None for none) linked to one.

    `formulas` replaces the registry (tests); `cache_dir` defaults to the per-user cache that `kb build` also reads.
    """
    from kb.formulas import registry

    pool = tuple(formulas) if formulas is not None else registry()
    folder = cache_dir if cache_dir is not None else DEFAULT_CACHE_DIR
    jobs, fixed = plan(pool, notes, device=device, only=only, use_registry_for_notes=formulas is None)
    cache = JsonCache(folder)
    results: list[CheckResult | None] = [None] * len(jobs)
    pending: list[int] = []
    for i, job in enumerate(jobs):
        hit = None if force or job.cache_key is None else cache.get(job.cache_key)
        if hit is not None:
            results[i] = CheckResult(**hit["row"]) if hit["row"] else None
        else:
            pending.append(i)
    if pending:
        _preload_torch()
    if any(jobs[i].template.source is not None for i in pending):
        from kb.check.entries import warm_entry_cases

        warm_entry_cases(pool)  # forked note checks inherit every entry's examples and truths
    show = progress and sys.stderr.isatty()
    for i, row in _run_parallel([jobs[i] for i in pending], time_limit, workers, show):
        index = pending[i]
        results[index] = row
        key = jobs[index].cache_key
        if key is not None and (row is None or row.status in _CACHEABLE):
            cache.put(key, {"row": row.to_dict() if row else None})
    rows = [r for r in results if r is not None] + fixed
    if only:
        rows = [r for r in rows if r.id == only]
    return _ordered(rows, pool)


def _ordered(rows: list[CheckResult], formulas: Sequence[Formula]) -> list[CheckResult]:
    rank = {f.id: i for i, f in enumerate(formulas)}

    def key(row: CheckResult) -> tuple:
        src = row.source
        return (src is not None, (src or {}).get("file", ""), (src or {}).get("line", 0),
                rank.get(row.id, len(rank)), row.device != "cpu")
    return sorted(rows, key=key)


def _preload_torch() -> None:
    """Import torch once in the parent so each forked worker starts warm (never touches CUDA here)."""
    try:
        import torch  # noqa: F401
    except ImportError:
        pass


def _run_parallel(jobs: list[_Job], time_limit: float, workers: int | None, show: bool):
    """Yield (job index, row) as workers finish; a timed-out or dead worker gives a failed row."""
    if not jobs:
        return
    width = workers or max(1, min(2, len(os.sched_getaffinity(0))))
    context = multiprocessing.get_context("fork")
    queue = list(range(len(jobs)))
    running: dict[Connection, tuple[int, Any, float]] = {}
    with progress_bar(show, "verifying formulas", len(jobs)) as advance, _stop_on_exit(running):
        while queue or running:
            while queue and len(running) < width:
                i = queue.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                # Not a daemon: some checks start processes of their own (a gloo all_reduce across workers).
                process = context.Process(target=_worker, args=(jobs[i].run, sender))
                process.start()
                sender.close()
                running[receiver] = (i, process, time.monotonic())
            ready = wait(list(running), timeout=_next_deadline(running, time_limit))
            for conn in ready:
                i, process, started = running.pop(conn)
                yield i, _collect(conn, process, jobs[i].template, time.monotonic() - started)
                advance()
            now = time.monotonic()
            for conn, (i, process, started) in list(running.items()):
                if now - started >= time_limit:
                    process.kill()
                    process.join()
                    del running[conn]
                    conn.close()
                    yield i, replace(jobs[i].template, seconds=now - started,
                                     detail=f"time limit of {time_limit:g} s exceeded; the check was stopped")
                    advance()


class _stop_on_exit:
    """Kill the workers still running when the run ends early (Ctrl-C, an error in the report)."""

    def __init__(self, running: dict[Connection, tuple[int, Any, float]]) -> None:
        self.running = running

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        for _, process, _ in self.running.values():
            process.kill()
            process.join()


def _next_deadline(running: dict[Connection, tuple[int, Any, float]], time_limit: float) -> float:
    now = time.monotonic()
    return max(0.0, min(started + time_limit - now for _, _, started in running.values()))


def _worker(run: Callable[[], CheckResult | None], sender: Connection) -> None:
    try:
        import torch
        torch.set_num_threads(1)  # the workers already use every core between them
    except ImportError:
        pass
    try:
        row = run()
        sender.send(("ok", row.to_dict() if row is not None else None))
    except MemoryError:
        sender.send(("error", "out of memory (MemoryError)"))
    except BaseException as exc:  # any error in a check is that check's failure, not the run's
        sender.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        sender.close()


def _collect(conn: Connection, process: Any, template: CheckResult, seconds: float) -> CheckResult | None:
    try:
        kind, payload = conn.recv()
    except (EOFError, OSError):
        process.join()
        code = process.exitcode
        reason = (f"the worker was killed by signal {-code} (out of memory?)" if code is not None and code < 0
                  else f"the worker exited with status {code} without a result")
        return replace(template, seconds=seconds, detail=reason)
    finally:
        conn.close()
    process.join()
    if kind == "ok":
        return CheckResult(**payload) if payload is not None else None
    return replace(template, seconds=seconds, detail=f"the check raised {payload}")
