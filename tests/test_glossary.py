"""The Ukrainian catalogue keeps to docs/GLOSSARY.md: no msgstr uses a word its "Avoid"
column lists (Russian words, calques, «Завантажити» for an upload …)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "GLOSSARY.md"
CATALOGUE = ROOT / "locale" / "uk" / "LC_MESSAGES" / "django.po"

HEADER = ("Українською", "English", "Where, what it means", "Avoid")
# «слово» or «слов…», optionally followed by: for “english term”.
AVOIDED = re.compile(r"«(?P<words>[^»]+)»(?:\s+for\s+“(?P<term>[^”]+)”)?")
LETTER = r"[\w'’ʼ]"
SPACES = r"\s+"


@dataclass(frozen=True)
class Row:
    uk: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    written: str
    pattern: re.Pattern[str]
    term: str | None
    # English terms of rows whose own Ukrainian uses the avoided word.
    exempt: tuple[str, ...] = ()

    def breaks(self, msgid: str, msgstr: str) -> bool:
        if not self.pattern.search(msgstr):
            return False
        if any(_names(msgid, term) for term in self.exempt):
            return False
        return self.term is None or _names(msgid, self.term)


def _names(english: str, term: str) -> bool:
    suffix = r"(?:s|es|d|ed|ing|'s|’s)?"
    return re.search(rf"\b{re.escape(term)}{suffix}\b", english, re.IGNORECASE) is not None


def _word_pattern(words: str) -> re.Pattern[str]:
    parts = []
    for word in words.split():
        stem = word.removesuffix("…")
        parts.append(re.escape(stem) + (rf"{LETTER}*" if word.endswith("…") else ""))
    return re.compile(rf"(?<!{LETTER}){SPACES.join(parts)}(?!{LETTER})", re.IGNORECASE)


def _cells(line: str) -> list[str]:
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]


def _table_rows(text: str) -> list[list[str]]:
    """The rows of every table whose header is HEADER, separator lines left out."""
    rows: list[list[str]] = []
    in_table = False
    for line in text.splitlines():
        if not line.lstrip().startswith("|"):
            in_table = False
            continue
        cells = _cells(line)
        if tuple(cells) == HEADER:
            in_table = True
        elif in_table and not set("".join(cells)) <= set("-: "):
            rows.append(cells)
    return rows


def glossary_rules(text: str) -> list[Rule]:
    table = _table_rows(text)
    rows = [
        Row(uk, tuple(t.strip() for t in re.split(r"[,;/]", en) if t.strip()))
        for uk, en, *_ in table
    ]
    rules = []
    for *_, avoid in table:
        for found in AVOIDED.finditer(avoid):
            pattern = _word_pattern(found["words"])
            exempt = tuple(term for row in rows if pattern.search(row.uk) for term in row.terms)
            rules.append(Rule(found.group(0), pattern, found["term"], exempt))
    return rules


def violations(rules: list[Rule], messages: list[tuple[str, str]]) -> list[str]:
    return [
        f"{rule.written}: {msgid!r} → {msgstr!r}"
        for msgid, msgstr in messages
        for rule in rules
        if rule.breaks(msgid, msgstr)
    ]


def catalogue_messages() -> list[tuple[str, str]]:
    messages = []
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        english = " ".join(filter(None, (entry.msgctxt, entry.msgid, entry.msgid_plural)))
        for translated in [entry.msgstr, *entry.msgstr_plural.values()]:
            if translated:
                messages.append((english, translated))
    return messages


@pytest.fixture(scope="module")
def rules() -> list[Rule]:
    return glossary_rules(GLOSSARY.read_text(encoding="utf-8"))


def test_no_translation_uses_a_word_the_glossary_avoids(rules):
    found = violations(rules, catalogue_messages())

    assert not found, "docs/GLOSSARY.md avoids these words:\n" + "\n".join(found[:40])


def test_the_glossary_has_its_rules(rules):
    written = {rule.written for rule in rules}

    assert len(rules) >= 25
    assert "«завантаж…» for “upload”" in written
    assert "«ссилк…»" in written


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Upload", "Завантажити"),
        ("Upload the signed act", "Завантажте підписаний акт"),
        ("Open the link", "Відкрийте ссилку"),
        ("Contract № %(number)s", "Угода № %(number)s"),
        ("Next step", "Слідуючий крок"),
        ("Shown during the month", "Показано на протязі місяця"),
        ("Response due", "Дедлайн відповіді"),
    ],
)
def test_an_avoided_word_is_caught(rules, msgid, msgstr):
    assert violations(rules, [(msgid, msgstr)])


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Download", "Завантажити"),
        ("Supplementary agreement to contract № %(number)s", "Додаткова угода до договору"),
        ("Expiry warning", "Попередження про закінчення терміну дії"),
        ("Link", "Посилання"),
        ("Cancel the contract", "Скасувати договір"),
    ],
)
def test_the_right_word_passes(rules, msgid, msgstr):
    assert not violations(rules, [(msgid, msgstr)])
