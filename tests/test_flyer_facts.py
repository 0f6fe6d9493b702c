"""Flyers that are right: cited facts, corrected statements, one source of truth, review label."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from kimdocs.base.errors import ContentError
from kimdocs.build.run import build
from kimdocs.checking.easy_checker import check_body, check_file
from kimdocs.easy_language.rules import fact_patterns
from kimdocs.kinds.flyer import DRAFT_LABEL, EASY_LABEL
from kimdocs.knowledge.facts import load_facts
from kimdocs.project import load_project
from tests.conftest import REPO, SharedBuild, copy_sample_project
from tests.outputs import pdf_text, pdf_text_both_ways, squash, visible_letters


@pytest.fixture(scope="module")
def sample(built_flyers: SharedBuild) -> Path:
    assert all(r.ok for r in built_flyers.results)  # built on 1 January 2026 (FLYER_DAY)
    return built_flyers.root


def flyer(root: Path, name: str) -> str:
    return squash(pdf_text(root / "output" / "flyer" / f"{name}.pdf"))


def test_every_fact_names_a_dated_source_with_a_url() -> None:
    facts = yaml.safe_load((REPO / "fakten.yaml").read_text(encoding="utf-8"))
    for name, fact in facts.items():
        assert str(fact["quelle"]).strip(), name
        assert str(fact["url"]).startswith("https://"), name
        assert isinstance(fact["geprüft_am"], dt.date), name
        assert isinstance(fact["gültig_ab"], dt.date), name
    turbo = facts["einbuergerung.besondere-integration"]
    assert "vom 27.10.2025" in turbo["quelle"] and "BGBl. 2025 I Nr. 256" in turbo["quelle"]
    assert turbo["gültig_bis"] == dt.date(2025, 10, 29)
    assert turbo["nachfolger"] == "einbuergerung.aufenthalt"
    assert facts["bleiberecht-25a.alter"]["gültig_ab"] == dt.date(2022, 12, 31)
    assert facts["bleiberecht-25b.aufenthalt"]["gültig_ab"] == dt.date(2022, 12, 31)
    assert facts["einbuergerung.test-fragen"]["gültig_ab"] == dt.date(2008, 9, 1)
    assert facts["einbuergerung.gebuehr"]["gültig_ab"] == dt.date(2007, 8, 28)
    # The old rule of § 104c applied until 30.12.2025; its transition from 31.12.2025.
    assert facts["chancen-aufenthaltsrecht"]["gültig_bis"] == dt.date(2025, 12, 30)
    assert facts["chancen-aufenthaltsrecht.uebergang"]["gültig_ab"] == dt.date(2025, 12, 31)
    # The version of 2022 is no longer cited for a rule that applied until 26.06.2024.
    assert "Fassung vom 21.12.2022" not in facts["einbuergerung.aufenthalt-bis-2024"]["quelle"]
    assert "Integrationsgesetzes" not in facts["niederlassung.fluechtlinge-aufenthalt"]["quelle"]


# Law text, the federal gazette, the Bundestag, or the page of an authority – never a
# commentary, a lawyer's page or an encyclopaedia.
OFFICIAL_HOSTS = (
    "www.gesetze-im-internet.de",
    "www.recht.bund.de",
    "www.bgbl.de",
    "www.bundestag.de",
)
AUTHORITY_HOSTS = (
    "www.kreis-soest.de",
    # Data protection: the supervisory authority of NRW and public bodies' own notices.
    "www.ldi.nrw.de",
    "www.justiz.nrw",
    "berlin.de",
    "geoshop.duesseldorf.de",
)


def test_every_fact_cites_an_official_source() -> None:
    from urllib.parse import urlsplit

    facts = yaml.safe_load((REPO / "fakten.yaml").read_text(encoding="utf-8"))
    for name, fact in facts.items():
        host = urlsplit(str(fact["url"])).hostname
        assert host in OFFICIAL_HOSTS + AUTHORITY_HOSTS, (name, host)
    # The 2026 transition rule of § 104c is Art. 5 of the law of 21.12.2022, in its gazette.
    change = facts["chancen-aufenthaltsrecht.uebergang"]
    assert "Art. 5" in change["quelle"] and "BGBl. 2022 I Nr. 57" in change["quelle"]
    # The end of the Chancen rules is in a law since December 2025; what is not confirmed
    # at the gazette says so, and nothing claims the date is not in the law any more.
    end = facts["chancen-aufenthaltsrecht.sonderregeln-bis"]
    assert "Bundestag 05.12.2025, Bundesrat 19.12.2025" in end["quelle"]
    assert "NICHT am Bundesgesetzblatt bestätigt" in end["hinweis"]
    bar = facts["einbuergerung.sperre-nach-taeuschung"]
    assert bar["wert"] == 10 and "NICHT an einer amtlichen Quelle bestätigt" in bar["hinweis"]
    for name, fact in facts.items():
        assert "steht nicht im Gesetz:" not in str(fact.get("hinweis", "")), name
    # The law text of the test ordinance says 33 questions, 17 to pass, 25 Euro.
    assert "§ 1 Abs. 2" in facts["einbuergerung.test-fragen"]["quelle"]
    assert "§ 1 Abs. 3" in facts["einbuergerung.test-richtig"]["quelle"]
    assert "§ 2 Abs. 1" in facts["einbuergerung.test-gebuehr"]["quelle"]
    # Fees of every route the flyers describe, from the ordinance.
    assert "§ 44 Nr. 3" in facts["niederlassung.gebuehr"]["quelle"]
    assert "§ 45 Nr. 1" in facts["aufenthaltserlaubnis.gebuehr"]["quelle"]
    assert "§ 50 Abs. 1" in facts["aufenthaltstitel.gebuehr-minderjaehrige"]["quelle"]
    assert "§ 38 Abs. 2 Satz 3" in facts["einbuergerung.gebuehr-ablehnung-ab"]["quelle"]
    # Consent forms: every GDPR fact names the regulation and applies since 25.05.2018.
    gdpr = [name for name in facts if name.startswith("dsgvo.")]
    assert {"dsgvo.widerruf", "dsgvo.beschwerde", "dsgvo.einwilligung"} <= set(gdpr)
    for name in gdpr:
        assert "(EU) 2016/679" in facts[name]["quelle"], name
        assert facts[name]["gültig_ab"] == dt.date(2018, 5, 25), name
    assert "Art. 7 Abs. 3" in facts["dsgvo.widerruf"]["quelle"]
    assert facts["ldi-nrw.anschrift"]["wert"] == "Kavalleriestraße 2–4, 40213 Düsseldorf"


# What the legal review of December 2026 found wrong, misleading or missing: gone from every
# flyer, and the corrections printed.
WRONG = {
    "einbuergerung": (
        "Sind Sie 16 Jahren alt oder älter?",
        "Deutschland erlaubt 2 Pässe.",
        "Fragen Sie bei Ihrem Heimat·land nach.",
        "Sie verdienen Ihr Geld selbst.",
        "Sie halten sich an die Gesetze.",
        "Die Einbürgerungs·behörde vom Kreis entscheidet über Ihren Antrag.",
        "Das ist das Bürger·büro im Rathaus.",
        "Für Erwachsene ist die Gebühr",
    ),
    "niederlassungserlaubnis": (
        "Für immer in Deutschland bleiben.",
        "Die Erlaubnis hat kein Ende.",
        "Sie dürfen für immer in Deutschland bleiben.",
        "Sie haben keine Straf·taten gemacht.",
        "Sie bekommt auch die Gebühr.",
    ),
    "bleiberecht-junge-menschen": (
        "Dann stellen Sie den Antrag bis zum 30. Juni 2027.",
        "stellen Sie bis zum 30. Juni 2027 einen neuen Antrag",
        "Menschen vom Kreis.",
        "Sie halten sich an die Gesetze.",
    ),
    "bleiberecht-gute-integration": ("Sie verdienen Ihr Geld zum größten Teil selbst.",),
}
RIGHT = {
    "einbuergerung": (
        "Sind Sie 16 Jahre alt oder älter?",
        "Deutschland erlaubt mehr als eine Staats·angehörigkeit.",
        "Gehen Sie vorher nicht zur Botschaft von Ihrem Heimat·land.",
        "Ein neuer Pass von Ihrem Heimat·land kann Ihren Schutz beenden.",
        "Sie leben ohne Geld vom Job·center und ohne Geld vom Sozial·amt.",
        "Sie haben schwere Straf·taten gemacht.",
        "Aber Straf·taten aus Hass auf Juden zählen immer.",
        "Jüdisches Leben in Deutschland muss sicher sein.",
        "Sie sind mit mehr als 1 Person verheiratet.",
        "Dann müssen Sie 10 Jahre warten.",
        "Für jede Person ist die Gebühr 255 Euro.",
        "Das Kind lebt ohne eigenes Einkommen.",
        "Der Einbürgerungs·test kostet 25 Euro.",
        "Dann kostet das auch Geld: 25 Euro bis 255 Euro.",
        "Das Amt kann die Gebühr kleiner machen.",
        "Dann zählt auch die Zeit im Asyl·verfahren.",
        "Über Ihren Antrag entscheidet:",
        "Einbürgerungsbehörde des Kreises Warendorf (Beispiel)",
        "Dieses Amt bekommt auch die Gebühr.",
        "Das geht seit dem 30. Oktober 2025 nicht mehr.",
        "vom 27.10.2025 (BGBl. 2025 I Nr. 256)",
        "Ein Test mit 33 Fragen.",
        "Rechts·stand: 7. Dezember 2026.",
    ),
    "niederlassungserlaubnis": (
        "Eine Erlaubnis ohne festes Ende.",
        "Das Amt weist Sie aus.",
        "Sie ziehen für immer weg aus Deutschland.",
        "Sie sind länger als 6 Monate im Ausland.",
        "Dann fragen Sie vorher die Ausländer·behörde.",
        "Das gilt auch für Menschen aus dem Resettlement-Programm.",
        "Sie haben seit 5 Jahren eine Aufenthalts·erlaubnis als Flüchtling.",
        "Das Bundesamt für Migration und Flüchtlinge will Ihren Schutz nicht beenden.",
        "Sie kennen die Regeln in Deutschland.",
        "Schneller geht es nach 3 Jahren.",
        "Sprach·niveau C1",
        "Sie haben subsidiären Schutz?",
        "Auch die Regel mit der Renten·versicherung gilt für Sie.",
        "Die Gebühr ist 113 Euro.",
        "Schwere Straf·taten schließen die Erlaubnis aus.",
        "Für Kinder unter 18 Jahren ist die Gebühr die Hälfte.",
        "Dann ist die Erlaubnis für Sie kosten·los.",
        "Die Karte gilt höchstens 10 Jahre.",
    ),
    "bleiberecht-junge-menschen": (
        "Sie sind mindestens 14 Jahre alt.",
        "Schwere Straf·taten schließen die Erlaubnis aus.",
        "Auf Ihrer Karte steht ein Datum.",
        "Stellen Sie den Antrag vor diesem Datum.",
        "Dann gilt Ihre Erlaubnis weiter.",
        "Dann bekommen Sie vielleicht wieder eine Duldung.",
        "Die Sonder·regeln für das Chancen-Aufenthalts·recht gelten bis zum 30. Juni 2027.",
        "Die Erlaubnis kostet höchstens 100 Euro.",
        "Dann ist die Erlaubnis für Sie kosten·los.",
    ),
    "bleiberecht-gute-integration": (
        "Sie haben einen gültigen Pass.",
        "Sie sagen Ja zur Demokratie",
        "Sie kennen die Regeln und Gesetze in Deutschland.",
        "Auf Ihrer Karte steht ein Datum.",
        "Stellen Sie den Antrag vor diesem Datum.",
        "Die Sonder·regeln dafür gelten bis zum 30. Juni 2027.",
        "Die Erlaubnis kostet höchstens 100 Euro.",
    ),
}


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_flyers_are_corrected(sample: Path, name: str) -> None:
    text = flyer(sample, name)
    for statement in WRONG[name]:
        assert squash(statement) not in text, statement
    for statement in RIGHT[name]:
        assert squash(statement) in text, statement


# The translations: the segments whose German changed are translated anew (their old
# wording is gone), and the new German sentences are there in the reader's language.
CORRECTED_SEGMENTS = (
    "Deutschland erlaubt mehr als eine Staats·angehörigkeit.",
    "Ihr Heimat·land entscheidet über Ihre alte Staats·angehörigkeit.",
    "Ein neuer Pass von Ihrem Heimat·land kann Ihren Schutz beenden.",
    "Sie haben schwere Straf·taten gemacht.",
    "Aber Straf·taten aus Hass auf Juden zählen immer.",
    "Jüdisches Leben in Deutschland muss sicher sein.",
    "Sie sind mit mehr als 1 Person verheiratet.",
    "Sie geben falsche Angaben oder falsche Papiere ab.",
    "Dann zählt auch die Zeit im Asyl·verfahren.",
    "Sie stellen den Antrag für sich und das Kind zusammen.",
    "Das Kind lebt ohne eigenes Einkommen.",
    "Manchmal ist die Einbürgerung dann sogar kosten·los.",
)
OLD_TRANSLATIONS = {
    "uk": (
        "Німеччина дозволяє мати 2 паспорти.",  # Deutschland erlaubt 2 Pässe.
        "Ви самі заробляєте собі на життя.",  # Sie verdienen Ihr Geld selbst.
        "Ви дотримуєтеся законів.",  # Sie halten sich an die Gesetze.
        "Для дорослих збір становить",  # Für Erwachsene ist die Gebühr …
        "Запитайте у своїй країні походження.",  # Fragen Sie bei Ihrem Heimat·land nach.
        "Це бюро обслуговування громадян у ратуші.",  # Das ist das Bürger·büro im Rathaus.
        "відомство з натуралізації округу",  # … vom Kreis entscheidet …
        "З ним ви можете залишатися в Німеччині назавжди.",  # … für immer …
    ),
    "ar": (
        "ألمانيا تسمح بجوازَي سفر.",
        "تكسب مالك بنفسك.",
        "تلتزم بالقوانين.",
        "للبالغين تبلغ الرسوم",
        "اسأل في بلدك الأصلي.",
        "أي في مكتب خدمة المواطنين في دار البلدية.",
        "تقرّر دائرة التجنيس في المقاطعة بشأن طلبكم.",
        "به يحق لك البقاء في ألمانيا إلى الأبد.",
    ),
}


@pytest.mark.parametrize("language", sorted(OLD_TRANSLATIONS))
def test_translations_are_corrected(sample: Path, language: str) -> None:
    import polib

    pdf = sample / "output" / "flyer" / f"einbuergerung.{language}.pdf"
    text = squash(pdf_text(pdf))
    # PDF text comes in visual order: an Arabic sentence with a number in it ("1 شخص") is
    # read in its order from the right.
    arabic = pdf_text_both_ways(pdf)[1] if language == "ar" else ""
    catalog = polib.pofile(str(sample / "content" / "flyer" / f"einbuergerung.{language}.po"))
    assert catalog.percent_translated() == 100
    assert not [e for e in catalog if "fuzzy" in e.flags]
    # The project's translation tooling marks no segment stale and none missing.
    from kimdocs.kinds import load_document
    from kimdocs.translation.document import prepare
    from kimdocs.translation.flyer_translation import FLYER_TRANSLATION
    from kimdocs.translation.languages import language as find_language

    project = load_project(sample)
    doc = load_document(sample / "content" / "flyer" / "einbuergerung.md", project)
    lang = find_language(language)
    assert lang is not None
    po = sample / "content" / "flyer" / f"einbuergerung.{language}.po"
    prepared = prepare(doc, project, lang, po, FLYER_TRANSLATION)
    assert prepared.stale == [] and prepared.missing == [] and not prepared.problems
    for german in CORRECTED_SEGMENTS:
        entry = catalog.find(german)
        assert entry is not None and entry.msgstr, german
        if language == "ar":
            assert visible_letters(entry.msgstr) in arabic, (german, entry.msgstr)
        else:
            assert squash(entry.msgstr) in text, (german, entry.msgstr)
    for old in OLD_TRANSLATIONS[language]:
        assert squash(old) not in text, old
        assert not arabic or visible_letters(old) not in arabic, old
    # Facts in the translation are the same facts: the fee, the age, the ten-year bar.
    if language == "uk":
        for sentence in (
            "Для кожної особи збір становить 255 €.",
            "Тест на натуралізацію коштує 25 €.",
            "Вам 16 років або більше?",
            "Тоді вам доведеться чекати 10 років.",
        ):
            assert squash(sentence) in text, sentence
    else:
        assert squash("تبلغ الرسوم لكل شخص") in text and "255" in text


def test_flyers_say_where_to_apply_and_who_decides_from_the_project(sample: Path) -> None:
    """The offices come from kimdocs.toml: places per municipality, the deciding authority."""
    county = flyer(sample, "einbuergerung")
    for statement in (
        "Wo stellen Sie den Antrag?",
        "Ahlen Bürgerbüro der Stadt Ahlen (Beispiel) Westenmauer 10, 59227 Ahlen",
        "Warendorf Bürgerbüro der Stadt Warendorf (Beispiel)",
        "Sprech·zeiten an allen diesen Stellen: Montag bis Freitag: 8 bis 12 Uhr",
        "Einbürgerungsbehörde des Kreises Warendorf (Beispiel)",
        "Rufen Sie vorher an: 02581 000-600 (fiktiv)",
        "Rufen Sie vorher an.",
        "Das Amt gehört zum Kreis.",  # träger = "kreis" in kimdocs.toml
    ):
        assert squash(statement) in county, statement
    # A county-wide flyer names the case management of every district, with a plain action.
    for person in ("Fiona Fiktiv", "Bertram Erfunden", "Selma Mustermann", "Nora Nordbeispiel"):
        assert squash(person) in county, person
    assert squash("Rufen Sie an: 02522 000-301 (fiktiv)") in county
    assert squash("Kommen Sie vorbei: Mittwoch: 9 bis 12 Uhr Freitag: 9 bis 12 Uhr") in county
    # Visiting hours in a town print that town's address (issue 31), not the county's.
    assert squash("Dienstag: 9 bis 12 Uhr in Oelde Beispielweg 12, 59302 Oelde") in county
    assert (
        squash("Donnerstag: 9 bis 12 Uhr in Ennigerloh Beispielweg 5, 59320 Ennigerloh") in county
    )
    for name in ("bleiberecht-gute-integration", "bleiberecht-junge-menschen"):
        text = flyer(sample, name)
        for statement in (
            "Sie stellen den Antrag bei Ihrer Ausländer·behörde.",
            "Die Ausländer·behörde bekommt auch die Gebühr.",
            "Ausländerbehörde des Kreises Warendorf (Beispiel)",
            "Donnerstag: 14 bis 17 Uhr",
            "Rufen Sie an:",
        ):
            assert squash(statement) in text, (name, statement)
        assert squash("Bürgerbüro") not in text, name  # residence: at the authority itself
    young = flyer(sample, "bleiberecht-junge-menschen")
    assert squash("Dienstag: 9 bis 12 Uhr in Oelde Beispielweg 12, 59302 Oelde") in young
    assert squash("Musterstraße 1, 48231 Warendorf Rufen Sie an") not in young


@pytest.mark.slow
def test_offices_are_project_data_not_copied_text(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    config = root / "kimdocs.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("Bürgerbüro der Stadt Oelde (Beispiel)", "Servicebüro Oelde (Beispiel)")
    text = text.replace("02581 000-650 (fiktiv)", "02581 999-650 (fiktiv)")
    config.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 1, 1))
        assert all(r.ok for r in build(load_project(root), [root / "content" / "flyer"]))
    assert squash("Servicebüro Oelde (Beispiel)") in flyer(root, "einbuergerung")
    assert squash("Bürgerbüro der Stadt Oelde") not in flyer(root, "einbuergerung")
    assert squash("02581 999-650") in flyer(root, "niederlassungserlaubnis")
    assert squash("02581 000-650") not in flyer(root, "niederlassungserlaubnis")


def test_offices_in_kimdocs_toml_are_checked_on_their_line(tmp_path: Path) -> None:
    from kimdocs.base.errors import ProjectError

    root = copy_sample_project(tmp_path / "p")
    config = root / "kimdocs.toml"
    text = config.read_text(encoding="utf-8").replace(
        'gemeinden = ["Oelde"]', 'gemeinden = ["Olde", "Ahlen"]'
    )
    config.write_text(text, encoding="utf-8")
    line = text.split("\n").index('gemeinden = ["Olde", "Ahlen"]') + 1
    with pytest.raises(ProjectError) as caught:
        load_project(root)
    unknown, twice = caught.value.problems
    assert unknown.line == line and "„Olde“ gehört zu keinem Bezirk" in unknown.message
    assert "Meinten Sie „Oelde“?" in unknown.message
    assert twice.line == line and "Für „Ahlen“ steht schon eine Antragsstelle" in twice.message
    config.write_text(text.replace('"Olde", "Ahlen"', '"Oelde"'), encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('sprechzeiten = ["Montag, Dienstag', 'x = ["Montag'), "utf-8")
    with pytest.raises(ProjectError) as caught:
        load_project(root)
    [missing] = caught.value.problems
    assert missing.field is not None and "sprechzeiten" in missing.field
    assert missing.line == text.split("\n").index("[auslaenderbehoerde]") + 1


def test_a_flyer_naming_an_authority_needs_its_office(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    config = root / "kimdocs.toml"
    text = config.read_text(encoding="utf-8")
    start = text.index("[auslaenderbehoerde]")
    end = text.index("[[antragsstellen]]")
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    path = root / "content" / "flyer" / "niederlassungserlaubnis.md"
    [result] = build(load_project(root), [path])
    errors = [p for p in result.problems if p.is_error]
    assert len(errors) == 1 and errors[0].field == "amt"
    assert "[auslaenderbehoerde]" in errors[0].message
    assert (
        errors[0].line
        == path.read_text(encoding="utf-8").split("\n").index("amt: ausländerbehörde") + 1
    )


def test_words_are_explained_where_they_are_first_used(tmp_path: Path) -> None:
    """A Wörter-Buch word needs its explanation at its first use (LS-TEXT-ERKLAERT)."""
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / "bleiberecht-junge-menschen.md"
    source = path.read_text(encoding="utf-8")
    assert "erklärungen: am_rand" in source
    project = load_project(root)
    rules = {f.rule for f in check_file(path, project).findings}
    assert "LS-TEXT-ERKLAERT" not in rules  # the boxes stand beside the first use
    path.write_text(source.replace("erklärungen: am_rand", "erklärungen: am_ende"), "utf-8")
    late = [f for f in check_file(path, project).findings if f.rule == "LS-TEXT-ERKLAERT"]
    words = {f.sentence: f.line for f in late}
    lines = source.split("\n")
    assert words["Sie haben eine Duldung."] == lines.index("Sie haben eine Duldung.") + 1
    assert all("erst am Ende" in f.message for f in late)
    # Explained in place, the word needs no box.
    path.write_text(
        source.replace("erklärungen: am_rand", "erklärungen: am_ende").replace(
            "Sie haben eine Duldung.\n",
            "Sie haben eine Duldung.\nDas heißt: Das Amt schiebt Sie für eine Zeit nicht ab.\n",
            1,
        ),
        "utf-8",
    )
    late = [f for f in check_file(path, project).findings if f.rule == "LS-TEXT-ERKLAERT"]
    assert "Sie haben eine Duldung." not in {f.sentence for f in late}


def test_explanation_boxes_stand_beside_the_first_use(sample: Path) -> None:
    text = flyer(sample, "bleiberecht-junge-menschen")
    box = squash("Die Duldung ist keine Erlaubnis zum Bleiben.")
    assert text.index(box) < text.index(squash("Was ist wichtig?"))
    assert squash("Wörter-Buch") not in text  # every word has its box in the text
    assert text.count(box) == 1


def test_a_wording_that_contradicts_the_value_is_refused(tmp_path: Path) -> None:
    """A fact's own wording (``text``, ``leicht``) left behind when ``wert`` changed."""
    root = copy_sample_project(tmp_path / "p")
    facts = root / "fakten.yaml"
    text = facts.read_text(encoding="utf-8")
    lines = text.split("\n")
    start = lines.index("einbuergerung.gebuehr:")
    text = text.replace(
        "einbuergerung.gebuehr:\n  wert: 255\n",
        "einbuergerung.gebuehr:\n  wert: 987\n  text: 255 €\n",
    )
    facts.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_facts(facts)
    [problem] = info.value.problems
    assert problem.line == start + 3 and problem.field == "einbuergerung.gebuehr.text"
    assert problem.message.startswith("„255 €“ nennt nicht den Wert 987 aus „wert“.")
    # Wordings that state the value are fine, dates by day and year.
    for wording in ("987 €", "987 Euro"):
        facts.write_text(text.replace("text: 255 €", f"text: {wording}"), encoding="utf-8")
        assert load_facts(facts)[0]["einbuergerung.gebuehr"].render(easy=False) == wording


def test_glossary_says_a_duldung_is_no_permission_and_states_facts(sample: Path) -> None:
    young = flyer(sample, "bleiberecht-junge-menschen")
    assert squash("Die Duldung ist keine Erlaubnis zum Bleiben.") in young
    assert squash("Aber Sie dürfen für eine Zeit bleiben.") not in young
    assert "[[fakt" not in flyer(sample, "einbuergerung")


@pytest.mark.slow
def test_changing_facts_changes_every_output_that_states_them(
    tmp_path: Path, built_sample: SharedBuild
) -> None:
    # Built before the change: every output that states a changed fact must be made again.
    root = built_sample.copy(tmp_path / "p")
    facts = root / "fakten.yaml"
    text = facts.read_text(encoding="utf-8")
    # What an office does when the fee changes: it edits the fact's value, nothing else.
    text = text.replace(
        "einbuergerung.gebuehr:\n  wert: 255\n", "einbuergerung.gebuehr:\n  wert: 987\n"
    )
    text = text.replace("  wert: 33\n", "  wert: 44\n")
    facts.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 1, 1))
        assert all(r.ok for r in build(load_project(root)))
    outputs = [p for p in (root / "output").rglob("*") if p.suffix in (".pdf", ".txt", ".html")]
    texts = {p: squash(pdf_text(p) if p.suffix == ".pdf" else p.read_text()) for p in outputs}
    assert not [p for p, t in texts.items() if "255€" in t or "255Euro" in t]
    assert any("987Euro" in t for t in texts.values())  # flyer
    assert any("987€" in t for t in texts.values())  # press text, through the block
    assert "EinTestmit44Fragen." in flyer(root, "einbuergerung")  # glossary


# Each route's fee, as a fact, and the flyers that state it (AufenthV §§ 44, 45, 50, 52, 53;
# StAG § 38; EinbTestV § 2).
FEES = {
    "einbuergerung.gebuehr": (255, ("einbuergerung",)),
    "einbuergerung.gebuehr-kind": (51, ("einbuergerung",)),
    "einbuergerung.test-gebuehr": (25, ("einbuergerung",)),
    "niederlassung.gebuehr": (113, ("niederlassungserlaubnis",)),
    "aufenthaltserlaubnis.gebuehr": (
        100,
        ("bleiberecht-junge-menschen", "bleiberecht-gute-integration"),
    ),
}
# Who pays nothing, or may ask for less, in every flyer that states a cost.
NOTHING = {
    "einbuergerung": ("Manchmal ist die Einbürgerung dann sogar kosten·los.",),
    "niederlassungserlaubnis": (
        "Oder Sie haben Schutz als Flüchtling oder subsidiären Schutz?",
        "Oder Sie sind mit dem Resettlement-Programm gekommen?",  # AufenthV § 52 Abs. 3
        "Dann ist die Erlaubnis für Sie kosten·los.",
    ),
    "bleiberecht-junge-menschen": (
        "Bekommen Sie Geld vom Job·center oder vom Sozial·amt?",
        "Dann ist die Erlaubnis für Sie kosten·los.",
    ),
    "bleiberecht-gute-integration": (
        "Sie bekommen Geld vom Job·center oder Sozial·amt?",
        "Dann ist sie kosten·los.",
    ),
}


@pytest.mark.parametrize("name", sorted(NOTHING))
def test_every_flyer_states_its_cost_and_who_pays_nothing(sample: Path, name: str) -> None:
    text = flyer(sample, name)
    for fact, (value, flyers) in FEES.items():
        if name in flyers:
            assert squash(f"{value} Euro") in text, fact
    for statement in NOTHING[name]:
        assert squash(statement) in text, statement


@pytest.mark.slow
def test_changing_a_fee_changes_every_flyer_that_states_it(tmp_path: Path) -> None:
    import re

    root = copy_sample_project(tmp_path / "p")
    facts = root / "fakten.yaml"
    text = facts.read_text(encoding="utf-8")
    new = {fact: value + 7 for fact, (value, _) in FEES.items()}  # 262, 58, 32, 120, 107
    for fact, value in new.items():
        text, count = re.subn(
            rf"^({re.escape(fact)}:\n  wert: )\d+$", rf"\g<1>{value}", text, flags=re.M
        )
        assert count == 1, fact
    facts.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 1, 1))
        results = build(load_project(root), [root / "content" / "flyer"], formats=["pdf"])
    assert all(r.ok for r in results)
    out = root / "output" / "flyer"
    for fact, (old, flyers) in FEES.items():
        for name in flyers:
            for pdf in sorted(out.glob(f"{name}*.pdf")):  # German and its translations
                found = squash(pdf_text(pdf))
                assert re.search(rf"(?<!\d){new[fact]}(?!\d)", found), (fact, pdf.name)
                if old == 25:  # also the least fee on refusal, a fact of its own: it stays
                    continue
                assert not re.search(rf"(?<![\d,.]){old}(?:€|Euro|يورو|євро)", found), (
                    fact,
                    pdf.name,
                )
    assert (out / "einbuergerung.uk.pdf").exists() and (out / "einbuergerung.ar.pdf").exists()
    german = flyer(root, "einbuergerung")
    assert squash("Der Einbürgerungs·test kostet 32 Euro.") in german
    assert squash("Dann kostet das auch Geld: 25 Euro bis 262 Euro.") in german


def test_fact_rule_warns_on_written_values_only() -> None:
    facts = fact_patterns({"g": (255, "Euro"), "d": ("2027-06-30", ""), "s": ("B1", "")})

    def found(text: str) -> bool:
        report = check_body(Path("t.md"), text, 1, facts=facts)
        return any(f.rule == "LS-TEXT-FAKT" for f in report.findings)

    for text in (
        "Die Gebühr ist 255 Euro.",
        "Das kostet 255 €.",
        "Bis zum 30. Juni 2027.",
        "Bis zum 30.06.2027.",
        "Sie brauchen B1.",
    ):
        assert found(text), text
    for text in (
        "Die Gebühr ist [[fakt:g]].",
        "Sie haben 255 Fragen.",
        "Sie haben 2 Kinder.",
        "Bis zum 30. Juni 2028.",
        "Der Raum 2551 Euro.",
    ):
        assert not found(text), text


def test_fact_rule_finds_hard_coded_values_in_a_project_flyer(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / "einbuergerung.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("[[fakt:einbuergerung.gebuehr]]", "255 Euro"),
        encoding="utf-8",
    )
    report = check_file(path, load_project(root), reader_fields=True)
    hits = [f for f in report.findings if f.rule == "LS-TEXT-FAKT"]
    assert len(hits) == 2  # the flyer states the fee twice: costs, and the fee on refusal
    assert all("[[fakt:einbuergerung.gebuehr]]" in hit.suggestion for hit in hits)


@pytest.mark.slow
def test_label_follows_the_review(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / "einbuergerung.md"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kimdocs.base.dates.today", lambda: dt.date(2026, 1, 1))
        [draft] = build(load_project(root), [path])
        text = flyer(root, "einbuergerung")
        assert squash(DRAFT_LABEL) in text[:300] and squash(EASY_LABEL) not in text[:300]
        assert any(DRAFT_LABEL in p.message for p in draft.problems)
        source = path.read_text(encoding="utf-8")
        path.write_text(
            source.replace(
                "hinweis:",
                "prüfung:\n  von: Prüfgruppe Beispiel (fiktiv)\n  am: 2026-10-20\nhinweis:",
                1,
            ),
            encoding="utf-8",
        )
        [checked] = build(load_project(root), [path])
    text = flyer(root, "einbuergerung")
    assert squash(EASY_LABEL) in text[:300] and squash(DRAFT_LABEL) not in text
    assert squash("Prüfgruppe Beispiel (fiktiv), am 20.10.2026") in text
    assert not any(DRAFT_LABEL in p.message for p in checked.problems)


# --- pictures that mean one thing -------------------------------------------------------

PICTURE_CONCEPTS = {
    "pass": "Pass",
    "antrag": "Antrag",
    "amt": "Amt",
    "beratung": "Beratung",
    "test": "Test",
    "schule": "Schule",
    "arbeit": "Arbeit",
    "familie": "Familie",
    "geld": "Geld",
    "kalender": "Kalender",
    "telefon": "Telefon",
    "wahl": "Wahl",
    "haus": "Haus",
}


def test_kimdocs_ships_one_pictogram_per_concept_with_its_licence() -> None:
    from kimdocs.assets import picture_problem
    from kimdocs.kinds.flyer import PICTOGRAMS
    from kimdocs.templating.environment import SHIPPED_DIR

    folder = SHIPPED_DIR / "piktogramme"
    licence = (folder / "LIZENZ.md").read_text(encoding="utf-8")
    assert "selbst gezeichnet" in licence and "derselben Lizenz wie" in licence
    svgs = {}
    for name, title in PICTURE_CONCEPTS.items():
        assert name in PICTOGRAMS, name
        path = folder / f"{name}.svg"
        assert picture_problem(path, folder, path.name) is None, name
        svg = path.read_text(encoding="utf-8")
        assert f"<title>{title}</title>" in svg and f"`{name}.svg`" in licence, name
        svgs[name] = svg.split("</title>", 1)[1]
    assert len(set(svgs.values())) == len(svgs)  # thirteen different drawings


def _picture_warnings(root: Path, name: str) -> list[str]:
    path = root / "content" / "flyer" / f"{name}.md"
    [result] = build(load_project(root), [path], formats=["html"])
    return [p.message for p in result.problems if "verschiedene Dinge" in p.message]


def test_one_picture_for_several_things_warns(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    assert _picture_warnings(root, "bleiberecht-gute-integration") == []  # the sample
    path = root / "content" / "flyer" / "bleiberecht-gute-integration.md"
    source = path.read_text(encoding="utf-8")
    # One building for "what to do" and, in the Wörter-Buch, for the Duldung.
    glossary = root / "glossar.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace(
            "      Aber das Amt schiebt Sie für eine Zeit nicht ab.\n",
            "      Aber das Amt schiebt Sie für eine Zeit nicht ab.\n    bild: piktogramm:amt\n",
        ),
        encoding="utf-8",
    )
    path.write_text(source.replace("piktogramm:haus", "piktogramm:Amt"), "utf-8")
    [warning] = _picture_warnings(root, "bleiberecht-gute-integration")
    assert "„piktogramm:amt“" in warning and "„Wörter-Buch: Duldung“" in warning
    assert "„Ein Haus.“" in warning


def test_one_picture_for_one_thing_twice_does_not_warn(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / "einbuergerung.md"
    source = path.read_text(encoding="utf-8")
    source = source.replace(
        "  - datei: piktogramm:wahl\n    alt: Ein Wahl·zettel.\n",
        "  - datei: piktogramm:pass\n    alt: ein deutscher Pass\n",
    )
    path.write_text(source, encoding="utf-8")
    assert _picture_warnings(root, "einbuergerung") == []
    path.write_text(source.replace("alt: ein deutscher Pass\n", "alt: Ein Ausweis.\n"), "utf-8")
    assert len(_picture_warnings(root, "einbuergerung")) == 1


def test_a_project_brings_its_own_pictures_of_people(tmp_path: Path) -> None:
    root = copy_sample_project(tmp_path / "p")
    people = root / "bilder" / "menschen"
    people.mkdir(parents=True)
    (people / "beraterin.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><title>Beraterin</title>'
        '<circle cx="32" cy="18" r="10" fill="#c55a11"/>'
        '<path d="M12 60c0-16 8-28 20-28s20 12 20 28z" fill="#c55a11"/></svg>',
        encoding="utf-8",
    )
    path = root / "content" / "flyer" / "bleiberecht-gute-integration.md"
    source = path.read_text(encoding="utf-8").replace(
        "  - datei: piktogramm:haus\n    alt: Ein Haus.\n",
        "  - datei: ../../bilder/menschen/beraterin.svg\n    alt: Eine Frau vom Fall·management.\n",
    )
    path.write_text(source, encoding="utf-8")
    [result] = build(load_project(root), [path], formats=["html"])
    assert result.ok, [p.format() for p in result.problems]
    html = (root / "output" / "flyer" / "bleiberecht-gute-integration.html").read_text()
    assert 'alt="Eine Frau vom Fall·management."' in html


# --- the Wörter-Buch itself --------------------------------------------------------------


def test_fact_rule_checks_the_glossary_on_its_lines(tmp_path: Path) -> None:
    from kimdocs.checking.easy_run import check_flyers
    from kimdocs.kinds import load_document

    root = copy_sample_project(tmp_path / "p")
    glossary = root / "glossar.yaml"
    project = load_project(root)
    flyers = [
        load_document(path, project) for path in sorted((root / "content" / "flyer").glob("*.md"))
    ]
    [clean] = [r for r in check_flyers(flyers, project) if r.file == glossary]
    assert not [f for f in clean.findings if f.rule in ("LS-TEXT-FAKT", "LS-TEXT-LEICHTER")]
    text = glossary.read_text(encoding="utf-8")
    text = text.replace(
        "Ein Test mit [[fakt:einbuergerung.test-fragen]].", "Ein Test mit 33 Fragen."
    )
    text = text.replace(
        "      Geld für das Amt.\n",
        "      Geld für das Amt.\n      Das Amt verlangt Vorauszahlungen.\n",
    )
    glossary.write_text(text, encoding="utf-8")
    [report] = [r for r in check_flyers(flyers, project) if r.file == glossary]
    lines = text.split("\n")
    [fact] = [f for f in report.findings if f.rule == "LS-TEXT-FAKT"]
    assert fact.line == lines.index("      Ein Test mit 33 Fragen.") + 1 and fact.col == 20
    assert "[[fakt:einbuergerung.test-fragen]]" in fact.suggestion
    [harder] = [f for f in report.findings if f.rule == "LS-TEXT-LEICHTER"]
    assert "„Gebühr“" in harder.message and "Vorauszahlungen" in harder.message


def test_wissen_lists_the_facts_the_glossary_uses(tmp_path: Path) -> None:
    from kimdocs.knowledge.overview import as_text, report

    root = copy_sample_project(tmp_path / "p")
    lines = (root / "glossar.yaml").read_text(encoding="utf-8").split("\n")
    items = {i.name: i for i in report(load_project(root), dt.date(2026, 3, 16))}
    test_line = lines.index("      Ein Test mit [[fakt:einbuergerung.test-fragen]].") + 1
    assert items["einbuergerung.test-fragen"].users == [f"glossar.yaml:{test_line}"]
    assert "genutzt in glossar.yaml:" in as_text(list(items.values()))


def test_a_district_flyer_names_the_application_offices_of_its_municipalities(
    tmp_path: Path,
) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = root / "content" / "flyer" / "einbuergerung.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("bezirk: alle", "bezirk: suedkreis"), "utf-8"
    )
    [result] = build(load_project(root), [path], formats=["html"])
    assert result.ok, [p.format() for p in result.problems]
    html = (root / "output" / "flyer" / "einbuergerung.html").read_text(encoding="utf-8")
    for town in ("Drensteinfurt", "Ennigerloh", "Oelde", "Sendenhorst", "Wadersloh"):
        assert f"Bürgerbüro der Stadt {town}" in html or f"Gemeinde {town}" in html, town
    assert "Bürgerbüro der Stadt Ahlen" not in html
    assert "Selma Mustermann" in html and "Fiona Fiktiv" not in html
    # The hours name the place, and the address printed with them is that place's. The
    # hours are one unbreakable value (render/keep_values.py).
    hours = '<span class="keep-value">9 bis 12 Uhr</span>'
    oelde = html.split(f"Dienstag: {hours} in Oelde", 1)[1]
    assert oelde.startswith("</span><br>Beispielweg 12, 59302 Oelde<br>")
    ennigerloh = html.split(f"Donnerstag: {hours} in Ennigerloh", 1)[1]
    assert ennigerloh.startswith("</span><br>Beispielweg 5, 59320 Ennigerloh<br>")
