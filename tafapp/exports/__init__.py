"""Documents and files tafapp writes: Word notes and plans, the packet envelope, CSV/XLSX.
No Qt here."""
