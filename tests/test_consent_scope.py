"""Consent is a signed act with a scope (#29): every forgery an outside test tried is
refused by ``check``, naming why, and press releases name no one the project knows
without that person's consent."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import copy_sample_project
from tests.test_consent import BEFORE, JOBCENTER, MBE, NORDKREIS, error_lines, signed_form

SUEDKREIS_MINUTES = Path(
    "content/protokolle/suedkreis/KIM-SK-2026-0031-fallkonferenz-2026-03-18.md"
)


@pytest.fixture
def nordkreis(tmp_path: Path) -> Path:
    """The sample with the Nordkreis agreement listing no consent, and no form."""
    root = copy_sample_project(tmp_path / "p")
    shutil.rmtree(root / "content" / "einwilligungen" / "nordkreis")
    shutil.copy(BEFORE, root / NORDKREIS)
    return root


def _refused(root: Path, cli: Callable[..., Result], *paths: Path) -> list[str]:
    result = cli(root, "check", *(str(p) for p in paths))
    assert result.exit_code == 1, result.output
    return error_lines(result)


def test_a_fresh_scaffold_is_not_signed_and_counts_for_nothing(
    nordkreis: Path, cli: Callable[..., Result]
) -> None:
    created = cli(nordkreis, "new", "einwilligung", "KIM-NK-2026-0112-einwilligung-2026-03-04")
    assert created.exit_code == 0, created.output
    [form] = (nordkreis / "content" / "einwilligungen").glob("*.md")
    text = form.read_text(encoding="utf-8")
    # Filled from the case: the client and both partners, so it prints and can be signed.
    assert "Rania D'Souza-Haddad" in text and JOBCENTER in text and MBE in text
    checked = cli(nordkreis, "check", str(form))
    assert checked.exit_code == 0, checked.output
    assert "Noch nicht unterschrieben" in checked.output
    lines = _refused(nordkreis, cli, nordkreis / NORDKREIS)
    assert len([ln for ln in lines if "netzwerk[" in ln]) == 2
    assert all("nicht als unterschrieben vermerkt" in ln for ln in lines if "netzwerk[" in ln)
    # Once the person signed and it says so, the agreement may rely on it.
    form.write_text(
        text.replace(
            "  # unterschrieben_am: JJJJ-MM-TT", "  unterschrieben_am: 2026-03-04\n  #"
        ).replace("datum: 2026-03-16", "datum: 2026-03-04"),
        encoding="utf-8",
    )
    assert cli(nordkreis, "check", str(nordkreis / NORDKREIS)).exit_code == 0


def test_a_form_naming_another_person_is_refused(
    nordkreis: Path, cli: Callable[..., Result]
) -> None:
    form = signed_form(nordkreis, JOBCENTER, MBE, name="Erika Andere (fiktiv)")
    [own] = _refused(nordkreis, cli, form)
    assert "Das Formular nennt „Erika Andere (fiktiv)“" in own and "Feld „klient.name“" in own
    lines = _refused(nordkreis, cli, nordkreis / NORDKREIS)
    assert all("hat aber selbst Fehler" in ln for ln in lines if "netzwerk[" in ln)


def test_a_form_that_fails_its_own_check_counts_for_nothing(
    nordkreis: Path, cli: Callable[..., Result]
) -> None:
    form = signed_form(nordkreis, JOBCENTER, MBE)
    form.write_text(
        form.read_text(encoding="utf-8").replace("bezirk: nordkreis", "bezirk: nirgendwo"),
        encoding="utf-8",
    )
    assert any("Unbekannter Bezirk" in ln for ln in _refused(nordkreis, cli, form))
    lines = _refused(nordkreis, cli, nordkreis / NORDKREIS)
    assert len([ln for ln in lines if "netzwerk[" in ln]) == 2


@pytest.mark.parametrize(
    ("giver", "message"),
    [
        ("Nora Nordbeispiel", "arbeitet in dem Fall mit"),  # the case manager
        ("İlayda Ağaoğlu-Şahin", "arbeitet in dem Fall mit"),  # the Jobcenter's contact
        ("Tante Beispiel (fiktiv)", "das geht nur als gesetzliche Vertretung"),
    ],
)
def test_a_form_given_by_staff_or_a_stranger_is_refused(
    nordkreis: Path, cli: Callable[..., Result], giver: str, message: str
) -> None:
    form = signed_form(nordkreis, JOBCENTER, MBE, extra=f'  erteilt_von: "{giver}"')
    assert any(message in ln for ln in _refused(nordkreis, cli, form))
    assert _refused(nordkreis, cli, nordkreis / NORDKREIS)


def test_a_legal_representative_may_consent(nordkreis: Path, cli: Callable[..., Result]) -> None:
    extra = '  erteilt_von: "Mona Mutterbeispiel (fiktiv)"\n  vertretung: rechtliche Betreuung'
    form = signed_form(nordkreis, JOBCENTER, MBE, extra=extra)
    result = cli(nordkreis, "check", str(form), str(nordkreis / NORDKREIS))
    assert result.exit_code == 0, result.output


def test_a_form_for_conferences_does_not_cover_the_agreement(
    nordkreis: Path, cli: Callable[..., Result]
) -> None:
    signed_form(nordkreis, JOBCENTER, MBE, uses="[fallkonferenz]")
    lines = _refused(nordkreis, cli, nordkreis / NORDKREIS)
    assert all("nicht für die Integrationsvereinbarung" in ln for ln in lines if "netzwerk[" in ln)


@pytest.mark.parametrize("how_many", [1, 6])
def test_a_relabelled_participant_still_needs_the_release(
    tmp_path: Path, cli: Callable[..., Result], how_many: int
) -> None:
    root = copy_sample_project(tmp_path / "p")
    minutes = root / SUEDKREIS_MINUTES
    text = minutes.read_text(encoding="utf-8")
    start, end = text.index("schweigepflichtentbindung:"), text.index("anlass:")
    organisations = [
        ln.strip()[2:] for ln in text[start:end].splitlines() if ln.startswith("    - ")
    ]
    for organisation in organisations[:how_many]:
        text = text.replace(f"    - {organisation}\n", "", 1)
    domains = ["Ausländerbehörde", "Jobcenter", "Jugendamt", "Schule", "Beratungsstelle"]
    domains += ["Dolmetschung"]
    for domain in domains[:how_many]:
        text = text.replace(f"rechtskreis: {domain}\n", "rechtskreis: Fallmanagement\n", 1)
    if how_many == 6:  # no organisation left to release: the release goes as a whole
        start, end = text.index("schweigepflichtentbindung:"), text.index("anlass:")
        text = text[:start] + text[end:]
    minutes.write_text(text, encoding="utf-8")
    lines = _refused(root, cli, minutes)
    assert any("teilnehmende[" in ln or "braucht eine Schweige" in ln for ln in lines), lines
    result = cli(root, "build", str(minutes))
    assert result.exit_code == 1


# --- press ------------------------------------------------------------------------------

PRESS = Path("content/presse/2026-09-ausbildung.md")


def _press(root: Path, old: str, new: str) -> Path:
    path = root / PRESS
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        # A client of an agreement of the project, with birth year, status and street.
        (
            "Samir kam vor vier Jahren in den Kreis.",
            "Auch Milan Beispielović (Jahrgang 1990, Duldung) aus der Lindenstraße kam.",
            "Die Mitteilung nennt „Milan Beispielović“",
        ),
        # The genitive of a listed person who consented to the first name only.
        (
            "Samir kam vor vier Jahren in den Kreis.",
            "Erfundens Weg begann vor vier Jahren.",
            "Samir Erfunden (fiktiv): Die Mitteilung zeigt den vollständigen Namen",
        ),
        # A name with a zero-width joiner inside.
        (
            "Samir kam vor vier Jahren in den Kreis.",
            "Auch Oksana Platzhalte\u200drenko kam vor vier Jahren.",
            "Die Mitteilung nennt „Oksana Platzhalterenko“",
        ),
        # A relative known from the case, in the genitive and written without accents.
        (
            "Samir kam vor vier Jahren in den Kreis.",
            "Agaoglu-Sahins Team half.",
            "Die Mitteilung nennt „Agaoglu-Sahins“",
        ),
    ],
)
def test_a_press_release_names_no_known_person_without_consent(
    tmp_path: Path, cli: Callable[..., Result], old: str, new: str, said: str
) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = _press(root, old, new)
    lines = _refused(root, cli, path)
    assert any(said in ln for ln in lines), lines
    assert cli(root, "build", str(path)).exit_code == 1


@pytest.mark.parametrize(
    "status",
    [
        "Samir hat eine Ausbildungsduldung.",
        "Samir hofft auf ein Bleiberecht nach § 25b.",
        "Samir hat subsidiären Schutz.",
        "Samir wartet auf seine Fiktionsbescheinigung.",
    ],
)
def test_residence_status_words_need_the_persons_consent(
    tmp_path: Path, cli: Callable[..., Result], status: str
) -> None:
    root = copy_sample_project(tmp_path / "p")
    path = _press(root, "Samir kam vor vier Jahren in den Kreis.", status)
    lines = _refused(root, cli, path)
    assert any("Angaben zum Aufenthaltsstatus" in ln for ln in lines), lines


def test_the_sample_press_releases_pass(tmp_path: Path, cli: Callable[..., Result]) -> None:
    root = copy_sample_project(tmp_path / "p")
    result = cli(root, "check", "content/presse")
    assert result.exit_code == 0, result.output


def test_a_control_character_in_the_clients_name_is_no_other_person(
    basic: Path, cli: Callable[..., Result]
) -> None:
    """A YAML escape ("\\e") puts a control character into both names: the fields drop it,
    and the case's people, read from the front matter as written, drop it alike."""
    client = """name: Amal O'Hara & أمل <Test> "Probe" (fiktiv)"""
    for source in (
        basic / "content" / "vereinbarungen" / "T-0001-sonderzeichen.md",
        basic / "content" / "einwilligungen" / "T-0001-einwilligung-2026-03-02.md",
    ):
        text = source.read_text(encoding="utf-8")
        assert client in text
        source.write_text(text.replace(client, 'name: "Amal\\e O\'Hara (fiktiv)"'), "utf-8")
    checked = cli(basic, "check")
    assert checked.exit_code == 0, checked.output
    assert "Das Formular nennt" not in checked.output
