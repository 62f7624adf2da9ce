"""No applicant's personal data on any public page, in the API, the feeds or the search index.

Applicants are created with distinctive names, numbers, phones and addresses; then every public
address a visitor or a crawler can reach is fetched and searched for them.
"""

import pytest

from gongkai.foi import services
from gongkai.foi.models import Application
from gongkai.foi.outcomes import Outcome
from gongkai.org.roles import Role
from gongkai.org.tests.factories import UserFactory
from gongkai.portal.tests.sitedata import build_portal_site

pytestmark = pytest.mark.django_db

SECRETS = {
    "name": "欧阳某某测试",
    "id_number": "110101199003074514",
    "phone": "13912345678",
    "email": "private-applicant@example.com",
    "address": "某市某区保密路99号",
}


@pytest.fixture
def cases(home):
    build_portal_site(home)
    handler = UserFactory(username="handler", role=Role.OFFICE_REVIEWER)
    data = {
        "applicant_type": "natural",
        "id_type": "resident_id",
        "description": "请公开某项目的环评批复。",
        "information_form": "email",
        "delivery": "email",
        **SECRETS,
    }
    open_case, _ = services.application_submit(data=data)
    closed, _ = services.application_submit(data=data)
    services.application_confirm_receipt(application=closed, user=handler)
    services.application_reply(
        application=Application.objects.get(pk=closed.pk),
        user=handler,
        outcome=Outcome.DISCLOSED,
        reply_text="予以公开。",
    )
    return [open_case, closed]


PUBLIC_PATHS = [
    "/",
    "/foi/",
    "/foi/apply/",
    "/foi/query/",
    "/foi/statistics/",
    "/sitemap/",
    "/sitemap.xml",
    "/catalog/",
    # Parts of the secrets, so that the page's echo of the query itself is not a hit.
    "/search/?q=欧阳某某",
    "/search/?q=1391234",
    "/api/v1/",
    "/api/v1/items/",
    "/api/v1/items/?q=欧阳某某",
    "/api/v1/departments/",
    "/feeds/all/rss.xml",
    "/feeds/all/atom.xml",
]


def test_public_addresses_show_no_applicant_data(client, cases):
    for path in PUBLIC_PATHS:
        response = client.get(path, follow=True)
        assert response.status_code < 500, path
        body = response.content.decode()
        for field, value in SECRETS.items():
            assert value not in body, f"{path} shows the applicant's {field}"
