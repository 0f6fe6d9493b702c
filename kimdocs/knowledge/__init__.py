"""The offices' knowledge: text blocks and legal facts, each kept once and used by name.

A Markdown document includes a block with a line ``[[baustein:name]]`` and states a
fact with ``[[fakt:name]]``; templates call ``baustein("name")`` and ``fakt("name")``.
"""

from kimdocs.knowledge.expand import Expansion, Use, expand
from kimdocs.knowledge.store import Knowledge, load_knowledge

__all__ = ["Expansion", "Knowledge", "Use", "expand", "load_knowledge"]
