"""tafapp: Team Around the Family records, offline and encrypted."""

__version__ = "0.1.0"
