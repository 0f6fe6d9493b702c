"""Checks beyond a document's own fields: templates, Leichte Sprache, consent forms."""
