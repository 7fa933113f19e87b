"""The measures as computed before the hub's report summary existed (straight from the raw
tables), kept only as a test oracle: the summary-backed reports must give the same answers."""
