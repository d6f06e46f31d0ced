"""The French catalogue is complete and compiled: every msgid translated, nothing fuzzy, the .mo up to date."""

import ast
import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale/fr/LC_MESSAGES"


def _entries() -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy); a msgid with a context is returned as ``context\x04msgid`` (gettext's own key)."""
    entries = []
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        if "msgid_plural" in block:
            continue  # plural forms are checked through the .mo below
        match = re.search(r'^msgid ((?:".*"\n?)+)^msgstr ((?:".*"\n?)+)', block, flags=re.M)
        if not match:
            continue
        msgid = "".join(ast.literal_eval(part) for part in re.findall(r'".*"', match.group(1)))
        if context := re.search(r'^msgctxt ((?:".*"\n?)+)', block, flags=re.M):
            msgid = "".join(ast.literal_eval(part) for part in re.findall(r'".*"', context.group(1))) + "\x04" + msgid
        msgstr = "".join(ast.literal_eval(part) for part in re.findall(r'".*"', match.group(2)))
        entries.append((msgid, msgstr, "#, fuzzy" in block))
    return entries


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = [e for e in _entries() if e[0]]
    assert len(entries) > 100
    assert [msgid for msgid, msgstr, _fuzzy in entries if not msgstr] == []
    assert [msgid for msgid, _msgstr, fuzzy in entries if fuzzy] == []


def test_the_compiled_catalogue_matches_the_sources():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr, _fuzzy in _entries():
        if msgid:
            assert compiled.gettext(msgid) == msgstr, msgid
