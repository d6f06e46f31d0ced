import pytest
from django.apps import apps
from django.core.management import call_command

from core.demo import DEMO_ACCOUNTS
from core.models import User


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_creates_one_account_per_role_with_the_documented_password():
    call_command("seed_demo", "--quiet-accounts", verbosity=0)
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(email=account.email)
        assert user.check_password(account.password)
        assert user.groups.filter(name=account.role.value).exists()


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing(capsys):
    call_command("seed_demo", "--quiet-accounts")
    before = _row_counts()
    call_command("seed_demo", "--quiet-accounts")
    assert _row_counts() == before
    assert "nothing changed" in capsys.readouterr().out


def test_demo_accounts_are_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for account in DEMO_ACCOUNTS:
        assert account.email in readme and account.password in readme
