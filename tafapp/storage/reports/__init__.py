"""The report summary kept in storage: its SQL, the conditions and episode queries it is
built from, and the period type; the report services read what it keeps."""
