"""The small core: errors, reference lists and timescales; imports nothing else of tafapp."""
