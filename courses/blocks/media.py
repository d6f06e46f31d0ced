"""Media blocks of a lesson. None of them makes a request to another domain before the learner asks for it."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from courses.blocks.base import ExplainedStructBlock

VIDEO_EXTENSIONS = ("mp4", "webm")
CAPTION_EXTENSIONS = ("vtt",)


def _extension_error(document, extensions: tuple[str, ...], message, code: str) -> ValidationError | None:
    if document is not None and document.file_extension.lower() not in extensions:
        return ValidationError(message, code=code)
    return None


class CaptionedImageBlock(ExplainedStructBlock):
    """An image with its alternative text (RGAA) and its credit (the image's own attribution)."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        max_length=300,
        help_text=_("What the image shows or means, for people who cannot see it."),
    )
    credit = blocks.CharBlock(label=_("credit"), max_length=255, help_text=_("Author and licence of the image."))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=300)

    required_messages = {
        "image": _("Choose an image."),
        "alt_text": _(
            "Describe the image in an alternative text: a page with an image without one cannot be published."
        ),
        "credit": _("Credit the image (author and licence)."),
    }

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image.html"


class VideoBlock(ExplainedStructBlock):
    """A self-hosted video with its captions file (WebVTT) and an optional transcript."""

    title = blocks.CharBlock(label=_("title"), max_length=255)
    video = DocumentChooserBlock(label=_("video file"), help_text=_("MP4 or WebM, uploaded in the documents."))
    captions = DocumentChooserBlock(label=_("captions file"), help_text=_("WebVTT (.vtt) captions in French."))
    transcript = blocks.RichTextBlock(label=_("transcript"), required=False, features=["bold", "italic", "ul"])

    required_messages = {
        "title": _("Give the video a title."),
        "video": _("Choose the video file."),
        "captions": _("Add the captions file (.vtt): a video without captions cannot be published."),
    }

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {
            name: error
            for name, error in (
                (
                    "video",
                    _extension_error(value["video"], VIDEO_EXTENSIONS, _("Use an MP4 or WebM file."), "video_format"),
                ),
                (
                    "captions",
                    _extension_error(
                        value["captions"], CAPTION_EXTENSIONS, _("Use a WebVTT (.vtt) file."), "captions_format"
                    ),
                ),
            )
            if error
        }
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class ExternalVideoBlock(ExplainedStructBlock):
    """A video hosted elsewhere, loaded only after the learner clicks (no request to its domain before)."""

    title = blocks.CharBlock(label=_("title"), max_length=255)
    provider = blocks.CharBlock(label=_("host"), max_length=100, help_text=_("E.g. PeerTube (Canal numérique)."))
    embed_url = blocks.URLBlock(
        label=_("embed address"), help_text=_("The https address of the player, as given by the host's embed code.")
    )
    transcript = blocks.RichTextBlock(label=_("transcript"), required=False, features=["bold", "italic", "ul"])

    required_messages = {
        "title": _("Give the video a title."),
        "provider": _("Name the host of the video: learners are told before loading it."),
        "embed_url": _("Paste the address of the player."),
    }

    class Meta:
        icon = "media"
        label = _("External video (loaded on request)")
        template = "courses/blocks/external_video.html"

    def clean(self, value):
        value = super().clean(value)
        if urlsplit(value["embed_url"]).scheme != "https":
            raise StructBlockValidationError(
                block_errors={"embed_url": ValidationError(_("Use an https address."), code="embed_url_not_https")}
            )
        return value


class DownloadBlock(ExplainedStructBlock):
    """A resource to download (slides, handout, activity sheet)."""

    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("title"), required=False, max_length=255, help_text=_("Default: the document's title.")
    )
    description = blocks.CharBlock(label=_("description"), required=False, max_length=300)

    required_messages = {"document": _("Choose the document to download.")}

    class Meta:
        icon = "download"
        label = _("Downloadable resource")
        template = "courses/blocks/download.html"
