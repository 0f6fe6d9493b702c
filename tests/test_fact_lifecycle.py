"""Facts that know their end, the law versions they rest on, their age and their grammar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from kimdocs.base.errors import ContentError
from kimdocs.knowledge.facts import NO_SUCCESSOR, load_facts
from kimdocs.knowledge.laws import LAWS_NAME, load_laws
from kimdocs.knowledge.lifecycle import checks, successors
from tests.conftest import REPO

LAWS = """
StAG:
  titel: Staatsangehörigkeitsgesetz
  fassungen:
    - gültig_ab: 2024-06-27
      durch: Gesetz vom 22.03.2024 (BGBl. 2024 I Nr. 104)
    - gültig_ab: 2025-10-30
      durch: Gesetz vom 27.10.2025 (BGBl. 2025 I Nr. 256)
"""
FACTS = """
alt:
  wert: 8
  einheit: Jahre
  quelle: § 10 StAG (alte Fassung)
  gültig_ab: 2000-01-01
  gültig_bis: 2024-06-26
  nachfolger: neu
  stand: 2026-01-01
  geprüft_am: 2026-03-01
neu:
  wert: 5
  einheit: Jahre
  formen: {dativ: Jahren}
  quelle: § 10 StAG
  gesetz: StAG
  fassung: 2025-10-30
  gültig_ab: 2024-06-27
  stand: 2026-01-01
  geprüft_am: 2026-03-01
alter:
  wert: 16
  einheit: Jahre
  formen: {dativ: Jahren}
  quelle: § 34 StAG
  gültig_ab: 2024-06-27
  stand: 2026-01-01
  geprüft_am: 2026-03-01
duldung:
  wert: 12
  einheit: Monate
  quelle: § 25a AufenthG
  gültig_ab: 2022-12-31
  stand: 2026-01-01
  geprüft_am: 2026-03-01
"""


def write(root: Path, facts: str = FACTS, laws: str = LAWS) -> None:
    (root / "fakten.yaml").write_text(facts, encoding="utf-8")
    (root / LAWS_NAME).write_text(laws, encoding="utf-8")


def load(root: Path) -> dict[str, object]:
    laws, _ = load_laws(root / LAWS_NAME)
    return dict(load_facts(root / "fakten.yaml", checks(laws))[0])


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(root)
    return [p.format(root) for p in caught.value.problems if p.is_error]


def test_the_sample_facts_know_their_end() -> None:
    """Every rule of the sample that ends names what follows; the chains are whole."""
    laws, _ = load_laws(REPO / LAWS_NAME)
    facts, _ = load_facts(REPO / "fakten.yaml", checks(laws))
    ended = {n: f for n, f in facts.items() if f.valid_until is not None}
    assert {
        "einbuergerung.aufenthalt-bis-2024",
        "einbuergerung.besondere-integration",
        "chancen-aufenthaltsrecht",
        "chancen-aufenthaltsrecht.sonderregeln-bis",
    } <= set(ended)
    for name, fact in ended.items():
        assert fact.successor, name
    # The Chancen rule of § 104c ended on 30.12.2025; its transition is a fact of its own.
    chancen = facts["chancen-aufenthaltsrecht"]
    assert chancen.valid_until == dt.date(2025, 12, 30)
    assert successors("chancen-aufenthaltsrecht", facts) == ["chancen-aufenthaltsrecht.uebergang"]
    assert facts["chancen-aufenthaltsrecht.uebergang"].valid_from == dt.date(2025, 12, 31)
    assert facts["chancen-aufenthaltsrecht.sonderregeln-bis"].successor == NO_SUCCESSOR
    # The three-year route ends in the five years for everyone.
    assert successors("einbuergerung.besondere-integration", facts) == ["einbuergerung.aufenthalt"]
    # Every fact that names a law names a version recorded for it.
    for name, fact in facts.items():
        if fact.law:
            assert laws[fact.law].version(fact.version) is not None, name  # type: ignore[arg-type]


def test_a_rule_that_ends_without_successor_is_an_error(basic: Path) -> None:
    write(basic, FACTS.replace("  nachfolger: neu\n", ""))
    (message,) = errors_of(basic)
    assert "fakten.yaml:7:" in message  # the line of gültig_bis
    assert "„alt.gültig_bis“" in message and "„nachfolger“ fehlt" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("  nachfolger: neu\n", "  nachfolger: nue\n"),
        ("  gültig_ab: 2024-06-27\n  stand", "  gültig_ab: 2024-07-01\n  stand"),
    ],
)
def test_a_successor_must_exist_and_apply_the_day_after(
    basic: Path, change: str, expected: str
) -> None:
    write(basic, FACTS.replace(change, expected, 1))
    (message,) = errors_of(basic)
    assert "„alt.nachfolger“" in message
    assert "Meinten Sie „neu“" in message or "gilt am Tag danach (27.06.2024) nicht" in message


def test_successors_in_a_circle_are_an_error(basic: Path) -> None:
    facts = FACTS.replace(
        "  gesetz: StAG\n", "  gültig_bis: 2025-01-01\n  nachfolger: alt\n  gesetz: StAG\n"
    )
    write(basic, facts)
    found = errors_of(basic)
    assert any("laufen im Kreis" in m for m in found), found


def test_a_fact_names_a_recorded_version_of_its_law(basic: Path) -> None:
    write(basic, FACTS.replace("fassung: 2025-10-30", "fassung: 2025-10-31"))
    (message,) = errors_of(basic)
    assert "„neu.fassung“" in message
    assert "keine Fassung ab 31.10.2025 erfasst" in message and "30.10.2025" in message
    write(basic, FACTS.replace("gesetz: StAG", "gesetz: StGA"))
    (message,) = errors_of(basic)
    assert "„StGA“ steht nicht in gesetze.yaml" in message and "Meinten Sie „StAG“" in message


FLYER = """---
art: flyer
titel: Test
stand: 2026-03-01
prüfen_bis: 2027-03-01
quellen: [Test]
kontakt: {{bezirk: mitte}}
---

## Was gilt?

{body}
"""


def flyer(root: Path, body: str) -> Path:
    path = root / "content" / "flyer" / "test.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FLYER.format(body=body), encoding="utf-8")
    return path


def check_output(root: Path, cli: Callable[..., Result], path: Path) -> str:
    return cli(root, "check", str(path)).output


def test_an_old_check_date_or_a_newer_law_gives_a_warning(
    basic: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(basic)
    path = flyer(basic, "Sie leben [[fakt:neu]] hier.\nSie sind [[fakt:alter]] alt.")
    output = check_output(basic, cli, path)
    assert "nachgesehen" not in output  # checked on 01.03.2026, two weeks before the test day
    assert "neuere erfasst" not in output
    # Seven months later the source is too old to trust without a look.
    monkeypatch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 10, 2))
    output = check_output(basic, cli, path)
    assert "test.md:12: Warnung" in output
    assert "zuletzt am 01.03.2026 an seiner Quelle nachgesehen, vor mehr als 6 Monaten" in output
    # The period is the project's: kimdocs.toml [fakten] nachsehen_nach_monaten.
    config = basic / "kimdocs.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\n[fakten]\nnachsehen_nach_monaten = 12\n",
        encoding="utf-8",
    )
    assert "nachgesehen" not in check_output(basic, cli, path)
    # A newer version of the law the fact rests on is recorded: look at the fact again.
    write(
        basic,
        laws=LAWS
        + "    - gültig_ab: 2026-02-01\n      durch: Gesetz vom Dezember 2025 (Sperrfrist)\n",
    )
    output = check_output(basic, cli, path)
    assert "„neu“" in output and "neuere erfasst (ab 01.02.2026: Gesetz vom Dezember 2025" in output


def test_a_fact_in_the_wrong_case_is_found(basic: Path, cli: Callable[..., Result]) -> None:
    # "Sind Sie 16 Jahren alt?": the unit of "ab 16 Jahren" does not fit "alt".
    old = "einheit: Jahre\n  formen: {dativ: Jahren}\n  quelle: § 34"
    write(basic, FACTS.replace(old, "einheit: Jahren\n  quelle: § 34"))
    path = flyer(basic, "Sind Sie [[fakt:alter]] alt oder älter?")
    result = cli(basic, "check", str(path))
    assert result.exit_code == 1
    assert "„16 Jahren alt“: Hier heißt es „16 Jahre alt“" in result.output
    assert "formen: {nominativ: Jahre}" in result.output
    # With the form for the case, both read right.
    write(basic)
    path = flyer(
        basic, "Sind Sie [[fakt:alter]] alt?\nAb [[fakt:alter:dativ]] stellen Sie den Antrag."
    )
    result = cli(basic, "check", str(path))
    assert "Hier heißt es" not in result.output, result.output
    # "seit 12 Monate": the dative is missing, and the fact has no form for it.
    path = flyer(basic, "Sie haben seit [[fakt:duldung]] eine Duldung.")
    output = cli(basic, "check", str(path)).output
    assert "„seit 12 Monate“: Hier heißt es „seit 12 Monaten“" in output
    assert "„formen: {dativ: Monaten}“ eintragen und [[fakt:duldung:dativ]]" in output
    # A form the fact does not have is an error that names the ones it has.
    path = flyer(basic, "Ab [[fakt:neu:genitiv]] geht es.")
    output = cli(basic, "check", str(path)).output
    assert (
        "[[fakt:neu:genitiv]]: Der Fakt hat keine Form „genitiv“ (formen). Vorhanden: dativ."
        in output
    )


def test_the_sample_knows_the_law_versions_it_rests_on() -> None:
    data = yaml.safe_load((REPO / LAWS_NAME).read_text(encoding="utf-8"))
    assert {"StAG", "AufenthG", "AufenthV", "EinbTestV"} <= set(data)
    for name, law in data.items():
        for version in law["fassungen"]:
            assert isinstance(version["gültig_ab"], dt.date), name
            assert str(version["durch"]).strip(), name
