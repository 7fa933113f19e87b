"""The demo worker process (see pipeline.py): reads (seed, spans, today, directory) as a
pickle on stdin and writes one pickled chunk per span to stdout, in order. Only ever started
by tafapp.demo.pipeline with data it made itself; never point it at untrusted input."""

from __future__ import annotations

import pickle
import sys


def main() -> int:
    from tafapp.demo.generate import make_chunk

    seed, spans, today, directory = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    for start, stop in spans:
        pickle.dump(make_chunk(seed, start, stop, today, directory), out,
                    protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
