"""skavmap: map administrative processes and find where they chafe ("skav")."""

__version__ = "0.1.0"
