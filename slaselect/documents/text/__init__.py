"""Plain text for the terminal, and the JSON documents the commands print with ``--json``."""
