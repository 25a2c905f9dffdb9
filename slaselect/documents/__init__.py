"""Outside formats: interchange JSON, the decision memo, workbooks. Pure writers, strict readers."""
