"""Realistic synthetic families for demos, training and benchmarks. No Qt.

`generate(session, families, seed)` writes a borough's directory and families through
`capture.bulk_insert` without queuing ops (demo data never travels to a hub); the app's
first-run offer uses `generate(session, STARTER_FAMILIES)` (well under a second).
"""

from tafapp.demo.generate import DEMO_KEY, STARTER_FAMILIES, DemoSummary, generate, is_demo

__all__ = ["DEMO_KEY", "STARTER_FAMILIES", "DemoSummary", "generate", "is_demo"]
