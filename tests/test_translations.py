"""The interface is Ukrainian: every message has a translation, and the compiled
catalogue the app loads is the one the .po file says."""

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "uk" / "LC_MESSAGES"


def test_every_message_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(CATALOGUE / "django.po"))

    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]

    assert not untranslated, f"untranslated: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:20]}"


def test_compiled_catalogue_matches_the_po_file():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))

    compiled = {(entry.msgctxt, entry.msgid): entry for entry in mo}
    stale = [
        entry.msgid
        for entry in po.translated_entries()
        if (entry.msgctxt, entry.msgid) not in compiled
        or (
            compiled[(entry.msgctxt, entry.msgid)].msgstr != entry.msgstr and not entry.msgid_plural
        )
    ]

    assert not stale, f"run `make messages`: django.mo is older than django.po for {stale[:10]}"
