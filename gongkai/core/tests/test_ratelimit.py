"""Rate limits count the right address: a client cannot escape them with a header of its own."""

from django.test import RequestFactory

from gongkai.core.ratelimit import client_address


def test_x_real_ip_is_ignored_unless_a_proxy_is_trusted(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_REAL_IP="198.51.100.1")
    settings.GONGKAI_TRUST_X_REAL_IP = False
    assert client_address(request) == "203.0.113.7"
    settings.GONGKAI_TRUST_X_REAL_IP = True
    assert client_address(request) == "198.51.100.1"
