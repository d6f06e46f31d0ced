import re

import pytest
from django.core import mail
from django.urls import reverse

from core.models import AuditEntry, User
from core.roles import Role
from core.services import AccountError, user_invite
from tests.factories import PASSWORD, UserFactory

LOGIN = "/connexion/"


@pytest.mark.django_db
def test_login_page_is_french_and_labelled(client):
    html = client.get(LOGIN).content.decode()
    assert '<html lang="fr"' in html
    assert "Adresse électronique" in html
    assert "Mot de passe" in html
    assert 'for="id_username"' in html  # every input has a label


@pytest.mark.django_db
def test_login_with_email_then_logout(client, learner):
    response = client.post(LOGIN, {"username": learner.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == learner
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "password"),
    [("personne@inconnue.fr", PASSWORD), (None, "mauvais-mot-de-passe")],
    ids=["unknown-email", "wrong-password"],
)
def test_bad_credentials_get_the_french_error(client, learner, email, password):
    response = client.post(LOGIN, {"username": email or learner.email, "password": password})
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    assert not response.context["user"].is_authenticated


@pytest.mark.django_db
def test_inactive_account_is_told_to_use_the_invitation_with_the_right_password_only(client):
    user = UserFactory(is_active=False)
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert "pas encore activé" in response.content.decode()
    response = client.post(LOGIN, {"username": user.email, "password": "autre-chose-123"})
    html = response.content.decode()
    assert "pas encore activé" not in html
    assert "mot de passe incorrect" in html


@pytest.mark.django_db
def test_malformed_email_is_a_form_error_not_a_crash(client):
    response = client.post(LOGIN, {"username": "pas-une-adresse", "password": "x"})
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in response.content.decode()


@pytest.mark.django_db
def test_password_reset_round_trip(client, learner):
    response = client.post("/mot-de-passe/oubli/", {"email": learner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/mot-de-passe/nouveau/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Nouveau-mot-2026!", "new_password2": "Nouveau-mot-2026!"})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password("Nouveau-mot-2026!")


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(client):
    response = client.post("/mot-de-passe/oubli/", {"email": "personne@inconnue.fr"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_invitation_activation_round_trip(client, trainer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = user_invite(email="Nouvelle@Exemple.fr", invited_by=trainer, first_name="Nora")
    assert user.email == "nouvelle@exemple.fr" and not user.is_active
    assert user.groups.filter(name=Role.LEARNER.value).exists()
    assert AuditEntry.objects.filter(action="core.user.invited", target_id=str(user.pk), actor=trainer).exists()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/compte/activer/\S+)", mail.outbox[0].body).group(1)

    page = client.get(link)
    assert page.status_code == 200 and "Activer votre compte" in page.content.decode()
    bad = client.post(link, {"first_name": "Nora", "last_name": "Saïd", "new_password1": "a", "new_password2": "b"})
    assert bad.status_code == 400
    assert "ne correspondent pas" in bad.content.decode()
    ok = client.post(
        link,
        {
            "first_name": "Nora",
            "last_name": "Saïd",
            "new_password1": "Cafe-IA-2026!",
            "new_password2": "Cafe-IA-2026!",
        },
    )
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.last_name == "Saïd" and user.check_password("Cafe-IA-2026!")
    assert client.get("/").context["user"] == user
    # the link is single-use: the token covers is_active and the password
    client.post(reverse("core:logout"))
    assert client.get(link).status_code == 400


@pytest.mark.django_db
def test_forged_activation_link_is_refused(client):
    user = UserFactory(is_active=False)
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    assert client.get(f"/compte/activer/{uid}/abc-123/").status_code == 400
    assert client.get("/compte/activer/!!!/abc-123/").status_code == 400


@pytest.mark.django_db
def test_inviting_an_active_account_is_refused(learner, trainer):
    with pytest.raises(AccountError) as exc:
        user_invite(email=learner.email, invited_by=trainer)
    assert exc.value.code == "account_exists"


@pytest.mark.django_db
def test_reinviting_a_pending_account_reuses_it(trainer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = user_invite(email="a@exemple.fr", invited_by=trainer)
        second = user_invite(email="A@exemple.fr", invited_by=trainer)
    assert first.pk == second.pk
    assert User.objects.filter(email="a@exemple.fr").count() == 1
    assert len(mail.outbox) == 2
