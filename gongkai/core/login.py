"""Staff login hardening: lockout after repeated failures, idle sessions ended, strong passwords.

Graded security protection asks that a login be refused after several wrong passwords and that
an idle staff session end by itself. Both work with the embedded cache (per process) and with
Redis at scale (shared by every app server), through ``gongkai.core.ratelimit``.
"""

import json
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.forms.auth import LoginForm

from gongkai.core import ratelimit

audit = logging.getLogger("gongkai.audit")


def _security_event(event: str, **fields) -> None:
    audit.warning(json.dumps({"event": event, **fields}, ensure_ascii=False))


class LockoutLoginForm(LoginForm):
    """Wagtail's login form, refusing an account or an address after too many failures.

    A locked account is refused even with the right password until the lock ends: otherwise a
    guesser would learn the moment it hit the right one.
    """

    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": "用户名或密码不正确。连续输错 %(limit)s 次，账号将被锁定 %(minutes)s 分钟。",
        "locked": "登录失败次数过多，账号已暂时锁定。请 %(minutes)s 分钟后再试，或联系系统管理员。",
        "address_locked": "此网络地址登录失败次数过多，已暂停登录。请 %(minutes)s 分钟后再试。",
    }

    def _identities(self) -> tuple[str, str]:
        username = (self.data.get("username") or "").strip().casefold()
        address = ratelimit.client_address(self.request) if self.request else "unknown"
        return username, address

    def _params(self) -> dict:
        return {"limit": settings.GONGKAI_LOGIN_MAX_FAILURES, "minutes": settings.GONGKAI_LOGIN_LOCK_MINUTES}

    def get_invalid_login_error(self) -> ValidationError:
        return ValidationError(self.error_messages["invalid_login"], code="invalid_login", params=self._params())

    def clean(self):
        username, address = self._identities()
        params = self._params()
        if ratelimit.exceeded("login-account", username, limit=settings.GONGKAI_LOGIN_MAX_FAILURES):
            raise ValidationError(self.error_messages["locked"], code="locked", params=params)
        if ratelimit.exceeded("login-address", address, limit=settings.GONGKAI_LOGIN_MAX_FAILURES_PER_ADDRESS):
            raise ValidationError(self.error_messages["address_locked"], code="address_locked", params=params)
        try:
            cleaned = super().clean()
        except ValidationError as exc:
            if any(error.code == "invalid_login" for error in exc.error_list):
                self._count_failure(username, address)
            raise
        ratelimit.reset("login-account", username)
        return cleaned

    def _count_failure(self, username: str, address: str) -> None:
        window = settings.GONGKAI_LOGIN_LOCK_MINUTES * 60
        failures = ratelimit.hit("login-account", username, window_seconds=window)
        from_address = ratelimit.hit("login-address", address, window_seconds=window)
        if failures == settings.GONGKAI_LOGIN_MAX_FAILURES:
            _security_event("login_lockout", username=username, address=address, failures=failures)
        if from_address == settings.GONGKAI_LOGIN_MAX_FAILURES_PER_ADDRESS:
            _security_event("login_address_lockout", address=address, failures=from_address)


def _now() -> int:
    return int(time.time())


class StaffIdleTimeoutMiddleware:
    """Logs a signed-in user (all of them are staff) out after ``GONGKAI_STAFF_IDLE_MINUTES`` without a request."""

    SESSION_KEY = "gongkai_last_activity"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # No session, nobody signed in: and not touching the session keeps public answers free of
            # "Vary: Cookie", so caches can share them.
            return self.get_response(request)
        user = getattr(request, "user", None)
        # Only staff have accounts (citizens never log in), and Wagtail admits by permission, not is_staff.
        if user is not None and user.is_authenticated:
            now = _now()
            last = request.session.get(self.SESSION_KEY)
            if last is not None and now - last > settings.GONGKAI_STAFF_IDLE_MINUTES * 60:
                logout(request)
                messages.warning(
                    request,
                    f"已超过 {settings.GONGKAI_STAFF_IDLE_MINUTES} 分钟未操作，为安全起见已自动退出，请重新登录。",
                )
                login = reverse("wagtailadmin_login")
                return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
            # Written at most once a minute, so that a busy editor does not rewrite the session on every request.
            if last is None or now - last >= 60:
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)


class CharacterClassValidator:
    """A password must mix at least three of: capital letters, small letters, digits, other signs."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        classes = [
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字和其他符号中的至少 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"密码须包含大写字母、小写字母、数字和其他符号中的至少 {self.min_classes} 类。"
