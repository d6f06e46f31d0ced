"""StreamField blocks of the course pages."""

from courses.blocks.lesson import LessonBodyBlock
from courses.blocks.structure import ChangeLogEntryBlock, HalfDayBlock, ObjectiveBlock

__all__ = ["ChangeLogEntryBlock", "HalfDayBlock", "LessonBodyBlock", "ObjectiveBlock"]
