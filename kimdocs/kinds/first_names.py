"""First names of many countries: names a case note mentions that no case document lists.

The children and relatives of a client are often named in the text only ("den Kindern
Lina und Sami"). The list comes from Faker (MIT licence, maintained), whose person
providers hold the first names of each locale – for German-speaking countries drawn from
their name statistics, so with the names of immigrant families too. Taken are the
locales of the languages of the people KIM advises (Arabic-, Turkish-, Kurdish-,
Persian-, Ukrainian-, Russian-, Balkan- and African-named families) wherever Faker
writes them in Latin script, and the Cyrillic ones transliterated as passports do
("Оксана" → "Oksana", "Дмитро" → "Dmytro").

A name that is also an ordinary German word ("Will", "Mai", "Hoffnung") is kept apart: it
names someone only where the text says so. HanTa, which the Leichte-Sprache checks use,
decides: a word it reads as a proper name (NE) on its own is a name.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from kimdocs.easy_language.analysis import proper_name
from kimdocs.text.identifiers import name_key, ordinary_word

# Latin-script locales; Cyrillic ones are transliterated (see _CYRILLIC).
LOCALES = (
    "de_DE",
    "de_AT",
    "de_CH",
    "tr_TR",
    "az_AZ",
    "uz_UZ",
    "fr_DZ",
    "en_PK",
    "en_KE",
    "en_NG",
    "ha_NG",
    "yo_NG",
    "ig_NG",
    "tw_GH",
    "pl_PL",
    "ro_RO",
    "hr_HR",
    "sl_SI",
    "cs_CZ",
    "sk_SK",
    "hu_HU",
    "it_IT",
    "es_ES",
    "pt_PT",
    "fr_FR",
    "nl_NL",
    "en_US",
    "en_GB",
    "id_ID",
)
_CYRILLIC_LOCALES = ("uk_UA", "ru_RU", "bg_BG", "mk_MK")
_CYRILLIC = {
    **dict(zip("абвгґдезийклмнопрстуфы", "abvhgdezyyklmnoprstufy", strict=True)),
    **{"е": "e", "є": "ye", "ж": "zh", "і": "i", "ї": "yi", "х": "kh", "ц": "ts", "ч": "ch"},
    **{"ш": "sh", "щ": "shch", "ь": "", "ю": "yu", "я": "ya", "э": "e", "ё": "e"},
}
_RUSSIAN = {"г": "g", "и": "i"}
_ATTRIBUTES = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")


def _transliterate(name: str, locale: str) -> str:
    table = _CYRILLIC | (_RUSSIAN if locale != "uk_UA" else {})
    out = "".join(table.get(c, table.get(c.lower(), c)) for c in name)
    return out[:1].upper() + out[1:]


def _names_of(locale: str) -> list[str]:
    try:
        module = importlib.import_module(f"faker.providers.person.{locale}")
    except ImportError:
        return []
    provider = getattr(module, "Provider", None)
    found: list[str] = []
    for attribute in _ATTRIBUTES:
        value = getattr(provider, attribute, None)
        if isinstance(value, dict):
            found += [str(k) for k in value]
        elif isinstance(value, list | tuple):
            found += [str(v) for v in value]
    return found


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Every first name of the locales, single words of at least three letters, in the
    normal form names are compared in (:func:`identifiers.name_key`)."""
    names: set[str] = set()
    for locale in LOCALES:
        names.update(_names_of(locale))
    for locale in _CYRILLIC_LOCALES:
        names.update(_transliterate(n, locale) for n in _names_of(locale))
    return frozenset(
        name_key(n)
        for n in names
        if len(n) >= 3 and n[:1].isupper() and n.replace("-", "").isalpha() and " " not in n
    )


def first_name(word: str) -> bool:
    """Whether a capitalised word of a text is a first name of the list."""
    key = name_key(word)
    return key in first_names() or (key.endswith("s") and key[:-1] in first_names())


@lru_cache(maxsize=16384)
def also_a_word(word: str) -> bool:
    """Whether a first name is also an ordinary German word ("Will", "Mai", "Hoffnung"):
    frequent in German text and not read as a proper name by HanTa. Asked only for the
    few names a text holds, so HanTa's slow analysis costs little."""
    return ordinary_word(word) and not proper_name(word)
