"""How texts name blocks and facts: ``[[baustein:name]]``, ``[[fakt:name]]`` and, in
templates, ``fakt("name")`` / ``baustein("name")``.

The patterns live here, below the knowledge they point to, because the text layers
(the Leichte-Sprache rules, translation segments) must recognise a directive without
loading any knowledge.
"""

from __future__ import annotations

import re

BLOCK_LINE = re.compile(r"^\s*\[\[\s*baustein\s*:\s*([^\]\s]*)\s*\]\]\s*$")
# ``[[fakt:name]]`` or ``[[fakt:name:dativ]]``: the name, and the case of the unit (optional).
DIRECTIVE = re.compile(r"\[\[\s*(baustein|fakt)\s*:\s*([^\]\s:]*)(?::([^\]\s]*))?\s*\]\]")
TEMPLATE_CALL = re.compile(r"\b(fakt|baustein)\(\s*[\"']([^\"']+)[\"']\s*\)")


def template_uses(text: str) -> list[tuple[str, str]]:
    """Facts and blocks a template names: ``fakt("x")``, ``baustein('y')``."""
    return [(kind, name) for kind, name in TEMPLATE_CALL.findall(text)]
