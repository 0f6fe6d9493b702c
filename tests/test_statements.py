"""A translated document states what its German original states.

The Arabic copy of an agreement once told the client that no consent to pass data on
existed, while the German agreement listed the signed release for the Jobcenter and the
MBE: the copy computed the statement from other fields. Now each kind states things once
(``Kind.statements``) and every output reads them; here every translated sample is built
and read back, statement by statement, in the original and in each copy (PDF and DOCX).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kimdocs.base.dates import german_date
from kimdocs.build.run import FAILED, build
from kimdocs.catalog import load_catalog, translations_of
from kimdocs.kinds import load_document
from kimdocs.kinds.agreement import Agreement, AgreementStatements
from kimdocs.project import load_project
from tests.conftest import copy_sample_project
from tests.outputs import docx_text, pdf_text, squash


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample_project(tmp_path_factory.mktemp("statements") / "p")
    project = load_project(root)
    catalog = load_catalog(project)
    translated = [e.path for e in catalog.documents() if translations_of(e.path, project)]
    report = build(project, translated)
    assert not [r for r in report if r.status == FAILED], report
    return root


def _copies(root: Path, kind: str) -> list[tuple[Any, list[Path]]]:
    """Each translated sample of a kind, with the files of its copies."""
    project = load_project(root)
    catalog = load_catalog(project)
    found = []
    for entry in catalog.of_kind(kind):
        languages = translations_of(entry.path, project)
        if not languages:
            continue
        doc = load_document(entry.path, project)
        stem = project.output_dir / doc.output_stem
        files = [
            stem.with_name(f"{stem.name}.{code}{suffix}")
            for code in languages
            for suffix in (".pdf", ".docx")
            if stem.with_name(f"{stem.name}.{code}{suffix}").is_file()
        ]
        found.append((doc, files))
    return found


def _read(path: Path) -> str:
    return squash(pdf_text(path) if path.suffix == ".pdf" else docx_text(path))


def _agreement_statements(stated: AgreementStatements) -> list[tuple[str, str]]:
    """(what, text) pairs every output of the agreement must show."""
    wanted = [("Datum", german_date(stated.date)), ("Überprüfung", german_date(stated.review))]
    for consent in stated.consents:
        wanted += [
            ("Schweigepflichtentbindung erteilt am", german_date(consent.signed_on)),
            ("Schweigepflichtentbindung gültig bis", german_date(consent.valid_until)),
        ]
        wanted += [("Schweigepflichtentbindung für", partner) for partner in consent.partners]
    for goal in stated.goals:
        wanted.append((f"Frist von Ziel {goal.number}", german_date(goal.deadline)))
        wanted += [(f"Schritt {s.number} bis", german_date(s.due)) for s in goal.steps]
    wanted += [("Unterschrift", signer.name) for signer in stated.signers]
    return wanted


def test_every_agreement_copy_states_what_the_original_states(built: Path) -> None:
    project = load_project(built)
    copies = _copies(built, "agreement")
    assert copies, "Das Beispielprojekt hat eine übersetzte Vereinbarung."
    for doc, files in copies:
        stated = Agreement().statements(doc, project)
        assert stated.consents, "Die Beispielvereinbarung nennt eine Schweigepflichtentbindung."
        original = project.output_dir / doc.output_stem
        for path in [original.with_suffix(".pdf"), original.with_suffix(".docx"), *files]:
            text = _read(path)
            missing = [
                f"{what}: {value}"
                for what, value in _agreement_statements(stated)
                if squash(value) not in text
            ]
            assert missing == [], path.name


def test_the_copy_never_says_no_consent_exists_when_the_original_lists_one(
    built: Path,
) -> None:
    """The sentence of the bug: present in no output of an agreement that names a release."""
    from kimdocs.translation import fixed

    sentence = "Eine Einwilligung in die Weitergabe von Daten an Netzwerkpartner liegt nicht vor."
    for _, files in _copies(built, "agreement"):
        for path in files:
            code = path.name.split(".")[-2]
            translated = fixed.shipped(code).get(_key(sentence), sentence)
            assert squash(translated) not in _read(path), path.name


def _key(german: str) -> str:
    from kimdocs.translation.segments import template_key

    return template_key(german)


def test_every_flyer_translation_states_the_originals_facts(built: Path) -> None:
    """Amounts, ages and dates of a flyer come from facts; each translation states each
    fact's value where the German does."""
    from kimdocs.knowledge.store import load_knowledge

    project = load_project(built)
    knowledge = load_knowledge(project)
    copies = _copies(built, "flyer")
    assert copies
    for doc, files in copies:
        german = _read((project.output_dir / doc.output_stem).with_suffix(".pdf"))
        values = [
            str(knowledge.facts[use.name].value)
            for use in doc.uses
            if use.kind == "fakt" and use.name in knowledge.facts
        ]
        values = [v for v in dict.fromkeys(values) if v.isdigit()]
        assert values, doc.source.path.name
        for path in [f for f in files if f.suffix == ".pdf"]:
            text = _read(path)
            for value in values:
                assert value in german
                assert value in text, (path.name, value)
