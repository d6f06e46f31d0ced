"""The body of a lesson.

Block types are added, never renamed: stored revisions, comments and amendment proposals refer to them (and to
each block's id). The H5P activity block and the quiz block (``SnippetChooserBlock("assessments.Quiz")``, a string
reference so that courses never imports assessments) join this StreamBlock with the assessments work.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from courses.blocks.h5p import H5PActivityBlock
from courses.blocks.media import CaptionedImageBlock, DownloadBlock, ExternalVideoBlock, VideoBlock
from courses.blocks.quiz import QuizBlock
from courses.blocks.text import LESSON_RICH_TEXT_FEATURES, CalloutBlock, DiscussionPromptBlock, GlossaryTermBlock


class LessonBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"), features=LESSON_RICH_TEXT_FEATURES, template="courses/blocks/text.html"
    )
    image = CaptionedImageBlock()
    video = VideoBlock()
    external_video = ExternalVideoBlock()
    callout = CalloutBlock()
    glossary_term = GlossaryTermBlock()
    discussion_prompt = DiscussionPromptBlock()
    download = DownloadBlock()
    quiz = QuizBlock()
    h5p_activity = H5PActivityBlock()
