"""Two-factor login (TOTP) for the accounts that can approve, publish or administer.

A reviewer's or administrator's password alone must not open the back office (graded security
protection asks for two factors for such accounts). After the password, Wagtail's admin answers
only the enrolment page (first time: scan a QR code into an authenticator app, confirm one code)
or the verification page (every later login), until a code from the phone has been accepted for
this session. 信息员 draft only; their drafts still pass two-factor reviewers before publication.

Codes are RFC 6238 TOTP (django-otp): six digits, 30 seconds, offline on both sides. Wrong codes
slow the device down (django-otp's throttling), and every enrolment, reset and lock is audited.
"""

from collections.abc import Callable
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from gongkai.org.roles import Role

ACTIONS = {
    "gongkai.2fa.enrol": "启用双因素认证",
    "gongkai.2fa.reset": "重置双因素认证",
}


def requires_second_factor(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not settings.GONGKAI_REQUIRE_2FA or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=[Role(name).value for name in settings.GONGKAI_2FA_ROLES]).exists()


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return reverse("wagtailadmin_home")


class SecondFactorMiddleware:
    """Sends a signed-in reviewer or administrator without a verified code to enrol or verify."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and self._guards(request) and requires_second_factor(user) and not user.is_verified():
            confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            target = reverse("gongkai_2fa_verify" if confirmed else "gongkai_2fa_setup")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _guards(request: HttpRequest) -> bool:
        admin = reverse("wagtailadmin_home")
        if not request.path.startswith(admin):
            return False
        open_paths = (
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
            reverse("gongkai_2fa_setup"),
            reverse("gongkai_2fa_verify"),
            reverse("wagtailadmin_javascript_catalog"),
        )
        return not request.path.startswith(open_paths)


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="验证码",
        regex=r"^\s*\d{6}\s*$",
        error_messages={"required": "请输入手机令牌上显示的 6 位验证码。", "invalid": "验证码是 6 位数字。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": ""}),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


def _check(form: CodeForm, device: TOTPDevice) -> bool:
    """Validate the code against the device, with django-otp's growing delay after wrong codes."""
    if not form.is_valid():
        return False
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        form.add_error("code", "验证码错误次数过多，请稍候再试。")
        return False
    if not device.verify_token(form.cleaned_data["code"]):
        form.add_error("code", "验证码不正确或已过期，请输入手机令牌上当前显示的验证码。")
        return False
    return True


def _qr(device: TOTPDevice) -> str:
    return mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4, title="双因素认证二维码"))  # noqa: S308 - segno's own SVG


def setup_view(request: HttpRequest) -> HttpResponse:
    """First login: a new secret as a QR code; one correct code confirms it."""
    user = request.user
    if not user.is_authenticated:
        return redirect("wagtailadmin_login")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(f"{reverse('gongkai_2fa_verify')}?{urlencode({'next': _next_url(request)})}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="手机令牌", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and _check(form, device):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        # request.user is a lazy wrapper (twice, with django-otp); the audit log needs the real account.
        account = get_user_model().objects.get(pk=user.pk)
        log(instance=account, action="gongkai.2fa.enrol", user=account)
        return redirect(_next_url(request))
    secret = device.config_url.split("secret=")[1].split("&")[0]
    context = {"form": form, "qr": _qr(device), "secret": secret, "next": _next_url(request)}
    return render(request, "core/admin/twofactor_setup.html", context)


def verify_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return redirect("wagtailadmin_login")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect(f"{reverse('gongkai_2fa_setup')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and _check(form, device):
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(request, "core/admin/twofactor_verify.html", {"form": form, "next": _next_url(request)})


def reset_devices(*, user: AbstractBaseUser, by: AbstractBaseUser | None) -> int:
    """A lost phone: remove the user's devices, so that the next login enrols a new one."""
    count, _ = TOTPDevice.objects.filter(user=user).delete()
    log(instance=user, action="gongkai.2fa.reset", user=by, data={"devices": count})
    return count


urlpatterns = [
    path("2fa/setup/", setup_view, name="gongkai_2fa_setup"),
    path("2fa/verify/", verify_view, name="gongkai_2fa_verify"),
]
