"""Who may administer the LRS. National-level rights only: there is no per-object LRS permission."""

from __future__ import annotations

from core.models import User
from core.roles import Role


def can_manage_forwarding(user: User) -> bool:
    """Superusers and the national administration (ARCHITECTURE.md roles): dead letters, resend, resume."""
    if not (user.is_active and user.has_perm("wagtailadmin.access_admin")):
        return False
    return user.is_superuser or user.groups.filter(name=Role.NATIONAL_ADMIN).exists()
