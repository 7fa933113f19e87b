"""Storage: the store, opening a profile, the vault, session hooks, change capture,
the clock, the summary upkeep and the audit trail (run inside every writing transaction)."""
