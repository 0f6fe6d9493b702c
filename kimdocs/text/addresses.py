"""The e-mail address pattern that every text check and renderer uses.

Anchored where a run of address characters starts (the lookbehind): tried at every letter
of a long word, an unanchored ``[\\w.+-]+@`` scans the rest of the word each time, which
took minutes for a word of 500,000 letters. Anchored, every run is scanned once, and the
matches are the same: a match from inside a run also matches from the run's start.
"""

from __future__ import annotations

EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
