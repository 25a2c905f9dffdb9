"""Qt item models: thin adapters from domain objects to views (no SQL, no rules)."""
