"""Snippets shared by the content: the licences the commons are published under and the partner organisations.

Both are referenced by ``courses.ModulePage`` (licence, partners) and shown in every attribution line (TASL).
They carry no personal data: a partner is an organisation, never a person.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

# The commons are CC BY-SA 4.0 unless an editor chooses otherwise (migration 0003 creates this licence).
DEFAULT_LICENCE = {
    "short_name": "CC BY-SA 4.0",
    "name": "Creative Commons Attribution - Partage dans les mêmes conditions 4.0 International",
    "url": "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
}


class Licence(index.Indexed, models.Model):
    """A content licence, shown with its link in attribution lines."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(
        _("short name"), max_length=50, unique=True, help_text=_("As shown in attribution lines, e.g. CC BY-SA 4.0.")
    )
    url = models.URLField(_("URL"), help_text=_("The licence's legal text or summary (deed)."))

    panels = [FieldPanel("short_name"), FieldPanel("name"), FieldPanel("url")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("short_name")]

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")

    def __str__(self) -> str:
        return self.short_name


class Partner(index.Indexed, models.Model):
    """A partner organisation that co-authors modules (Inria, LaborIA, France Num…).

    The partner workflow (one Wagtail group per partner, its collection, page permissions on its modules) keys on
    ``slug``, which therefore never changes once the partner exists.
    """

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, help_text=_("A stable identifier; do not change it afterwards.")
    )
    url = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
    )
    # The partner's workspace, created by ``cms.partners.partner_workspace_ensure`` (never edited by hand).
    group = models.OneToOneField(
        "auth.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="partner",
        verbose_name=_("authors' group"),
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("media collection"),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("url"), FieldPanel("logo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name


def licence_default_pk() -> int | None:
    """Default of every ``licence`` foreign key: CC BY-SA 4.0, looked up by its short name (None if absent)."""
    return Licence.objects.filter(short_name=DEFAULT_LICENCE["short_name"]).values_list("pk", flat=True).first()


# Writes on the snippets. They live here rather than in cms/services.py while that module has other owners;
# move them there with the partner services of the co-authoring workflow.
@transaction.atomic
def licence_default_ensure() -> tuple[Licence, bool]:
    """CC BY-SA 4.0 exists (migration 0003 creates it; a flush removes it). Idempotent."""
    return Licence.objects.get_or_create(
        short_name=DEFAULT_LICENCE["short_name"],
        defaults={"name": DEFAULT_LICENCE["name"], "url": DEFAULT_LICENCE["url"]},
    )


@transaction.atomic
def partner_ensure(*, slug: str, name: str, url: str = "") -> tuple[Partner, bool]:
    """The partner ``slug`` exists; an existing partner is left as editors made it. Idempotent."""
    return Partner.objects.get_or_create(slug=slug, defaults={"name": name, "url": url})
