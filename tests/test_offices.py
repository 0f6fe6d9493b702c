"""Flyers name the offices kimdocs.toml describes: county, kreisfreie Stadt, large town."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from kimdocs.build.run import build
from kimdocs.kinds.flyer_offices import TEXTS, Visit, groups, visit_problems, visits
from kimdocs.project import CITY, IMMIGRATION, LARGE_TOWN, NATURALISATION, load_project
from tests.conftest import PROJECTS, copy_sample_project
from tests.outputs import pdf_text, squash

CITY_PROJECT = PROJECTS / "kreisfreie-stadt"
FLYERS = (
    "einbuergerung",
    "niederlassungserlaubnis",
    "bleiberecht-junge-menschen",
    "bleiberecht-gute-integration",
)


def city_project(target: Path) -> Path:
    """The sample's flyers, facts and glossary with the kreisfreie Stadt's kimdocs.toml:
    the naturalisation flyer for the whole city, the others for the district Mitte."""
    root = copy_sample_project(target)
    shutil.copy(CITY_PROJECT / "kimdocs.toml", root / "kimdocs.toml")
    for path in (root / "content" / "flyer").glob("*.md"):
        district = "alle" if path.stem == "einbuergerung" else "mitte"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"bezirk: \S+", f"bezirk: {district}", text), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = city_project(tmp_path_factory.mktemp("city") / "p")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 1, 1))
        results = build(load_project(root), [root / "content" / "flyer"])
    assert all(r.ok for r in results), [p.format() for r in results for p in r.problems]
    return root


def test_the_city_sample_is_fictional_and_has_no_county() -> None:
    text = (CITY_PROJECT / "kimdocs.toml").read_text(encoding="utf-8")
    assert "erfunden" in text and "(fiktiv)" in text
    project = load_project(CITY_PROJECT)
    for kind in (NATURALISATION, IMMIGRATION):
        office = project.authority(kind, "Mitte")
        assert office is not None and office.body == CITY and office.takes_applications
    assert project.config.application_offices == []


@pytest.mark.parametrize("name", FLYERS)
def test_a_city_flyer_never_says_county(city: Path, name: str) -> None:
    outputs = sorted((city / "output" / "flyer").glob(f"{name}*.pdf"))
    assert outputs
    for path in outputs:
        text = squash(pdf_text(path))
        for wrong in ("Kreis", "Bürger·büro", "Bürgerbüro", "im Rathaus"):
            assert squash(wrong) not in text, (path.name, wrong)
    german = squash(pdf_text(city / "output" / "flyer" / f"{name}.pdf"))
    assert squash(TEXTS[CITY]) in german  # "Das Amt gehört zu Ihrer Stadt."
    assert squash("Beispielstadt (fiktiv)") in german
    # The translations say it in their words, from the shipped fixed texts.
    for language, city_text, county_text in (
        ("uk", "Ця установа належить до вашого міста.", "округ"),
        ("ar", "هذه الدائرة تابعة لمدينتك.", "للمقاطعة"),
    ):
        path = city / "output" / "flyer" / f"{name}.{language}.pdf"
        assert path.exists() or name != "einbuergerung"  # the sample translates that one
        if path.exists():
            text = squash(pdf_text(path))
            assert squash(city_text) in text and county_text not in text, path.name


def test_a_city_naturalisation_flyer_applies_at_the_authority(city: Path) -> None:
    text = squash(pdf_text(city / "output" / "flyer" / "einbuergerung.pdf"))
    assert squash(f"{TEXTS['apply_here']} Einbürgerungsbehörde der Stadt Beispielstadt") in text
    assert squash(TEXTS["decides_here"]) in text and squash(TEXTS["fee"]) in text
    assert squash("Rathausplatz 1, 00001 Beispielstadt") in text
    assert squash(TEXTS["apply_table"]) not in text  # one office for the whole city
    # The case management's second place: the hours print the address they belong to.
    assert squash("Mittwoch: 14 bis 17 Uhr in Hafen Kaistraße 9, 00002 Beispielstadt") in text
    assert squash("Montag: 9 bis 12 Uhr Markt 4, 00001 Beispielstadt") in text


def test_the_city_record_lists_its_own_office_sentences(city: Path) -> None:
    """The legal review lists the office sentences the flyer prints – the city's, not the
    county's – so the sample's county record does not fit and the label stays a draft."""
    [result] = build(load_project(city), [city / "content" / "flyer" / "einbuergerung.md"])
    messages = " ".join(p.message for p in result.problems)
    assert "Einbürgerungsbehörde der Stadt Beispielstadt" in messages
    assert squash("Entwurf – rechtlich nicht geprüft") in squash(
        pdf_text(city / "output" / "flyer" / "einbuergerung.pdf")
    )


LARGE_TOWN_CONFIG = """
[[weitere_behoerden]]
art = "ausländerbehörde"
name = "Ausländerbehörde der Stadt Ahlen (Beispiel)"
"träger" = "große_kreisangehörige_stadt"
antrag_hier = true
gemeinden = ["Ahlen"]
anschrift = "Westenmauer 12, 59227 Ahlen"
telefon = "02382 000-650 (fiktiv)"
sprechzeiten = ["Montag bis Mittwoch: 8 bis 12 Uhr"]
"""


def test_a_large_town_with_its_own_office_decides_for_its_people(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    config = root / "kimdocs.toml"
    config.write_text(config.read_text(encoding="utf-8") + LARGE_TOWN_CONFIG, encoding="utf-8")
    project = load_project(root)
    town = project.authority(IMMIGRATION, "Ahlen")
    county = project.authority(IMMIGRATION, "Beckum")
    assert town is not None and town.body == LARGE_TOWN and town.name.startswith("Ausländer")
    assert county is not None and county.name.endswith("Kreises Warendorf (Beispiel)")
    # Naturalisation stays with the county for Ahlen too: the entry is for one kind only.
    naturalisation = project.authority(NATURALISATION, "Ahlen")
    assert naturalisation is not None and "Kreises" in naturalisation.name
    # A flyer for the whole county: one row per deciding office, each with its towns.
    found = groups(project, IMMIGRATION, "alle")
    assert [g.decides.name for g in found] == [town.name, county.name]
    assert found[0].municipalities == ("Ahlen",)
    # The Ahlen flyer names the town's office, says it belongs to the town, never the county.
    path = root / "content" / "flyer" / "bleiberecht-gute-integration.md"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 1, 1))
        [result] = build(project, [path])
    assert result.ok, [p.format() for p in result.problems]
    text = squash(pdf_text(root / "output" / "flyer" / "bleiberecht-gute-integration.pdf"))
    assert squash("Ausländerbehörde der Stadt Ahlen (Beispiel)") in text
    assert squash(TEXTS[LARGE_TOWN]) in text
    assert squash("Ausländerbehörde des Kreises Warendorf") not in text
    assert squash(TEXTS[CITY]) == squash(TEXTS[LARGE_TOWN])  # the reader's words are the same


def test_an_unknown_municipality_or_kind_is_refused_on_its_line(tmp_path: Path) -> None:
    from kimdocs.base.errors import ProjectError

    root = copy_sample_project(tmp_path / "p")
    config = root / "kimdocs.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + LARGE_TOWN_CONFIG.replace('["Ahlen"]', '["Alen"]'), "utf-8")
    with pytest.raises(ProjectError) as caught:
        load_project(root)
    assert "Alen" in str(caught.value.problems[0].message)
    config.write_text(
        text + LARGE_TOWN_CONFIG.replace('"ausländerbehörde"', '"sozialamt"'), "utf-8"
    )
    with pytest.raises(ProjectError):
        load_project(root)


def test_visiting_hours_print_the_address_of_their_place() -> None:
    project = load_project(CITY_PROJECT)
    [middle, harbour] = project.config.districts
    assert visits(middle.case_management, middle) == [
        Visit(("Montag: 9 bis 12 Uhr",), "Markt 4, 00001 Beispielstadt")
    ]
    assert visits(harbour.case_management, harbour) == [
        Visit(("Mittwoch: 14 bis 17 Uhr in Hafen",), "Kaistraße 9, 00002 Beispielstadt")
    ]
    # An hour in a town without an address there warns: readers would go to the wrong place.
    person = harbour.case_management.model_copy(
        update={"hours": ["Mittwoch: 14 bis 17 Uhr in Hafen", "Freitag: 9 bis 11 Uhr in Oststadt"]}
    )
    [warning] = visit_problems(person, harbour, lambda message, severity: message)
    assert "„Oststadt“" in warning and "[[bezirke.orte]]" in warning


def test_right_to_left_office_texts_hold_no_latin_words() -> None:
    """A fixed text is not isolated from the bidi order word by word: a German word in
    brackets would be shuffled in an Arabic or Persian line. The German name of the office
    is printed with the office itself."""
    import polib

    from kimdocs.translation.fixed import TEXTS_DIR

    for language in ("ar", "fa"):
        catalog = polib.pofile(str(TEXTS_DIR / f"{language}.po"))
        for german in TEXTS.values():
            entry = catalog.find(german)
            assert entry is not None and entry.msgstr, (language, german)
            assert not re.search(r"[A-Za-zÄÖÜäöüß]", entry.msgstr), (language, entry.msgstr)
