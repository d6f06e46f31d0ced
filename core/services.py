"""Writes on users and roles. Keyword-only, typed, atomic (STYLE.md R1)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.exceptions import ApplicationError
from core.models import User
from core.roles import Role
from core.tokens import invitation_token_generator


class AccountError(ApplicationError):
    pass


def user_assign_role(*, user: User, role: Role) -> None:
    """Idempotent: a user already in the role's group stays as they are."""
    user.groups.add(Group.objects.get(name=role.value))


def user_has_role(*, user: User, role: Role) -> bool:
    return user.is_authenticated and user.groups.filter(name=role.value).exists()


def invitation_url(*, user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_token_generator.make_token(user)
    return settings.SITE_URL + reverse("core:activate", kwargs={"uidb64": uidb64, "token": token})


@transaction.atomic
def user_invite(
    *,
    email: str,
    invited_by: User | None,
    first_name: str = "",
    last_name: str = "",
    role: Role = Role.LEARNER,
) -> User:
    """Create an inactive account and e-mail its activation link once the transaction commits.

    Idempotent for pending invitations: inviting the same address again re-sends the link. An address that
    already belongs to an active account is refused (the person should log in or reset their password).
    """
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and user.is_active:
        raise AccountError(_("An active account already uses this e-mail address."), code="account_exists")
    if user is None:
        user = User.objects.create_user(email, None, first_name=first_name, last_name=last_name, is_active=False)
    user_assign_role(user=user, role=role)
    audit_log(actor=invited_by, action="core.user.invited", target=user, data={"role": role.value})
    from core.tasks import user_invitation_send_task  # tasks import services: import here to avoid the cycle

    transaction.on_commit(lambda: user_invitation_send_task.delay(user.pk))
    return user


def user_invitation_send(*, user: User) -> bool:
    """E-mail the activation link. Returns False (and sends nothing) once the account is active: safe to retry."""
    if user.is_active:
        return False
    context = {"user": user, "url": invitation_url(user=user)}
    send_mail(
        subject=_("Your Café IA Formation account"),
        message=render_to_string("core/emails/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
    return True


@transaction.atomic
def user_activate(*, user: User, password: str, first_name: str = "", last_name: str = "") -> User:
    """Activate an invited account with the password the person chose. The token is checked by the caller."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise AccountError(_("This account is already activated."), code="already_active")
    user.set_password(password)
    user.is_active = True
    if first_name:
        user.first_name = first_name
    if last_name:
        user.last_name = last_name
    user.save()
    audit_log(actor=user, action="core.user.activated", target=user)
    return user
