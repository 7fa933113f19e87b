"""Sync: the hybrid logical clock, change capture into the outbox, packets, merge, receipts.
No Qt here."""
