"""The full-page cache: what the app lets nginx share, and the purges a publication sends."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import reverse

from gongkai.core.frontend_cache import NginxRefreshBackend
from gongkai.core.page_cache import PUBLIC_RECORDS, common_paths
from gongkai.enforcement.tests.factories import DecisionFactory
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory, make_home

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx-site.conf.template"


class RefreshListener:
    """Stands in for nginx's refresh listener: records the method, path and Host of each request."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str]] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_HEAD(self):  # noqa: N802 (http.server's naming)
                listener.seen.append(("HEAD", self.path, self.headers.get("Host", "")))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def paths(self) -> set[str]:
        return {path for _, path, _ in self.seen}


@pytest.fixture
def listener(settings):
    with RefreshListener() as running:
        settings.WAGTAILFRONTENDCACHE = {
            "nginx": {
                "BACKEND": "gongkai.core.frontend_cache.NginxRefreshBackend",
                "LOCATION": running.url,
                "HOST": "gongkai.example.gov.cn",
            }
        }
        yield running


@pytest.mark.django_db
class TestWhatIsShared:
    def test_anonymous_page_is_shared_with_its_lifetime_and_no_cookie_vary(self, client):
        article = ArticleFactory()
        response = client.get(article.url)
        assert response.status_code == 200
        assert response["Cache-Control"] == f"public, max-age=0, s-maxage={settings.GONGKAI_PAGE_CACHE_SECONDS}"
        assert "cookie" not in response.get("Vary", "").lower()
        assert not response.cookies

    def test_addresses_with_a_query_string_live_briefly(self, client):
        make_home()
        response = client.get("/search/", {"q": "环境"})
        assert response.status_code == 200
        assert response["Cache-Control"].endswith(f"s-maxage={settings.GONGKAI_PAGE_CACHE_QUERY_SECONDS}")

    def test_missing_pages_are_shared_briefly_so_a_refresh_can_replace_a_withdrawn_page(self, client):
        make_home()
        response = client.get("/no-such-column/")
        assert response.status_code == 404
        assert response["Cache-Control"].endswith(f"s-maxage={settings.GONGKAI_PAGE_CACHE_MISSING_SECONDS}")

    def test_a_view_can_choose_a_shorter_life(self, client):
        from gongkai.consultations.tests.factories import ConsultationFactory

        consultation = ConsultationFactory(published=True)
        response = client.get(reverse("consultations_public:detail", args=[consultation.pk]))
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"

    def test_a_form_page_carries_a_visitors_token_and_is_private(self, client):
        make_home()
        response = client.get(reverse("interaction_public:new"))
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]

    def test_a_visitor_with_a_session_gets_a_private_page(self, client, django_user_model):
        article = ArticleFactory()
        user = django_user_model.objects.create_user("reader", password="x-Long-Password-1")
        client.force_login(user)
        response = client.get(article.url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]

    def test_a_pending_flash_message_makes_the_page_private(self, client):
        article = ArticleFactory()
        client.cookies[CookieStorage.cookie_name] = "anything"
        response = client.get(article.url)
        assert "private" in response["Cache-Control"]

    def test_posts_and_the_admin_are_never_shared(self, client):
        make_home()
        response = client.post(reverse("interaction_public:new"), {})
        assert "public" not in response.get("Cache-Control", "")
        response = client.get("/admin/login/")
        assert "public" not in response.get("Cache-Control", "")

    def test_a_views_own_cache_control_is_kept(self, client):
        make_home()
        response = client.get("/api/v1/")
        assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.django_db
class TestPurging:
    def test_publishing_refreshes_the_page_its_columns_home_and_feeds(
        self, listener, django_capture_on_commit_callbacks
    ):
        column = ColumnFactory(title="通知公告", slug="notices")
        with django_capture_on_commit_callbacks(execute=True):
            article = ArticleFactory(parent=column, slug="notice-1")
        assert {article.url, column.url, "/"} <= listener.paths
        assert reverse("feeds:column_rss", kwargs={"slug": "notices"}) in listener.paths
        assert reverse("feeds:site_rss") in listener.paths
        assert {method for method, _, _ in listener.seen} == {"HEAD"}
        assert {host for _, _, host in listener.seen} == {"gongkai.example.gov.cn"}

    def test_unpublishing_refreshes_the_address_so_nginx_stores_the_404(
        self, listener, django_capture_on_commit_callbacks
    ):
        article = ArticleFactory()
        url = article.url
        listener.seen.clear()
        with django_capture_on_commit_callbacks(execute=True):
            article.unpublish()
        assert url in listener.paths

    def test_nothing_is_sent_before_the_transaction_commits(self, listener, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            ArticleFactory()
        assert listener.seen == []
        assert callbacks  # the purge waits for the commit

    def test_a_public_record_refreshes_its_page_and_lists(self, listener, django_capture_on_commit_callbacks):
        make_home()
        with django_capture_on_commit_callbacks(execute=True):
            decision = DecisionFactory(published=True)
        assert {
            reverse("enforcement_public:decision", args=[decision.pk]),
            reverse("enforcement_public:decisions"),
            reverse("enforcement_public:index"),
        } <= listener.paths

    def test_without_a_page_cache_nothing_is_queued(self, settings, django_capture_on_commit_callbacks):
        assert not getattr(settings, "WAGTAILFRONTENDCACHE", None)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            ArticleFactory()
        assert not any("purge" in repr(callback) for callback in callbacks)

    def test_every_registered_record_names_urls_that_exist(self):
        for record in PUBLIC_RECORDS:
            for name in record.lists:
                assert reverse(name)
        from gongkai.portal.views import SITEMAPS

        expected = {"/", reverse("portal:sitemap"), reverse("portal:sitemap-xml"), reverse("feeds:site_rss")}
        expected |= {reverse("portal:sitemap-section", kwargs={"section": name}) for name in SITEMAPS}
        assert expected <= set(common_paths())


def test_an_unreachable_listener_is_logged_not_raised(caplog):
    backend = NginxRefreshBackend({"LOCATION": "http://127.0.0.1:9", "TIMEOUT": 1})
    backend.purge_batch(["https://gongkai.example.gov.cn/a/", "/b/?page=2"])
    assert sum("页面缓存刷新失败" in message for message in caplog.messages) == 2


def test_a_bad_location_is_refused():
    with pytest.raises(ValueError):
        NginxRefreshBackend({"LOCATION": "127.0.0.1:8090"})


class TestNginxTemplate:
    text = TEMPLATE.read_text(encoding="utf-8")

    def test_bypass_cookies_are_the_apps_cookie_names(self):
        mapped = re.search(r'map "([^"]+)" \$gongkai_personal', self.text).group(1)
        assert mapped == f"$cookie_{settings.SESSION_COOKIE_NAME}$cookie_{CookieStorage.cookie_name}"

    def test_the_refresh_listener_writes_the_entries_readers_read(self):
        keys = re.findall(r"proxy_cache_key ([^;]+);", self.text)
        zones = re.findall(r"proxy_cache (gongkai_\w+);", self.text)
        assert len(keys) == 2 and len(set(keys)) == 1
        assert zones == ["gongkai_pages", "gongkai_pages"]
        refresh = self.text.split("listen @REFRESH_LISTEN@;")[1]
        assert "proxy_cache_bypass 1;" in refresh and "deny all;" in refresh
        assert 'proxy_set_header Cookie "";' in refresh
