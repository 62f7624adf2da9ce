"""双随机 pages: the public list, draw pages, downloads and verification; the staff screens."""

import json
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from gongkai.calendar.services import current_date
from gongkai.enforcement import draw as algorithm
from gongkai.enforcement import draw_admin, services_draw, views_draw
from gongkai.enforcement.models_draw import Draw, DrawStatus, InspectionOutcome, InspectionTarget
from gongkai.enforcement.tests import test_draw_service as shared
from gongkai.enforcement.tests.test_draw_service import BEACON_SOURCE, announce, expected_parameters, uscc

# The directory fixtures of the service tests.
depts, staff, directory = shared.depts, shared.staff, shared.directory

pytestmark = pytest.mark.django_db

INDEX = "/enforcement/draws/"
VERIFY = "/enforcement/draws/verify/"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the verification counter lives in the cache
    yield
    cache.clear()


@pytest.fixture
def announced(staff, depts, directory) -> Draw:
    return announce(staff.zfc, depts, directory)


@pytest.fixture
def drawn(staff, announced) -> Draw:
    return services_draw.draw_run(draw=announced, user=staff.zfc, beacon="735")


def html_of(response) -> str:
    return response.content.decode()


def assert_csp_clean(response) -> None:
    html = html_of(response)
    assert 'style="' not in html and not INLINE_SCRIPT.search(html)
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def checks_of(html: str) -> dict[str, str]:
    """Check label → 一致/不一致, read from the report table."""
    rows = re.findall(r'<tr data-check="([^"]+)">\s*<th scope="row">[^<]+</th>\s*<td class="[^"]+">([^<]+)</td>', html)
    return dict(rows)


def post_verify(client, **data):
    return client.post(VERIFY, data)


# --- The public pages ---------------------------------------------------------------------------


def test_an_announced_draw_shows_its_rules_and_commitment(client, announced):
    response = client.get(INDEX)
    assert response.status_code == 200
    assert announced.code in html_of(response) and "已公告，待抽取" in html_of(response)
    assert_csp_clean(response)

    response = client.get(f"{INDEX}{announced.code}/")
    html = html_of(response)
    assert response.status_code == 200
    assert_csp_clean(response)
    assert "8 个检查对象" in html and "随机抽取 3 个检查对象" in html and "6 人" in html
    assert announced.commitment in html and BEACON_SOURCE in html
    assert "1 对执法人员与检查对象须回避" in html and "不公开原因" in html
    assert "待公告指定的随机数公布后" in html
    assert "对排污单位污染物排放情况的检查" in html  # the 随机抽查事项

    download = client.get(f"{INDEX}{announced.code}/announcement.json")
    assert download.status_code == 200 and download["Content-Type"].startswith("application/json")
    assert "attachment" in download["Content-Disposition"]
    assert download.content.decode() == announced.announcement_document()
    assert json.loads(download.content)["commitment"] == announced.commitment
    assert client.get(f"{INDEX}{announced.code}/record.json").status_code == 404


def test_a_drawn_draw_shows_targets_inspectors_and_outcomes(client, staff, drawn, directory):
    result = drawn.draw_result()
    first = result.selected[0]
    services_draw.outcome_record(
        draw=drawn,
        user=staff.zfc,
        target_code=first,
        inspected_on=current_date(),
        summary="危险废物贮存场所未设置识别标志。",
        issues_found=True,
        follow_up="责令限期改正。",
    )
    response = client.get(f"{INDEX}{drawn.code}/")
    html = html_of(response)
    assert_csp_clean(response)
    assert "735" in html and drawn.result["seed"] in html
    for assignment in result.assignments:
        assert drawn.target_name(assignment.target) in html and assignment.target in html
        for inspector in assignment.inspectors:
            assert f"{drawn.inspector(inspector)['name']}（{inspector}）" in html
    not_drawn = [t for t in directory.targets if t.draw_code not in result.selected]
    assert all(t.name not in html for t in not_drawn)
    assert "危险废物贮存场所未设置识别标志。" in html and "责令限期改正。" in html and "尚未公开" in html

    record = client.get(f"{INDEX}{drawn.code}/record.json")
    assert record.status_code == 200 and record.content.decode() == drawn.record_document()
    assert algorithm.verify(record.content, announced_commitment=drawn.commitment, beacon="735").ok


def test_unknown_draws_are_404(client):
    assert client.get(f"{INDEX}2099-SJ-001/").status_code == 404
    assert client.get(f"{INDEX}2099-SJ-001/announcement.json").status_code == 404


def test_a_cancelled_draw_says_so_with_its_reason(client, staff, announced):
    services_draw.draw_cancel(draw=announced, user=staff.office, reason="检查对象名录遗漏了新投产的企业。")
    html = html_of(client.get(f"{INDEX}{announced.code}/"))
    assert "已取消" in html and "检查对象名录遗漏了新投产的企业。" in html


# --- Verification ---------------------------------------------------------------------------------


def test_the_verification_page_and_its_prefilled_commitment(client, announced):
    response = client.get(VERIFY)
    assert response.status_code == 200
    assert_csp_clean(response)
    html = html_of(client.get(f"{VERIFY}?code={announced.code}"))
    assert f'value="{announced.commitment}"' in html


def test_the_genuine_record_verifies_part_by_part(client, drawn):
    response = post_verify(client, record=drawn.record_document())
    html = html_of(response)
    assert response.status_code == 200
    assert_csp_clean(response)
    assert 'data-verdict="ok"' in html and "结论：一致" in html
    assert checks_of(html) == {
        "承诺值": "一致",
        "与抽查公告的承诺值": "一致",  # a draw of this site: compared with the announcement published here
        "种子": "一致",
        "抽中的检查对象": "一致",
        "执法人员分派": "一致",
    }
    assert "已与本站" in html and "未与公开来源核对随机数来源值" in html


def test_an_uploaded_record_with_commitment_and_beacon(client, drawn):
    upload = SimpleUploadedFile("2026-SJ-003.json", drawn.record_document().encode(), "application/json")
    response = client.post(VERIFY, {"file": upload, "commitment": drawn.commitment.upper(), "beacon": "735"})
    html = html_of(response)
    assert response.status_code == 200
    assert set(checks_of(html).values()) == {"一致"} and "与公开来源的随机数来源值" in checks_of(html)
    assert "未与公开来源核对" not in html


def test_a_tampered_assignment_is_shown_as_not_matching(client, drawn):
    document = json.loads(drawn.record_document())
    first = document["result"]["assignments"][0]
    first["inspectors"] = list(reversed(first["inspectors"]))
    response = post_verify(client, record=json.dumps(document, ensure_ascii=False))
    html = html_of(response)
    assert response.status_code == 200
    assert 'data-verdict="bad"' in html and "结论：不一致" in html
    checks = checks_of(html)
    assert checks["执法人员分派"] == "不一致" and checks["承诺值"] == "一致" and checks["抽中的检查对象"] == "一致"


def test_a_pool_changed_after_the_announcement_is_caught_by_the_announced_commitment(client, drawn, directory):
    # A forger drops a target and recomputes everything: the file agrees with itself…
    params = expected_parameters(
        directory, targets=tuple(t for t in expected_parameters(directory).targets if t != uscc(6)), beacon="735"
    )
    forged = algorithm.to_json(params, algorithm.run_draw(params))
    assert algorithm.verify(forged).ok
    # …but not with the commitment this site published at announcement.
    html = html_of(post_verify(client, record=forged))
    checks = checks_of(html)
    assert checks["承诺值"] == "一致" and checks["与抽查公告的承诺值"] == "不一致"
    assert "结论：不一致" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"record": "not json"}, "文件不是有效的 UTF-8 JSON 文档"),
        ({"record": "[1, 2]"}, "文件内容应为 JSON 对象"),
        ({"record": "[" * 100_000 + "]" * 100_000}, "文件不是有效的 UTF-8 JSON 文档"),
        ({"record": '{"parameters": {}}'}, "缺少字段"),
        ({"record": ""}, "请粘贴抽查结果记录的内容"),
        ({"record": "{}", "commitment": "xyz"}, "承诺值应为64位十六进制数"),
    ],
)
def test_unreadable_input_gets_a_400_in_chinese(client, data, message):
    response = post_verify(client, **data)
    assert response.status_code == 400
    assert message in html_of(response)


def test_an_announcement_is_not_a_record(client, announced):
    response = post_verify(client, record=announced.announcement_document())
    assert response.status_code == 400 and "这是抽查公告文件" in html_of(response)


def test_paste_or_upload_not_both(client, drawn):
    upload = SimpleUploadedFile("a.json", b"{}", "application/json")
    response = client.post(VERIFY, {"record": "{}", "file": upload})
    assert response.status_code == 400 and "二者选其一" in html_of(response)


def test_garbage_upload_gets_a_400(client):
    upload = SimpleUploadedFile("photo.json", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 10, "application/json")
    response = client.post(VERIFY, {"file": upload})
    assert response.status_code == 400 and "不是有效的 UTF-8 JSON" in html_of(response)


def test_oversized_input_is_refused_in_chinese(client):
    too_big = b"{" + b" " * views_draw.MAX_BYTES + b"}"
    response = client.post(VERIFY, {"file": SimpleUploadedFile("big.json", too_big, "application/json")})
    assert response.status_code == 400 and "超过 1 MB 的上限" in html_of(response)
    response = client.post(VERIFY, {"record": "{" + " " * views_draw.MAX_BYTES + "}"})
    assert response.status_code == 400 and "超过 1 MB 的上限" in html_of(response)
    # Far beyond the limit: refused before the body is read.
    huge = b"x" * (views_draw.MAX_REQUEST_BYTES + 1)
    response = client.post(VERIFY, huge, content_type="application/octet-stream")
    assert response.status_code == 400 and "提交的内容超过 1 MB 的上限" in html_of(response)


def test_records_too_large_to_recompute_are_refused(client, drawn):
    document = json.loads(drawn.record_document())
    document["parameters"]["targets"] = [f"T{n}" for n in range(services_draw.MAX_TARGETS + 1)]
    response = post_verify(client, record=json.dumps(document))
    assert response.status_code == 400 and "超过本平台可核验的上限" in html_of(response)


def test_verification_is_rate_limited(client, drawn, settings):
    settings.GONGKAI_DRAW_VERIFICATIONS_PER_HOUR = 2
    assert post_verify(client, record=drawn.record_document()).status_code == 200
    assert post_verify(client, record="garbage").status_code == 400
    response = post_verify(client, record=drawn.record_document())
    assert response.status_code == 429 and "核验次数过多" in html_of(response)
    assert response["Retry-After"] == str(views_draw.WINDOW_SECONDS)
    assert client.get(VERIFY).status_code == 200  # reading the page is not counted


# --- Staff screens --------------------------------------------------------------------------------


def announce_form(directory, **changes) -> dict:
    data = {
        "department": directory.matter.department_id,
        "code": "2026-SJ-007",
        "title": "2026年第二季度重点排污单位“双随机”抽查",
        "matter": directory.matter.pk,
        "targets": [t.pk for t in directory.targets],
        "target_count": 3,
        "inspectors": [o.pk for o in directory.officers],
        "inspectors_per_target": 2,
        "min_departments": 1,
        "conflicts": f"52000001,{uscc(1)}\n# 以下无\n",
        "beacon_source": BEACON_SOURCE,
        "confirm": "on",
    }
    data.update(changes)
    return data


def test_the_menu_offers_the_draw_screens_inside_the_enforcement_menu(staff):
    request = RequestFactory().get("/admin/")
    request.user = staff.office
    enforcement = SubmenuMenuItem(
        "行政执法公示", Menu(items=[MenuItem("执法决定", "/x/", order=1)]), name="enforcement"
    )
    items = [enforcement]
    draw_admin.add_draw_menu_items(request, items)
    labels = [i.label for i in items[0].menu.menu_items_for_request(request)]
    assert labels == ["执法决定", "双随机抽查", "检查对象名录"]
    assert enforcement.menu.menu_items_for_request(request)[0].label == "执法决定"  # the shared menu is untouched
    alone: list = []
    draw_admin.add_draw_menu_items(request, alone)
    assert [i.label for i in alone] == ["双随机抽查"]


def submenu_items(html: str) -> dict[str, list[str]]:
    """Submenu name → the names of its items, from the admin sidebar's JSON props."""
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    found: dict[str, list[str]] = {}

    def walk(node):
        if isinstance(node, dict):
            if node.get("_type") == "wagtail.sidebar.SubMenuItem":
                meta, children = node["_args"]
                found[meta["name"]] = [child["_args"][0]["name"] for child in children]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.group(1)))
    return found


def test_the_admin_menu_has_the_draws_under_enforcement(client, staff):
    client.force_login(staff.zfc)
    html = html_of(client.get(reverse("wagtailadmin_home")))
    menus = submenu_items(html)
    owner = "enforcement" if "enforcement" in menus else "enforcement-draws-menu"
    assert {"enforcement-draws", "enforcement-draw-targets"} <= set(menus[owner])
    assert reverse("enforcement_draws_admin:list") in html


def test_staff_announce_from_the_directories(client, staff, directory):
    client.force_login(staff.zfc)
    page = html_of(client.get(reverse("enforcement_draws_admin:announce")))
    assert "52000001" in page and "52000999" not in page  # officers not on duty are not offered
    assert "已注销的公司" not in page
    assert 'value="2026-SJ-001"' in page  # the suggested code

    response = client.post(reverse("enforcement_draws_admin:announce"), announce_form(directory))
    draw = Draw.objects.get(code="2026-SJ-007")
    assert response.status_code == 302 and response["Location"] == reverse(
        "enforcement_draws_admin:draw", args=[draw.pk]
    )
    expected = expected_parameters(directory, code="2026-SJ-007", title="2026年第二季度重点排污单位“双随机”抽查")
    assert draw.commitment == algorithm.commitment(expected)


def test_an_inactive_officer_cannot_be_chosen(client, staff, directory):
    client.force_login(staff.zfc)
    data = announce_form(directory, inspectors=[o.pk for o in directory.officers] + [directory.retired_officer.pk])
    response = client.post(reverse("enforcement_draws_admin:announce"), data)
    assert response.status_code == 400 and not Draw.objects.exists()
    assert "inspectors" in response.context["form"].errors


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"conflicts": "52000001"}, "第1行"),
        ({"target_count": 20}, "抽取检查对象数量应在 1 至 8"),
        ({"confirm": ""}, "请确认已核对抽查参数"),
        ({"inspectors_per_target": 1}, "2"),
    ],
)
def test_announcement_form_errors_are_shown(client, staff, directory, changes, message):
    client.force_login(staff.zfc)
    response = client.post(reverse("enforcement_draws_admin:announce"), announce_form(directory, **changes))
    assert response.status_code == 400 and message in html_of(response)
    assert not Draw.objects.exists()


def test_staff_enter_the_beacon_once_and_record_outcomes(client, staff, announced):
    client.force_login(staff.zfc)
    run = reverse("enforcement_draws_admin:run", args=[announced.pk])
    response = client.post(run, {"beacon": "735", "beacon_again": "753", "confirm": "on"})
    assert response.status_code == 400 and "两次输入的随机数来源值不一致" in html_of(response)
    response = client.post(run, {"beacon": "735", "beacon_again": "735", "confirm": "on"})
    assert response.status_code == 302
    draw = Draw.objects.get(pk=announced.pk)
    assert draw.status == DrawStatus.DRAWN and draw.beacon == "735"
    response = client.post(run, {"beacon": "736", "beacon_again": "736", "confirm": "on"})
    assert response.status_code == 400 and "不能重新抽取" in html_of(response)

    page = html_of(client.get(reverse("enforcement_draws_admin:draw", args=[draw.pk])))
    assert "录入检查结果" in page and "录入随机数并抽取" not in page
    target = draw.draw_result().selected[1]
    response = client.post(
        reverse("enforcement_draws_admin:outcome", args=[draw.pk]),
        {
            "target_code": target,
            "inspected_on": current_date().isoformat(),
            "summary": "在线监测数据正常。",
            "follow_up": "",
        },
    )
    assert response.status_code == 302
    outcome = InspectionOutcome.objects.get(draw=draw)
    assert outcome.target_code == target and not outcome.issues_found
    assert "<td>1/3</td>" in html_of(client.get(reverse("enforcement_draws_admin:list")))


def test_other_departments_see_no_draw_and_cannot_act(client, staff, announced):
    client.force_login(staff.jcc)
    assert client.get(reverse("enforcement_draws_admin:draw", args=[announced.pk])).status_code == 403
    response = client.post(
        reverse("enforcement_draws_admin:run", args=[announced.pk]),
        {"beacon": "735", "beacon_again": "735", "confirm": "on"},
    )
    assert response.status_code == 403
    assert announced.code not in html_of(client.get(reverse("enforcement_draws_admin:list")))
    assert Draw.objects.get(pk=announced.pk).drawn_at is None


def test_the_office_cancels_from_the_draw_page(client, staff, announced):
    client.force_login(staff.zfc)
    assert "取消抽查" not in html_of(client.get(reverse("enforcement_draws_admin:draw", args=[announced.pk])))
    client.force_login(staff.office)
    response = client.post(
        reverse("enforcement_draws_admin:cancel", args=[announced.pk]), {"reason": "检查对象名录有误，另行抽查。"}
    )
    assert response.status_code == 302
    assert Draw.objects.get(pk=announced.pk).status == DrawStatus.CANCELLED


def test_the_target_directory_is_scoped_to_the_department(client, staff, depts, directory):
    other = InspectionTarget.objects.create(department=depts.jcc, name="监测处名录中的公司")
    client.force_login(staff.zfc)
    index = html_of(client.get(reverse("inspection_targets:index")))
    assert directory.targets[0].name in index and other.name not in index
    assert client.get(reverse("inspection_targets:edit", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("inspection_targets:add"),
        {"department": depts.jcc.pk, "name": "越权添加", "uscc": "", "category": "", "address": "", "active": "on"},
    )
    assert response.status_code == 200 and not InspectionTarget.objects.filter(name="越权添加").exists()
    response = client.post(
        reverse("inspection_targets:add"),
        {
            "department": depts.zfc.pk,
            "name": "新投产的公司",
            "uscc": uscc(9),
            "category": "",
            "address": "",
            "active": "on",
        },
    )
    assert response.status_code == 302 and InspectionTarget.objects.get(name="新投产的公司").uscc == uscc(9)
    client.post(reverse("inspection_targets:delete", args=[directory.targets[0].pk]))
    assert InspectionTarget.objects.filter(pk=directory.targets[0].pk).exists()  # taken off by unticking 在录


# --- In a browser ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reader_checks_a_draw_in_the_browser(browser_page, home, staff, depts, directory):
    """axe-core finds no WCAG 2.1 AA violation and the CSP blocks nothing, from the list to the verdict."""
    from axe_playwright_python.sync_playwright import Axe

    wcag = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    draw = services_draw.draw_run(draw=announce(staff.zfc, depts, directory), user=staff.zfc, beacon="735")
    services_draw.outcome_record(
        draw=draw,
        user=staff.zfc,
        target_code=draw.draw_result().selected[0],
        inspected_on=current_date(),
        summary="未发现问题。",
        issues_found=False,
    )
    page = browser_page
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def violations() -> list[str]:
        results = Axe().run(page, options=wcag)
        return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]

    found = {}
    page.goto(INDEX)
    found["list"] = violations()
    page.get_by_role("link", name=draw.title).click()
    found["draw"] = violations()
    page.get_by_role("link", name="核验本次抽查").click()
    assert page.get_by_label("抽查公告中的承诺值（可选）").input_value() == draw.commitment
    page.get_by_label("粘贴抽查结果记录").fill(draw.record_document())
    page.get_by_label("从公开来源查得的随机数来源值（可选）").fill("735")
    page.get_by_role("button", name="核验").click()
    assert "结论：一致" in page.locator(".draw-verdict").inner_text()
    found["verdict"] = violations()
    page.get_by_label("粘贴抽查结果记录").fill("不是 JSON")
    page.get_by_role("button", name="核验").click()
    assert "不是有效的 UTF-8 JSON" in page.get_by_role("alert").inner_text()
    found["error"] = violations()
    assert {k: v for k, v in found.items() if v} == {}
    assert errors == []
