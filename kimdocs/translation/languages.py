"""The languages kimdocs can write documents in besides German, with script direction."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as in file names (``name.ar.po``) and ``lang`` attributes
    name: str  # German name, for messages
    native: str  # the language's own name, for the document
    rtl: bool = False

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("ar", "Arabisch", "العربية", rtl=True),
        Language("fa", "Persisch (Farsi/Dari)", "فارسی", rtl=True),
        Language("uk", "Ukrainisch", "Українська"),
        Language("ru", "Russisch", "Русский"),
        Language("tr", "Türkisch", "Türkçe"),
        Language("ti", "Tigrinya", "ትግርኛ"),
        Language("en", "Englisch", "English"),
    )
}

GERMAN = Language("de", "Deutsch", "Deutsch")


def language(code: str) -> Language | None:
    return LANGUAGES.get(code.strip().lower())
