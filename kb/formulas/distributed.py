"""A real multi-process reduction for the SyncBN check: gloo all_reduce of [Σx, Σx², n] on CPU.

nn.SyncBatchNorm refuses CPU tensors, so the check reproduces what it synchronises: each process holds
one shard of the batch, all-reduces its partial sums once, and derives the batch moments from them.
Processes rendezvous through a FileStore in a private temporary folder (no port to find or collide on).
"""
from __future__ import annotations

import json
import tempfile
from datetime import timedelta
from pathlib import Path


def allreduce_partial_sums(shards: list[list[float]], start_method: str | None = None,
                           timeout_s: float = 60.0) -> list[list[float]]:
    """Run one process per shard; return, per rank, the all-reduced [Σx, Σx², n] it ended with.

    Fork is the default where the platform has it: 3 forked workers finish in about 0.1 s here, spawned
    ones re-import torch and take about 5 s, and spawn also re-runs an unguarded __main__ module.
    """
    import torch.multiprocessing as mp

    if start_method is None:
        start_method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    world = len(shards)
    with tempfile.TemporaryDirectory(prefix="kb-gloo-") as tmp:
        mp.start_processes(_worker, args=(world, tmp, shards, timeout_s), nprocs=world, join=True,
                           start_method=start_method)
        return [json.loads((Path(tmp) / f"rank{rank}.json").read_text()) for rank in range(world)]


def _worker(rank: int, world: int, tmp: str, shards: list[list[float]], timeout_s: float) -> None:
    import torch
    import torch.distributed as dist

    torch.set_num_threads(1)  # the machine's cores are shared; a 3-element all_reduce needs no threads
    dist.init_process_group("gloo", init_method=f"file://{tmp}/store", rank=rank, world_size=world,
                            timeout=timedelta(seconds=timeout_s))
    try:
        x = torch.tensor(shards[rank], dtype=torch.float64)
        partial = torch.stack([x.sum(), (x * x).sum(), torch.tensor(float(x.numel()), dtype=torch.float64)])
        dist.all_reduce(partial, op=dist.ReduceOp.SUM)
        (Path(tmp) / f"rank{rank}.json").write_text(json.dumps(partial.tolist()))
    finally:
        dist.destroy_process_group()
