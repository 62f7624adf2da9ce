import logging

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError

from gongkai.core.login import StaffIdleTimeoutMiddleware
from gongkai.org.roles import Role
from gongkai.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def attempt(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, settings, caplog):
    settings.GONGKAI_LOGIN_MAX_FAILURES = 5
    user = UserFactory(role=Role.OFFICE_REVIEWER)
    for _ in range(4):
        response = attempt(client, user.username, "wrong-password")
        assert response.status_code == 200
        assert "用户名或密码不正确。连续输错 5 次，账号将被锁定 15 分钟。" in response.content.decode()
    with caplog.at_level(logging.WARNING, logger="gongkai.audit"):
        attempt(client, user.username, "wrong-password")
    assert '"event": "login_lockout"' in caplog.text and user.username in caplog.text
    response = attempt(client, user.username.upper(), PASSWORD)
    assert response.status_code == 200
    assert "登录失败次数过多，账号已暂时锁定。请 15 分钟后再试" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_clears_the_count(client, settings):
    settings.GONGKAI_LOGIN_MAX_FAILURES = 3
    user = UserFactory(role=Role.DRAFTER)
    attempt(client, user.username, "wrong-password")
    attempt(client, user.username, "wrong-password")
    assert attempt(client, user.username, PASSWORD).status_code == 302
    client.logout()
    attempt(client, user.username, "wrong-password")
    attempt(client, user.username, "wrong-password")
    assert attempt(client, user.username, PASSWORD).status_code == 302


def test_an_address_trying_many_accounts_is_refused(client, settings):
    settings.GONGKAI_LOGIN_MAX_FAILURES_PER_ADDRESS = 4
    user = UserFactory(role=Role.DRAFTER)
    for n in range(4):
        attempt(client, f"guess{n}", "wrong-password", address="10.9.9.9")
    response = attempt(client, user.username, PASSWORD, address="10.9.9.9")
    assert "此网络地址登录失败次数过多，已暂停登录" in response.content.decode()
    assert attempt(client, user.username, PASSWORD, address="10.0.0.2").status_code == 302


def test_an_idle_staff_session_ends(client, settings, monkeypatch):
    settings.GONGKAI_STAFF_IDLE_MINUTES = 30
    client.force_login(UserFactory(role=Role.DRAFTER))
    clock = iter([1_000_000, 1_000_000 + 29 * 60, 1_000_000 + 29 * 60 + 31 * 60])
    monkeypatch.setattr("gongkai.core.login._now", lambda: next(clock))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/").status_code == 200  # 29 minutes later: still in, and the clock restarts
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=%2Fadmin%2Fpages%2F")
    assert "_auth_user_id" not in client.session
    assert StaffIdleTimeoutMiddleware.SESSION_KEY not in client.session


@pytest.mark.parametrize("password", ["alllowercase-only", "ALLUPPER12345", "lowercase123456"])
def test_passwords_need_three_kinds_of_character(password):
    with pytest.raises(ValidationError, match="至少 3 类"):
        validate_password(password)


def test_a_strong_password_passes():
    validate_password("Gongkai-2026!")
