"""Builders of StreamField data for the demo lessons (raw block values, as stored)."""

from __future__ import annotations


def text(html: str) -> dict:
    return {"type": "text", "value": html}


def callout(kind: str, title: str, html: str) -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": html}}


def glossary(term: str, definition: str) -> dict:
    return {"type": "glossary_term", "value": {"term": term, "definition": definition}}


def discuss(question: str, guidance: str = "") -> dict:
    return {"type": "discussion_prompt", "value": {"question": question, "guidance": guidance}}
