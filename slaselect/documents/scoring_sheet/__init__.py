"""An evaluator's offline scoring sheet: writing it (``sheet``) and reading it back
(``score_import``), all or nothing."""
