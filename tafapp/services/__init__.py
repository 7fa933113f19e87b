"""Use cases over a Session. No Qt; the caller owns the transaction."""
