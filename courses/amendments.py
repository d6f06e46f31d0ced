"""Which lesson blocks take amendment proposals, how their text is read and how a proposed text is applied.

A proposal is plain text (the proposer does not write HTML): for rich-text fields it becomes escaped paragraphs
(one per blank-line-separated part), so nothing a proposer types can inject markup. Authors refine the draft in the
editor before submitting it to review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape, strip_tags
from django.utils.text import normalize_newlines
from wagtail.rich_text import RichText


@dataclass(frozen=True)
class AmendableField:
    name: str | None  # the StructBlock child holding the text; None when the block value is the text itself
    rich: bool


AMENDABLE_BLOCKS: dict[str, AmendableField] = {
    "text": AmendableField(name=None, rich=True),
    "callout": AmendableField(name="text", rich=True),
    "glossary_term": AmendableField(name="definition", rich=False),
    "discussion_prompt": AmendableField(name="question", rich=False),
}


def rich_text_to_plain(html: str) -> str:
    """Paragraphs and list items on their own lines, tags removed (what the proposer starts editing from)."""
    html = re.sub(r"</(p|h[1-6]|li|blockquote)>", "\n\n", html)
    html = re.sub(r"<br\s*/?>", "\n", html)
    text = strip_tags(html).replace("&nbsp;", " ")
    from html import unescape

    return re.sub(r"\n{3,}", "\n\n", unescape(text)).strip()


def plain_to_rich_text(text: str) -> RichText:
    parts = [part.strip() for part in re.split(r"\n\s*\n", normalize_newlines(text)) if part.strip()]
    return RichText("".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in parts))


def _raw(value, field: AmendableField):
    inner = value if field.name is None else value.get(field.name)
    return inner.source if isinstance(inner, RichText) else (inner or "")


def block_text(block) -> str | None:
    """The plain text a proposal replaces in `block` (a StreamChild), or None when the block takes no proposal."""
    field = AMENDABLE_BLOCKS.get(block.block_type)
    if field is None:
        return None
    raw = _raw(block.value, field)
    return rich_text_to_plain(raw) if field.rich else raw


def block_source(block) -> str:
    """The block's stored text (HTML for rich text): what a conflict check compares between revisions."""
    return _raw(block.value, AMENDABLE_BLOCKS[block.block_type])


def block_apply(block, text: str) -> None:
    """Replace the amendable text of `block` (in place) with the proposed plain `text`."""
    field = AMENDABLE_BLOCKS[block.block_type]
    new = plain_to_rich_text(text) if field.rich else text.strip()
    if field.name is None:
        block.value = new
    else:
        block.value[field.name] = new


def find_block(stream, block_id: str):
    return next((block for block in stream if block.id == block_id), None)
