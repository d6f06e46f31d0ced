"""Cells exported to CSV/XLSX: text a spreadsheet would run as a formula is written as text (CSV injection).

Names and e-mails are typed by people ("=HYPERLINK(…)"): any exported string starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return gets a leading apostrophe. Non-string values (numbers, dates) are returned unchanged.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
