"""Playwright fixtures: Debian's Chromium driving pages served by pytest-django's live server."""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
# Root needs --no-sandbox; the others stop Chromium from calling out on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.fail("浏览器测试需要 /usr/bin/chromium：请运行 `sudo apt-get install chromium`。")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _require_serialized_rollback(request) -> None:
    """Browser tests need a transactional database, which is flushed after each test.

    Only ``django_db(transaction=True, serialized_rollback=True)`` makes pytest-django serialise the
    test database at creation, so that what migrations created (roles, workflows, taxonomy, calendar,
    Wagtail's locale and root page) is restored before the next test.
    """
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction") and marker.kwargs.get("serialized_rollback")):
        pytest.fail("浏览器测试须标记 pytest.mark.django_db(transaction=True, serialized_rollback=True)。")


@pytest.fixture
def browser_page(request, chromium, live_server):
    """A fresh browser tab whose relative URLs go to the live server."""
    _require_serialized_rollback(request)
    context = chromium.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def mobile_page(request, chromium, live_server):
    """A phone-sized tab (375×812) for responsive checks."""
    _require_serialized_rollback(request)
    context = chromium.new_context(
        locale="zh-CN", base_url=live_server.url, viewport={"width": 375, "height": 812}, is_mobile=True
    )
    page = context.new_page()
    yield page
    context.close()
