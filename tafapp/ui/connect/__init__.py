"""The hub connection without a terminal: the practitioner's "Connect to the hub" box, the
fingerprint comparison both sides use, and news a receipt brought from the hub."""
