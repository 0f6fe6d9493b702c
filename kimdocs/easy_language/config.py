"""Which rules apply: project settings in kimdocs.toml and acceptances in a file's front matter.

kimdocs.toml::

    [leichte_sprache]
    aus = ["LS-SATZ-VERNEINUNG"]          # rules switched off
    [leichte_sprache.schwere]
    LS-WORT-LANG = "Fehler"               # Fehler, Warnung or Hinweis

Front matter of a flyer::

    leichte_sprache:
      akzeptiert:
        - LS-WORT-ZAHL                    # for the whole file
        - regel: LS-SATZ-PASSIV           # for one place: the sentence with this text
          stelle: "eingebürgert wird"
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field, field_validator, model_validator

from kimdocs.base.errors import Severity
from kimdocs.easy_language.rule_table import BY_ID, SEVERITIES, unknown_rule_message
from kimdocs.schema import Model, Text


def _rule_id(value: Any) -> Any:
    if isinstance(value, str) and value.strip().upper() in BY_ID:
        return value.strip().upper()
    raise ValueError(unknown_rule_message(str(value)))


class ProjectRules(Model):
    """``[leichte_sprache]`` in kimdocs.toml."""

    off: list[str] = Field([], alias="aus")
    severities: dict[str, str] = Field({}, alias="schwere")

    @field_validator("off")
    @classmethod
    def _known_off(cls, value: list[str]) -> list[str]:
        return [_rule_id(v) for v in value]

    @field_validator("severities")
    @classmethod
    def _known_severities(cls, value: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, level in value.items():
            if str(level).strip().lower() not in SEVERITIES:
                raise ValueError(
                    f"„{level}“ für {key} ist keine Schwere. Erlaubt: Fehler, Warnung, Hinweis."
                )
            out[_rule_id(key)] = SEVERITIES[str(level).strip().lower()].value
        return out

    def level(self, rule_id: str) -> Severity | None:
        """The severity of a rule in this project, or None if it is switched off."""
        if rule_id in self.off:
            return None
        if rule_id in self.severities:
            return Severity(self.severities[rule_id])
        return BY_ID[rule_id].level


class Acceptance(Model):
    rule: str = Field(alias="regel")
    place: Text = Field("", alias="stelle")

    @field_validator("rule")
    @classmethod
    def _known(cls, value: str) -> str:
        return str(_rule_id(value))


class FileRules(Model):
    """``leichte_sprache:`` in a document's front matter."""

    accepted: list[Acceptance] = Field([], alias="akzeptiert")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        # "- LS-WORT-ZAHL" is the short form of "- regel: LS-WORT-ZAHL" (whole file).
        if isinstance(data, dict) and isinstance(data.get("akzeptiert"), list):
            data = dict(data)
            data["akzeptiert"] = [
                {"regel": item} if isinstance(item, str) else item for item in data["akzeptiert"]
            ]
        return data


@dataclass(frozen=True)
class Settings:
    project: ProjectRules
    file: FileRules

    def acceptance(self, rule_id: str, sentence: str) -> int | None:
        """Index of the acceptance in the front matter that covers a finding, if any."""
        return next(
            (
                n
                for n, a in enumerate(self.file.accepted)
                if a.rule == rule_id and (not a.place or _norm(a.place) in _norm(sentence))
            ),
            None,
        )

    def accepts(self, rule_id: str, sentence: str) -> bool:
        return self.acceptance(rule_id, sentence) is not None


def _norm(text: str) -> str:
    return " ".join(text.replace("*", "").split()).lower()


DEFAULT_PROJECT = ProjectRules.model_validate({})
DEFAULT_FILE = FileRules.model_validate({})
