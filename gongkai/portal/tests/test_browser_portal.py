"""What a reader does in a real browser: navigate, use the keyboard, read on a phone; axe-core finds nothing."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve

from gongkai.portal.tests.sitedata import build_portal_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def site(home):
    return build_portal_site(home)


@pytest.fixture
def csp_errors(browser_page):
    """Console errors a Content-Security-Policy block would cause (inline code, outside resources)."""
    errors: list[str] = []
    browser_page.on(
        "console",
        lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    browser_page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def axe_violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_21_AA)
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


def test_reader_goes_from_home_to_a_column_to_an_item(browser_page, site, csp_errors):
    page = browser_page
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政策文件").click()
    page.wait_for_url(f"**{site['policies'].url}")
    assert page.locator("h1").inner_text() == "政策文件"
    policy = site["policy"]
    page.get_by_role("link", name=policy.title).click()
    page.wait_for_url(f"**{policy.url}")
    table = page.get_by_role("table", name="信息索引")
    assert table.is_visible()
    assert table.get_by_role("row", name="索引号").inner_text().split() == ["索引号", policy.index_number]
    assert table.get_by_role("row", name="文号").get_by_role("cell").inner_text() == "黔环通〔2026〕31号"
    assert page.locator("h1").inner_text() == policy.title
    assert page.locator("footer figure.page-qr svg").is_visible()
    assert csp_errors == []


def test_reader_follows_a_repealed_item_to_its_replacement(browser_page, site):
    page = browser_page
    page.goto(site["repealed"].url)
    page.get_by_role("note").get_by_role("link").click()
    page.wait_for_url(f"**{site['policy'].url}")
    assert page.locator("h1").inner_text() == site["policy"].title


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(browser_page, site):
    page = browser_page
    page.goto(site["policy"].url)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({text: document.activeElement.textContent, href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "跳到主要内容", "href": "#main"}
    # The link shows itself when focused (it is not left off-screen).
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] > 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_focus_is_visible_on_links(browser_page, site):
    page = browser_page
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert style[0] != "none" and style[1] != "0px"


def test_phone_has_no_horizontal_scroll(mobile_page, site):
    overflowing = {}
    for path in [site[n].url for n in ("home", "policies", "policy", "services")] + ["/sitemap/", "/no-such-page/"]:
        mobile_page.goto(path)
        widths = mobile_page.evaluate(
            "({scroll: document.documentElement.scrollWidth, view: document.documentElement.clientWidth})"
        )
        assert widths["view"] == 375
        if widths["scroll"] > widths["view"]:
            overflowing[path] = widths
    assert overflowing == {}


def test_phone_menu_opens_and_closes_from_the_keyboard(mobile_page, site):
    page = mobile_page
    page.goto("/")
    nav = page.get_by_role("navigation", name="主导航")
    toggle = nav.get_by_role("button", name="栏目导航")
    assert toggle.is_visible()
    assert not nav.get_by_role("link", name="政策文件").is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "首页"
    assert nav.get_by_role("link", name="政策文件").is_visible()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.textContent") == "栏目导航"
    assert not nav.get_by_role("link", name="政策文件").is_visible()


def test_phone_menu_without_javascript_is_still_usable(chromium, live_server, site):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 812}, is_mobile=True, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/")
        nav = page.get_by_role("navigation", name="主导航")
        assert nav.get_by_role("link", name="政策文件").is_visible()
        assert not nav.get_by_role("button").is_visible()
    finally:
        context.close()


def test_axe_finds_no_wcag21_aa_violations(browser_page, site, csp_errors):
    pages = {name: site[name].url for name in ("home", "policies", "policy", "repealed", "services")}
    pages.update({"sitemap": "/sitemap/", "contact": "/contact-us/", "missing": "/no-such-page/"})
    found = {}
    for name, path in pages.items():
        response = browser_page.goto(path)
        assert response.status == (404 if name == "missing" else 200), name
        if violations := axe_violations(browser_page):
            found[name] = violations
    assert found == {}
    assert csp_errors == []


def test_the_axe_scan_does_report_violations(browser_page, site):
    """A guard on the harness: an image without alt text on the page must be reported."""
    browser_page.goto("/")
    browser_page.evaluate("document.querySelector('main').appendChild(document.createElement('img'))")
    assert any(v.startswith("image-alt") for v in axe_violations(browser_page))


def test_axe_finds_no_violations_on_a_phone(mobile_page, site):
    found = {}
    for name in ("home", "policy", "services"):
        mobile_page.goto(site[name].url)
        mobile_page.get_by_role("button", name="栏目导航").click()
        if violations := axe_violations(mobile_page):
            found[name] = violations
    assert found == {}


def test_axe_finds_no_violations_on_search_results(browser_page, site, csp_errors):
    """The search page is gongkai.search's; it lives in base.html and must pass the same scan."""
    try:
        match = resolve("/search/")
    except Resolver404:
        match = None
    if match is None or match.app_name != "search":
        pytest.skip("gongkai.search 尚未提供 /search/ 页面")
    response = browser_page.goto("/search/?q=环境")
    assert response.status == 200
    assert axe_violations(browser_page) == []
    assert csp_errors == []
