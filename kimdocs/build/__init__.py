"""Read every document once, then render what changed (``check`` is the read alone)."""
