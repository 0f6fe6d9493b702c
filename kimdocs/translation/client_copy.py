"""The client's copy of an agreement, in the client's language.

It shows goals, steps, dates, voluntariness and data protection; the German agreement
stays the signed original, so the copy has no signature lines.
"""

from __future__ import annotations

from kimdocs.kinds.agreement import Agreement


class ClientCopy(Agreement):
    label = "Kopie der Vereinbarung für die Klientin oder den Klienten"
    formats = ("pdf", "html", "docx")

    @property
    def template(self) -> str:
        return "kopie-vereinbarung"


CLIENT_COPY = ClientCopy()
