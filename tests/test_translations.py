"""The interface is Ukrainian: every message has a translation, and the compiled
catalogue the app loads is the one the .po file says."""

import os
import shutil
import subprocess
import sys
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


# --- every string the source marks for translation is in the catalogue --------------

ROOT = CATALOGUE.parents[2]
SOURCE_SUFFIXES = (".py", ".html", ".txt")
# What `make messages` skips (its --ignore flags, and makemessages' own dot-folders),
# and folders of files that are not source: uploads and caches.
NOT_SOURCE = {"staticfiles", "media", "backups", "artifacts", "htmlcov", "__pycache__"}


def _not_source(folder: str, names: list[str]) -> set[str]:
    return {
        name
        for name in names
        if name.startswith(".")
        or name in NOT_SOURCE
        or (Path(folder, name).is_file() and not name.endswith(SOURCE_SUFFIXES))
    }


def _extracted_messages(copy: Path) -> polib.POFile:
    """Run the Makefile's `messages` makemessages call on a copy of the source and
    return the template it extracted (--keep-pot), before any merge."""
    shutil.copytree(ROOT, copy, ignore=_not_source)
    (copy / "locale").mkdir(exist_ok=True)
    command = [sys.executable, "manage.py", "makemessages", "--locale", "uk", "--no-obsolete"]
    command += ["--ignore", ".venv/*", "--ignore", "staticfiles/*", "--keep-pot"]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    done = subprocess.run(command, cwd=copy, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return polib.pofile(str(copy / "locale" / "django.pot"))


def test_every_translatable_string_in_the_source_is_in_the_catalogue(tmp_path):
    """Someone forgot `make messages`: the source marks a string (gettext, {% translate %},
    {% blocktranslate %}) that django.po does not have, and the page shows it in English."""
    catalogue = polib.pofile(str(CATALOGUE / "django.po"))
    known = {(entry.msgctxt, entry.msgid) for entry in catalogue if not entry.obsolete}

    extracted = _extracted_messages(tmp_path / "source")
    missing = [
        f"{entry.msgid!r} ({', '.join(f'{path}:{line}' for path, line in entry.occurrences[:2])})"
        for entry in extracted
        if entry.msgid and (entry.msgctxt, entry.msgid) not in known
    ]

    assert len(extracted) > 1000, "makemessages extracted (almost) nothing: check the copy"
    assert not missing, (
        f"{len(missing)} string(s) are not in locale/uk/LC_MESSAGES/django.po: append them "
        "with their translations (or run `make messages`):\n" + "\n".join(missing[:40])
    )
