"""Make chunks of demo rows, optionally one step ahead in a worker process.

Writing to SQLCipher is the slow half of a big demo and runs on this process's core; making
the next chunks' rows on the second core hides most of the other half. Each family draws
from its own seeded generator, so the rows are the same whichever process made them.

The worker is a plain `python -m tafapp.demo.worker` child talking pickles over pipes, not
multiprocessing: `spawn` would re-run the caller's main module (the CLI itself) in the
child, and `fork` would copy an open database connection and, in the app, Qt threads. The
pipe's buffer is the back-pressure: the worker blocks once it is a chunk or so ahead.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Callable, Generator, Sequence
from datetime import date
from typing import Any

Chunk = dict[str, list[dict[str, Any]]]
Maker = Callable[[int, int, int, date, Any], Chunk]


def chunks(maker: Maker, seed: int, spans: Sequence[tuple[int, int]], today: date,
           directory: Any, workers: int) -> Generator[Chunk, None, None]:
    """Yield each span's chunk in order. Closing the generator early stops the worker."""
    if workers <= 0 or len(spans) < 2:
        for start, stop in spans:
            yield maker(seed, start, stop, today, directory)
        return
    proc = subprocess.Popen([sys.executable, "-m", "tafapp.demo.worker"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    finished = False
    try:
        pickle.dump((seed, list(spans), today, directory), proc.stdin,
                    protocol=pickle.HIGHEST_PROTOCOL)
        proc.stdin.close()
        for _ in spans:
            yield pickle.load(proc.stdout)
        finished = True
    finally:
        if not finished:
            proc.kill()
        proc.stdout.close()
        code = proc.wait()
        if finished and code != 0:
            raise RuntimeError(f"the demo worker process failed (exit code {code})")
