"""The client's copy of an agreement or a consent form, in the client's language.

It shows goals, steps, dates, voluntariness and data protection; the German agreement
stays the signed original, so the copy has no signature lines.
"""

from __future__ import annotations

from kimdocs.kinds.agreement import Agreement
from kimdocs.kinds.consent_form import ConsentForm


class ClientCopy(Agreement):
    label = "Kopie der Vereinbarung für die Klientin oder den Klienten"
    formats = ("pdf", "html", "docx")

    @property
    def template(self) -> str:
        return "kopie-vereinbarung"


CLIENT_COPY = ClientCopy()


class ConsentCopy(ConsentForm):
    """A consent form in the client's language, to read: the German form is signed."""

    label = "Einwilligung in der Sprache der Klientin oder des Klienten"
    # Word's right-to-left marks are written for the agreement's copy only so far.
    # ConsentForm states its three formats as a fixed tuple; the copy has two of them.
    formats = ("pdf", "html")  # type: ignore[assignment]


CONSENT_COPY = ConsentCopy()
