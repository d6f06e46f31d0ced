import uuid

import pytest
from django.db import IntegrityError

from core.models import User


@pytest.mark.django_db
def test_create_user_normalises_email_and_has_public_id():
    user = User.objects.create_user("Marie.Curie@Exemple.FR", "secret-secret")
    assert user.email == "marie.curie@exemple.fr"
    assert isinstance(user.public_id, uuid.UUID)
    assert not hasattr(user, "username")
    assert user.check_password("secret-secret")


@pytest.mark.django_db
def test_email_is_unique_case_insensitively():
    User.objects.create_user("ada@exemple.fr", "x")
    with pytest.raises(IntegrityError):
        User.objects.create(email="ADA@exemple.fr")


@pytest.mark.django_db
def test_login_lookup_ignores_case():
    user = User.objects.create_user("ada@exemple.fr", "x")
    assert User.objects.get_by_natural_key("Ada@Exemple.fr") == user


@pytest.mark.django_db
def test_invited_user_has_unusable_password():
    user = User.objects.create_user("invite@exemple.fr", None, is_active=False)
    assert not user.has_usable_password()


@pytest.mark.django_db
def test_public_ids_differ():
    a = User.objects.create_user("a@exemple.fr", "x")
    b = User.objects.create_user("b@exemple.fr", "x")
    assert a.public_id != b.public_id
