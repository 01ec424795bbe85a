"""Run torch ground truths on one intra-op thread.

Truths work on tiny tensors (a 1x1xWxW image, a batch of a few rows), where thread hand-offs cost more
than the arithmetic; on a busy 2-core machine 200 conv shapes took 1.7-3.5 s with 2 threads and 0.16 s
with 1. The previous setting is restored, so callers' own torch work is unaffected.
"""
from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def single_threaded(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import torch
        previous = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            return fn(*args, **kwargs)
        finally:
            torch.set_num_threads(previous)
    return wrapper  # type: ignore[return-value]
