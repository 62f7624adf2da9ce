import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from gongkai.org.roles import Role
from gongkai.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.GONGKAI_REQUIRE_2FA = True


def code(device: TOTPDevice, *, offset: int = 0) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"


def sign_in(client, user) -> None:
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_a_reviewer_with_only_a_password_cannot_reach_the_admin(client):
    reviewer = UserFactory(role=Role.OFFICE_REVIEWER)
    sign_in(client, reviewer)
    for path in ("/admin/", "/admin/pages/", "/admin/foi/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/2fa/setup/?next=")


def test_enrolment_then_every_login_asks_for_a_code(client):
    reviewer = UserFactory(role=Role.DEPARTMENT_REVIEWER)
    sign_in(client, reviewer)
    page = client.get("/admin/2fa/setup/?next=/admin/pages/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "启用双因素认证" in html
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    assert device.config_url.split("secret=")[1].split("&")[0] in html

    wrong = client.post("/admin/2fa/setup/", {"code": "000000" if code(device) != "000000" else "111111"})
    assert "验证码不正确或已过期" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()  # as after the wait that a wrong code imposes

    done = client.post("/admin/2fa/setup/", {"code": code(device), "next": "/admin/pages/"})
    assert done.status_code == 302 and done["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert ModelLogEntry.objects.filter(action="gongkai.2fa.enrol", object_id=str(reviewer.pk)).exists()

    client.logout()
    sign_in(client, reviewer)
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/2fa/verify/")
    device.refresh_from_db()
    assert client.get("/admin/2fa/setup/")["Location"].startswith("/admin/2fa/verify/")  # no second enrolment
    assert client.post("/admin/2fa/verify/", {"code": "12ab"}).content.decode().count("验证码是 6 位数字") == 1
    device.refresh_from_db()
    assert device.throttling_failure_count == 0  # a malformed code is not a guess
    assert client.post("/admin/2fa/verify/", {"code": code(device, offset=1)}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_slow_the_device_down(client):
    reviewer = UserFactory(role=Role.LEADER)
    device = TOTPDevice.objects.create(user=reviewer, name="手机令牌", confirmed=True)
    sign_in(client, reviewer)
    right = code(device)
    wrong = "000000" if right != "000000" else "111111"
    client.post("/admin/2fa/verify/", {"code": wrong})
    # Right after a wrong code the device refuses even the right one for a moment (django-otp throttling).
    response = client.post("/admin/2fa/verify/", {"code": right})
    assert "验证码错误次数过多，请稍候再试" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_drafters_and_the_public_site_are_not_asked(client):
    sign_in(client, UserFactory(role=Role.DRAFTER))
    assert client.get("/admin/").status_code == 200


def test_switched_off_it_asks_nobody(client, settings):
    settings.GONGKAI_REQUIRE_2FA = False
    sign_in(client, UserFactory(role=Role.ADMINISTRATOR))
    assert client.get("/admin/").status_code == 200


def test_reset_after_a_lost_phone(client, capsys):
    admin = UserFactory(role=Role.ADMINISTRATOR)
    TOTPDevice.objects.create(user=admin, name="手机令牌", confirmed=True)
    call_command("twofactor_reset", admin.username)
    assert "删除令牌 1 个" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert ModelLogEntry.objects.filter(action="gongkai.2fa.reset", object_id=str(admin.pk)).exists()
    sign_in(client, admin)
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/setup/")
