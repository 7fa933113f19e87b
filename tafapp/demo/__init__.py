"""Realistic synthetic families for demos, training and benchmarks. No Qt.

`generate(session, families, seed)` writes a borough's directory and families through
`capture.bulk_insert` without queuing ops (demo data never travels to a hub).
"""

from tafapp.demo.generate import DEMO_KEY, DemoSummary, generate, is_demo

__all__ = ["DEMO_KEY", "DemoSummary", "generate", "is_demo"]
