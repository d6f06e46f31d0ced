import base64
import re

import orjson
import pytest

from tests.xapi.conftest import make_statement
from xapi.models import LrsClient

pytestmark = pytest.mark.django_db


def test_national_admin_creates_a_client_and_sees_the_secret_once(client, national_admin):
    client.force_login(national_admin)
    assert client.get("/admin/lrs_clients/").status_code == 200
    response = client.post(
        "/admin/lrs_clients/new/", {"name": "LRS national", "key": "", "scopes": ["statements/write"]}, follow=True
    )
    html = response.content.decode()
    created = LrsClient.objects.get(name="LRS national")
    secret = re.search(r"secret\s*:\s*<code>([^<]+)</code>", html).group(1)
    assert created.secret_sha256 != secret and len(secret) >= 32
    auth = "Basic " + base64.b64encode(f"{created.key}:{secret}".encode()).decode()
    post = client.post("/xapi/statements", orjson.dumps(make_statement()), content_type="application/json",
                       HTTP_AUTHORIZATION=auth, HTTP_X_EXPERIENCE_API_VERSION="1.0.3")  # fmt: skip
    assert post.status_code == 200
    assert secret not in client.get("/admin/lrs_clients/").content.decode()


@pytest.mark.parametrize("role", ["learner", "trainer", "partner_author", "hub_coordinator"])
def test_other_roles_cannot_manage_lrs_clients(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/lrs_clients/")
    assert response.status_code in (302, 403)
    client.post("/admin/lrs_clients/new/", {"name": "intrus", "scopes": ["all"]})
    assert not LrsClient.objects.filter(name="intrus").exists()
