"""The embedded LRS's storage.

A statement is kept as the exact JSON the LRS returns (``payload``, text: served and forwarded byte for byte) beside
indexed columns for the filters of GET /statements. Agents and activities a statement mentions are in side tables,
so that ``agent``/``related_agents``/``activity``/``related_activities`` are index lookups, not JSON scans.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LrsClient(models.Model):
    """An HTTP Basic credential of the LRS. The secret is a 256-bit random token stored as SHA-256.

    A password hasher would cost ~300 ms per request; a random 256-bit token needs no stretching.
    """

    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(_("key"), max_length=64, unique=True)
    secret_sha256 = models.CharField(_("secret (SHA-256)"), max_length=64, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("LRS client")
        verbose_name_plural = _("LRS clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"


class AuthorityKind(models.TextChoices):
    PLATFORM = "platform", _("platform")
    CLIENT = "client", _("LRS client")
    SESSION = "session", _("learner's browser")


class Statement(models.Model):
    """.. pii: pseudonymous only. Actors are HMACs of the user's public_id; no e-mail or name is stored by the
    platform's own clients. Retention per category (see docs/operations.md)."""

    statement_id = models.UUIDField(unique=True)
    payload = models.TextField()  # the statement as returned by GET (format=exact), JSON
    verb_id = models.CharField(max_length=500)
    actor_key = models.CharField(max_length=500)  # canonical IFI of the actor
    object_key = models.CharField(max_length=500)  # activity id, agent IFI or statement id of the object
    registration = models.UUIDField(null=True, blank=True)
    timestamp = models.DateTimeField()
    stored = models.DateTimeField()
    voided = models.BooleanField(default=False)
    voids = models.UUIDField(null=True, blank=True)  # the statement id a voiding statement targets
    authority_kind = models.CharField(max_length=10, choices=AuthorityKind.choices)
    authority_key = models.CharField(max_length=500)
    has_attachments = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # no (voided, id) index: the unfiltered list walks the primary key backwards (voided rows are rare)
            models.Index(fields=["verb_id", "-id"], name="xapi_stmt_verb_idx"),
            models.Index(
                fields=["registration", "-id"],
                name="xapi_stmt_registration_idx",
                condition=models.Q(registration__isnull=False),
            ),
            models.Index(fields=["stored"], name="xapi_stmt_stored_idx"),
            # almost no statement voids another: a partial index costs ordinary inserts nothing
            models.Index(fields=["voids"], name="xapi_stmt_voids_idx", condition=models.Q(voids__isnull=False)),
            models.Index(fields=["authority_kind", "actor_key"], name="xapi_stmt_authority_actor_idx"),
        ]

    def __str__(self) -> str:
        return str(self.statement_id)


class StatementAgent(models.Model):
    """An agent a statement mentions, once per statement. ``direct``: the actor or the object (the ``agent``
    filter); otherwise only the authority, instructor, team, context agents or inside a SubStatement.

    ``related_agents`` reads every row of the agent (direct ones included); ``agent`` reads the direct ones through
    a partial index. The primary key (agent, statement) is that first index: no surrogate id, no second copy of
    direct rows (docs/decisions/0008-lrs-side-tables.md).
    """

    pk = models.CompositePrimaryKey("agent_key", "statement")
    agent_key = models.CharField(max_length=500)
    # no database constraint: written in the statement's transaction by the one write path, and deleted with it by
    # Django's cascade; the constraint's check was a fifth of the database's work per statement (decision 0008)
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    direct = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(fields=["agent_key", "-statement"], name="xapi_sagent_direct_idx",
                         condition=models.Q(direct=True)),
        ]  # fmt: skip

    def __str__(self) -> str:
        return str(self.agent_key)


class StatementActivity(models.Model):
    """An activity a statement mentions, once per statement. ``direct``: the object (the ``activity`` filter);
    otherwise only in context activities or inside a SubStatement. Read like ``StatementAgent``."""

    pk = models.CompositePrimaryKey("activity_id", "statement")
    activity_id = models.CharField(max_length=500)
    # no database constraint: written in the statement's transaction by the one write path, and deleted with it by
    # Django's cascade; the constraint's check was a fifth of the database's work per statement (decision 0008)
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    direct = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(fields=["activity_id", "-statement"], name="xapi_sactivity_direct_idx",
                         condition=models.Q(direct=True)),
        ]  # fmt: skip

    def __str__(self) -> str:
        return str(self.activity_id)


class AttachmentContent(models.Model):
    """Raw attachment data, deduplicated by its SHA-2."""

    sha2 = models.CharField(max_length=128, primary_key=True)
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()

    def __str__(self) -> str:
        return str(self.sha2)


class Activity(models.Model):
    """The canonical definition the LRS has learned for an activity id (GET /xapi/activities)."""

    activity_id = models.CharField(max_length=500, unique=True)
    definition = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.activity_id


class DocumentKind(models.TextChoices):
    STATE = "state", "activities/state"
    ACTIVITY_PROFILE = "activity_profile", "activities/profile"
    AGENT_PROFILE = "agent_profile", "agents/profile"


class Document(models.Model):
    """A document of the state, activity profile or agent profile resources. Unused parts of the key are ''.

    .. pii: agent_key (pseudonymous actor) and the content (e.g. H5P resume state). Exported by lrs_export_actor,
       purged with the other learning records by lrs_purge.
    """

    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    activity_id = models.CharField(max_length=500, blank=True, default="")
    agent_key = models.CharField(max_length=500, blank=True, default="")
    registration = models.CharField(max_length=36, blank=True, default="")
    document_id = models.CharField(max_length=500)
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=64)
    updated = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "activity_id", "agent_key", "registration", "document_id"], name="xapi_document_unique"
            ),
        ]
        indexes = [models.Index(fields=["kind", "activity_id", "agent_key", "updated"], name="xapi_document_list_idx")]

    def __str__(self) -> str:
        return str(self.document_id)


class OutboxState(models.TextChoices):
    PENDING = "pending", _("pending")
    SENT = "sent", _("sent")
    DEAD = "dead", _("dead letter")


class OutboxEntry(models.Model):
    """A statement to forward to the external LRS, written in the statement's own transaction."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    destination = models.CharField(max_length=500)
    state = models.CharField(max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING)
    due_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("forwarding entry")
        verbose_name_plural = _("forwarding outbox")
        indexes = [models.Index(fields=["state", "due_at", "id"], name="xapi_outbox_due_idx")]

    def __str__(self) -> str:
        return str(self.statement_id)


class ForwardDestination(models.Model):
    """The forwarder's state for one external LRS: backoff after transient failures, pause after 401/403.

    Rows are created by the forwarder itself; the outbox rows name their destination by the same endpoint string.
    """

    endpoint = models.CharField(_("endpoint"), max_length=500, unique=True)
    failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    retry_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    paused_credentials = models.CharField(max_length=64, blank=True)  # SHA-256 of the refused credentials
    last_error = models.TextField(_("last error"), blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)

    class Meta:
        verbose_name = _("forwarding destination")
        verbose_name_plural = _("forwarding destinations")

    def __str__(self) -> str:
        return self.endpoint
