from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index


class CafeIABasePage(Page):
    """The one abstract base of every page type of the project (sites-faciles)."""

    summary = models.TextField(_("summary"), blank=True, help_text=_("Shown in listings and search results."))

    search_fields = [*Page.search_fields, index.SearchField("summary")]
    content_panels = [*Page.content_panels, FieldPanel("summary")]

    class Meta:
        abstract = True


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False)
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "pick"
        label = _("Callout")
        template = "cms/blocks/callout.html"


class HomeBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("heading"), form_classname="title", template="cms/blocks/heading.html")
    paragraph = blocks.RichTextBlock(label=_("paragraph"), features=["bold", "italic", "link", "ul", "ol"])
    callout = CalloutBlock()


class HomePage(CafeIABasePage):
    """The site's root page: presents the training."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(HomeBodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    search_fields = [*CafeIABasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [*CafeIABasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("home page")


from cms.models_legal import AccessibilityPage, LegalPage  # noqa: E402,F401
from cms.snippets import Licence, Partner  # noqa: E402,F401
