"""One progress display for long work (reading notes, writing outputs, running checks): a rich bar on
stderr when asked for, or nothing at all, so --quiet and piped output stay clean."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(show: bool, description: str, total: int) -> Iterator[Callable[[], None]]:
    """Yields advance(): one step done."""
    if not show:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda: bar.advance(task)
