"""The Spanish catalogue is complete and its compiled file is current, so a
fresh clone speaks Spanish without GNU gettext installed."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "es_MX" / "LC_MESSAGES"


def test_every_message_has_a_spanish_translation():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert len(catalogue.translated_entries()) > 100


def test_the_compiled_catalogue_matches_the_source():
    source = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.pofile(str(LOCALE / "django.po"))}
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(LOCALE / "django.mo"))}
    assert {k: v for k, v in source.items() if k[1]} == {k: v for k, v in compiled.items() if k[1]}
