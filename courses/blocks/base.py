"""What the course blocks share: clear messages for required parts, checked only when a page is published."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError


class ExplainedStructBlock(blocks.StructBlock):
    """A StructBlock whose missing required children get a message saying what to do, not "This field is required".

    Wagtail defers required checks while an editor saves a draft; they apply on publication (and to
    ``full_clean`` of a live page), so a draft may be incomplete but the published page never is.
    ``required_messages`` maps a child block's name to its message; the error code is ``<name>_required``.
    """

    required_messages: dict = {}

    def clean(self, value):
        try:
            return super().clean(value)
        except StructBlockValidationError as error:
            block_errors = dict(error.block_errors)
            for name, message in self.required_messages.items():
                if name in block_errors and not value.get(name):
                    block_errors[name] = ValidationError(message, code=f"{name}_required")
            raise StructBlockValidationError(
                block_errors=block_errors, non_block_errors=error.non_block_errors
            ) from None


def block_error_leaves(error: ValidationError) -> list[ValidationError]:
    """The plain errors inside a (nested) StreamField block error, for ``full_clean`` messages and tests' codes."""
    nested = getattr(error, "block_errors", None)
    if nested is None:
        return [error]
    leaves = list(error.non_block_errors.as_data())
    for child in nested.values():
        if child is not None:
            leaves.extend(block_error_leaves(child))
    return leaves
