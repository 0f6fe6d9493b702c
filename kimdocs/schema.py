"""Validate front matter and configuration with pydantic, report in German.

Models use English attribute names and German aliases; the aliases are what
users write, so every message names the German key.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    TypeAdapter,
    ValidationError,
)

from kimdocs.base.errors import Problem, Severity
from kimdocs.base.wording import did_you_mean
from kimdocs.base.yaml_lines import FieldPath
from kimdocs.content import CONTROL

M = TypeVar("M", bound=BaseModel)

LocateFn = Callable[[FieldPath, str, Severity], Problem]


class Model(BaseModel):
    """Base of every front matter and configuration model."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=True)


_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date) or value is None:
        return value
    text = str(value).strip()
    match = _GERMAN_DATE.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"„{text}“ ist kein gültiges Datum. Bitte als JJJJ-MM-TT (2026-03-31) "
            "oder TT.MM.JJJJ (31.03.2026) schreiben."
        ) from None


_YES = {"ja", "yes", "true", "wahr", "j", "x"}
_NO = {"nein", "no", "false", "falsch", "n", ""}


def _parse_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"„{value}“ ist weder „ja“ noch „nein“.")


def _as_text(value: Any) -> Any:
    # YAML reads 2026 or 3.5 as numbers; a text field should take them as written.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return CONTROL.sub("", value)  # YAML escapes like "\x07" bypass the file-level clean-up
    return value


_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?:\s*Uhr)?$")


def _parse_clock(value: Any) -> Any:
    if isinstance(value, dt.time) or value is None:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads 10:30 as the base-60 number 630.
        value = f"{value // 60}:{value % 60:02d}"
    match = _CLOCK.match(str(value).strip())
    try:
        if match is None:
            raise ValueError
        return dt.time(int(match.group(1)), int(match.group(2)))
    except ValueError:
        raise ValueError(f"„{value}“ ist keine Uhrzeit. Bitte als 09:30 schreiben.") from None


_CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def _case_id(value: Any) -> Any:
    from kimdocs.base.files import safe_name

    text = str(value).strip() if isinstance(value, str | int) else value
    if not isinstance(text, str) or not _CASE_ID.match(text) or safe_name(text) != text:
        raise ValueError(
            f"„{value}“ taugt nicht als Fall-ID: erlaubt sind Buchstaben, Ziffern, "
            "„-“ und „_“ (höchstens 64 Zeichen), z. B. KIM-AH-2026-0007."
        )
    return text


Date = Annotated[dt.date, BeforeValidator(parse_date)]
CaseId = Annotated[str, BeforeValidator(_case_id)]
Clock = Annotated[dt.time, BeforeValidator(_parse_clock)]
YesNo = Annotated[bool, BeforeValidator(_parse_bool)]
Text = Annotated[str, BeforeValidator(_as_text)]
NonEmpty = Annotated[Text, Field(min_length=1)]
# A headline is a line: Word's document properties and e-mail subjects hold 255 characters.
Headline = Annotated[Text, Field(min_length=1, max_length=255)]

_MESSAGES: dict[str, str] = {
    "missing": "Pflichtfeld fehlt.",
    "string_type": "Hier wird ein Text erwartet.",
    "string_too_short": "Darf nicht leer sein.",
    "string_too_long": "Der Text ist zu lang ({actual_length} Zeichen, höchstens {max_length}).",
    "too_long": "Der Text ist zu lang ({actual_length} Zeichen, höchstens {max_length}).",
    "int_type": "Hier wird eine ganze Zahl erwartet.",
    "int_parsing": "Hier wird eine ganze Zahl erwartet.",
    "int_from_float": "Hier wird eine ganze Zahl erwartet.",
    "bool_type": "Hier wird „ja“ oder „nein“ erwartet.",
    "bool_parsing": "Hier wird „ja“ oder „nein“ erwartet.",
    "date_type": "Hier wird ein Datum erwartet (JJJJ-MM-TT).",
    "list_type": "Hier wird eine Liste erwartet (je Eintrag eine Zeile, die mit „- “ beginnt).",
    "dict_type": "Hier werden Unterfelder erwartet (jeweils „name: wert“).",
    "model_type": "Hier werden Unterfelder erwartet (jeweils „name: wert“).",
    "model_attributes_type": "Hier werden Unterfelder erwartet (jeweils „name: wert“).",
    "too_short": "Hier wird mindestens {min_length} Eintrag erwartet.",
    "greater_than_equal": "Der Wert muss mindestens {ge} sein.",
    "less_than_equal": "Der Wert darf höchstens {le} sein.",
    "string_pattern_mismatch": "Der Wert hat nicht die erwartete Form.",
}


def _message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    if kind in ("literal_error", "enum"):
        allowed = str(ctx.get("expected", "")).replace("'", "").replace(" or ", " oder ")
        choices = re.split(r", | oder ", allowed)
        hint = did_you_mean(str(error.get("input")), choices)
        return f"Ungültiger Wert „{error.get('input')}“.{hint} Erlaubt: {allowed}."
    template = _MESSAGES.get(kind)
    if template is None:
        return f"Ungültiger Wert „{error.get('input')}“."
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def validate(
    model: type[M], data: Any, locate: LocateFn, prefix: FieldPath = ()
) -> tuple[M | None, list[Problem]]:
    """Validate ``data``; return the model (or None) and *all* problems, warnings included."""
    problems = unknown_keys(model, data, locate, prefix)
    try:
        return model.model_validate(data), problems
    except ValidationError as exc:
        for error in exc.errors():
            loc = (*prefix, *(part for part in error["loc"] if isinstance(part, str | int)))
            problems.append(locate(loc, _message(error), Severity.ERROR))
        return None, problems


class Unavailable(Exception):
    """A check asked for a field that did not validate; it is skipped until the field is fixed."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class Partial:
    """The top-level fields of a model that validated on their own, read like the model.

    Checks of a document whose front matter has errors run on this: every check whose
    fields are valid still reports, so that a file shows all its problems in one run.
    Reading a field that did not validate raises :class:`Unavailable`.
    """

    def __init__(self, model: type[BaseModel], values: dict[str, Any]) -> None:
        self._model = model
        self._values = values

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # Python's own probes (copy, pickle) are no fields
            raise AttributeError(name)
        values = self.__dict__.get("_values", {})
        if name in values:
            return values[name]
        raise Unavailable(name)


@lru_cache(maxsize=256)
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    is_model = isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)
    config = None if is_model else ConfigDict(str_strip_whitespace=True)
    return TypeAdapter(annotation, config=config)


def validate_partial(model: type[M], data: Any) -> Partial:
    """Each top-level field of ``data`` validated on its own; the invalid ones left out."""
    values: dict[str, Any] = {}
    given = data if isinstance(data, dict) else {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in given:
            if not info.is_required():
                values[name] = info.get_default(call_default_factory=True)
            continue
        try:
            values[name] = _field_adapter(model, name).validate_python(given[key])
        except ValidationError:
            continue
    return Partial(model, values)


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = get_origin(annotation)
    if origin in (list, tuple, Union, types.UnionType, Annotated):
        found: list[type[BaseModel]] = []
        for arg in get_args(annotation):
            found.extend(_nested_models(arg))
        return found
    return []


def known_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def unknown_keys(
    model: type[BaseModel], data: Any, locate: LocateFn, prefix: FieldPath = ()
) -> list[Problem]:
    """Warn about keys the model does not know, with a likely intended key."""
    if not isinstance(data, dict):
        return []
    problems: list[Problem] = []
    by_alias = {f.alias or name: f for name, f in model.model_fields.items()}
    for key, value in data.items():
        key = str(key)
        info = by_alias.get(key)
        if info is None:
            hint = did_you_mean(key, by_alias)
            problems.append(
                locate(
                    (*prefix, key),
                    f"Unbekanntes Feld „{key}“ wird ignoriert.{hint}",
                    Severity.WARNING,
                )
            )
            continue
        for nested in _nested_models(info.annotation):
            if isinstance(value, list):
                for index, item in enumerate(value):
                    problems += unknown_keys(nested, item, locate, (*prefix, key, index))
            else:
                problems += unknown_keys(nested, value, locate, (*prefix, key))
            break
    return problems


# A field that names a person of one case, or the case itself. Reports across cases show
# aggregates only, so their templates must not print it (kimdocs.checking.templates asks here).
# Set where the kind defines the field: ``Field(alias="klient", json_schema_extra=PER_CASE)``.
PER_CASE: dict[str, JsonValue] = {"per_case": True}


# How the forms of ``kimdocs vorschau`` show a field where its type does not say it; set
# with ``json_schema_extra`` beside the field's German ``title`` and ``description``.
LONG_TEXT: dict[str, JsonValue] = {"mehrzeilig": True}  # a text area, not one line
DISTRICT_CHOICE: dict[str, JsonValue] = {"auswahl": "bezirke"}  # one of kimdocs.toml's
FIXED: dict[str, JsonValue] = {"fest": True}  # shown, not edited in the form (``art``)


def extra(*parts: dict[str, JsonValue]) -> dict[str, JsonValue]:
    """Several of the marks above (and :data:`PER_CASE`) on one field."""
    merged: dict[str, JsonValue] = {}
    for part in parts:
        merged |= part
    return merged


def item(name: str) -> dict[str, JsonValue]:
    """What one entry of a list is called in the form: „Ziel 2“, „Schritt 1“."""
    return {"eintrag": name}


def kind_field() -> Any:
    """``art:``, the same in every kind's model."""
    return Field(
        "",
        alias="art",
        title="Dokumentart",
        description="Steht fest, sobald das Dokument angelegt ist.",
        json_schema_extra=FIXED,
    )


def per_case_fields(model: type[BaseModel]) -> set[str]:
    """Names and aliases of the fields marked :data:`PER_CASE`, in nested models too."""
    found: set[str] = set()
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get("per_case") is True:
            found |= {name, info.alias or name}
        for nested in _nested_models(info.annotation):
            found |= per_case_fields(nested)
    return found
