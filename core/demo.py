"""Demo data: ``manage.py seed_demo`` runs the accounts seeder, then the seeders other apps register.

An app adds its demo content (programme, cohort, quizzes…) by calling ``register_demo_seeder`` in its
``AppConfig.ready()``. Every seeder must be idempotent: a second ``seed_demo`` changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from core.models import User
from core.roles import Role
from core.services import user_assign_role


@dataclass(frozen=True)
class DemoAccount:
    role: Role
    email: str
    password: str
    first_name: str
    last_name: str


# Documented in README.md ("Demo accounts") and printed at the end of `make run`. Demo only: never in production.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(Role.LEARNER, "apprenant@cafe-ia.example", "demo-apprenant", "Camille", "Martin"),
    DemoAccount(Role.TRAINER, "formateur@cafe-ia.example", "demo-formateur", "Karim", "Benali"),
    DemoAccount(Role.PARTNER_AUTHOR, "auteur@cafe-ia.example", "demo-auteur", "Claire", "Dubois"),
    DemoAccount(Role.HUB_COORDINATOR, "coordination@cafe-ia.example", "demo-coordination", "Lucie", "Moreau"),
    DemoAccount(Role.NATIONAL_ADMIN, "admin@cafe-ia.example", "demo-admin", "Thomas", "Bernard"),
)

Seeder = Callable[[], list[str]]  # returns what it created, for the command's report ([] when nothing changed)
_seeders: list[tuple[int, str, Seeder]] = []


def register_demo_seeder(*, name: str, order: int, seeder: Seeder) -> None:
    """Register an app's demo seeder; ``order`` follows the app layers (accounts 0, content 100, cohorts 200…)."""
    if any(existing == name for _order, existing, _seeder in _seeders):
        return
    _seeders.append((order, name, seeder))
    _seeders.sort(key=lambda item: item[0])


def seed_roles() -> list[str]:
    """The role groups come from migration 0002; recreate them if a flush removed them (idempotent)."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    from core.roles import ROLE_PERMISSIONS, grant_role_permissions

    missing = [role.value for role in ROLE_PERMISSIONS if not Group.objects.filter(name=role.value).exists()]
    grant_role_permissions(apps, ROLE_PERMISSIONS)
    return [f"group {name}" for name in missing]


register_demo_seeder(name="core.roles", order=0, seeder=seed_roles)


def seed_accounts() -> list[str]:
    created: list[str] = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=account.email).first()
        if user is None:
            user = User.objects.create_user(
                account.email, account.password, first_name=account.first_name, last_name=account.last_name
            )
            created.append(f"account {account.email} ({account.role.value})")
        user_assign_role(user=user, role=account.role)
    return created


register_demo_seeder(name="core.accounts", order=1, seeder=seed_accounts)


def seed_demo() -> list[tuple[str, list[str]]]:
    """Run every registered seeder, each in its own transaction. Returns (seeder name, what it created)."""
    report = []
    for _order, name, seeder in _seeders:
        with transaction.atomic():
            report.append((name, seeder()))
    return report
