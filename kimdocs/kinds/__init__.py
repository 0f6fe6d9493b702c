"""Document kinds: their fields, checks, statements and template context.

The package's face: ``KINDS`` (:mod:`.registry`), ``load_document`` (:mod:`.loading`) and
the base types (:mod:`.kind`); each kind is a module of its own.
"""

from kimdocs.kinds.kind import Action, Document, Kind
from kimdocs.kinds.loading import load_document
from kimdocs.kinds.registry import KINDS, kind_by_name, register, unregister

__all__ = [
    "KINDS",
    "Action",
    "Document",
    "Kind",
    "kind_by_name",
    "load_document",
    "register",
    "unregister",
]
