"""Documents in the clients' languages: segments, translation files, translated documents.

A translation lives next to its German source as a gettext PO file (``name.ar.po``); each
entry is one segment (title, heading, sentence, list item, glossary word, picture text,
fixed template text) with the German text it was made from, so that a changed German
sentence marks exactly its translation stale.
"""
