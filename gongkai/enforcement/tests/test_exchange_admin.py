"""The staff screens of the 双公示 Excel exchange (导入 in two steps, 导出), with Django's test client."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from gongkai.enforcement import views_exchange
from gongkai.enforcement.models import Decision, Kind
from gongkai.enforcement.spreadsheet import generate_rows
from gongkai.enforcement.template import get_template
from gongkai.enforcement.tests.factories import DecisionFactory
from gongkai.enforcement.tests.test_spreadsheet import TODAY, corrupt_penalties, letter, template_file
from gongkai.review.tests import conftest as review_fixtures

pytestmark = pytest.mark.django_db

# The review tests' departments (环评处, 宣教处, 办公室) and staff in every role.
depts = review_fixtures.depts
staff = review_fixtures.staff

ERROR_ROW = re.compile(
    r'<tr class="exchange-error"><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>'
)
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def _today_and_clean_storage(monkeypatch):
    # The sample rows are dated up to 2024 and one bad row lies ten days after TODAY.
    monkeypatch.setattr(views_exchange, "current_date", lambda: TODAY)
    yield
    for name in stored_files():
        views_exchange.private_storage().delete(f"{views_exchange.STORAGE_DIR}/{name}")


def stored_files() -> list[str]:
    try:
        return sorted(views_exchange.private_storage().listdir(views_exchange.STORAGE_DIR)[1])
    except FileNotFoundError:
        return []


def upload(client, data: bytes, *, department, kind="penalty", job="", name="双公示.xlsx", **extra):
    return client.post(
        reverse("enforcement:exchange_import"),
        {"kind": kind, "department": department.pk, "file": SimpleUploadedFile(name, data), "job": job},
        **extra,
    )


def run(client, token: str, *, job="", **extra):
    return client.post(reverse("enforcement:exchange_run"), {"upload": token, "job": job}, **extra)


def token_of(response) -> str:
    """The upload token from the address of the check page the upload led to."""
    url = response.redirect_chain[-1][0] if getattr(response, "redirect_chain", None) else response["Location"]
    return re.search(r"/exchange/import/([0-9a-f]{32})/", url).group(1)


def error_rows(html: str) -> list[tuple[str, str, str, str]]:
    return ERROR_ROW.findall(html)


def penalty_file(n: int, seed: int = 5) -> tuple[list[dict], bytes]:
    rows = list(generate_rows(n, "penalty", seed=seed))
    return rows, template_file("penalty", rows)


# --- 校验 and 导入 ------------------------------------------------------------------------------


def test_the_check_lists_exactly_the_bad_cells_and_imports_nothing_then_the_valid_rows_become_drafts(
    client, depts, staff
):
    rows = list(generate_rows(1000, "penalty", seed=2025))
    expected = corrupt_penalties(rows)
    client.force_login(staff.hpc_drafter)

    response = upload(client, template_file("penalty", rows), department=depts.hpc, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    found = error_rows(html)
    assert sorted((int(row), column) for row, column, _label, _message in found) == sorted(
        (index + 2, letter("penalty", code)) for index, code, _message in expected
    )
    by_cell = {(int(row), column): (label, message) for row, column, label, message in found}
    for index, code, start in expected:
        label, message = by_cell[(index + 2, letter("penalty", code))]
        assert label == get_template("penalty").field(code).label
        assert message.startswith(start)
    assert "导入有效的990行" in html
    assert Decision.objects.count() == 0  # the check stores no decision
    token = token_of(response)
    # The valid rows, parsed, privately, for step 2; the workbook itself is gone.
    assert stored_files() == [f"{token}.json", f"{token}.rows.jsonl.gz"]

    response = run(client, token, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["result"]["created"] == 990
    assert Decision.objects.count() == 990
    assert not Decision.objects.filter(live=True).exists()
    assert set(Decision.objects.values_list("department_id", flat=True)) == {depts.hpc.pk}
    assert f"?status=draft&amp;kind=penalty&amp;department={depts.hpc.pk}" in html
    assert f"{token}.rows.jsonl.gz" not in stored_files()  # the spool is gone after the import
    assert not any(name.endswith(".xlsx") for name in stored_files())
    # Posting again (a double click, the back button) does not import twice.
    again = run(client, token, follow=True)
    assert again.status_code == 200 and Decision.objects.count() == 990


def test_rows_whose_number_exists_already_are_skipped_and_listed(client, depts, staff):
    rows, data = penalty_file(5)
    DecisionFactory(department=depts.hpc, decision_number=rows[2]["CF_WSH"])
    client.force_login(staff.hpc_drafter)
    token = token_of(upload(client, data, department=depts.hpc))

    response = run(client, token, follow=True)

    assert response.context["result"]["created"] == 4
    assert response.context["result"]["skipped_existing"] == [rows[2]["CF_WSH"]]
    assert f"<li>{rows[2]['CF_WSH']}</li>" in response.content.decode()
    assert Decision.objects.count() == 5
    drafts = client.get(response.context["drafts_url"])
    assert drafts.status_code == 200
    assert rows[0]["CF_XDR_MC"] in drafts.content.decode()


def test_a_file_of_the_other_kind_cannot_be_imported_at_all(client, depts, staff):
    data = template_file("license", list(generate_rows(3, "license", seed=1)))
    client.force_login(staff.hpc_drafter)

    response = upload(client, data, department=depts.hpc, follow=True)

    html = response.content.decode()
    assert "表头与行政处罚模板不符" in html and "该文件不能导入" in html
    assert "导入有效的" not in html
    assert stored_files() == [f"{token_of(response)}.json"]  # the unusable file is not kept
    refused = run(client, token_of(response))
    assert refused.status_code == 400 and "不能导入" in refused.content.decode()
    assert Decision.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"CF_XDR_MC,CF_XDR_LB\n\xe8\xb4\xb5\xe5\xb7\x9e,\n", views_exchange.NOT_XLSX),
        (views_exchange.OLE_SIGNATURE + b"\0" * 504, views_exchange.OLD_EXCEL),
        (b"PK\x03\x04 not really a zip", views_exchange.BROKEN_XLSX),
        ("zip", views_exchange.ZIP_NOT_XLSX),
        ("docx", views_exchange.ZIP_NOT_XLSX),
    ],
)
def test_a_file_that_is_not_an_xlsx_is_refused_in_chinese(client, depts, staff, data, message):
    if data in {"zip", "docx"}:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            if data == "docx":
                archive.writestr("[Content_Types].xml", '<Types><Override ContentType="wordprocessingml"/></Types>')
            archive.writestr("word/document.xml", "<document/>")
        data = buffer.getvalue()
    client.force_login(staff.hpc_drafter)

    response = upload(client, data, department=depts.hpc, name="处罚.xlsx")

    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored_files() == []


def test_a_workbook_broken_inside_is_a_chinese_400_not_a_500(client, depts, staff, caplog):
    _rows, data = penalty_file(5)
    source, broken = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        for name in source.namelist():
            content = source.read(name)
            archive.writestr(name, content[: len(content) // 2] if name.startswith("xl/worksheets/") else content)
    client.force_login(staff.hpc_drafter)

    response = upload(client, broken.getvalue(), department=depts.hpc)

    assert response.status_code == 400
    assert views_exchange.UNREADABLE in response.content.decode()
    assert stored_files() == []
    assert "could not read upload" in caplog.text  # the traceback goes to the log


def test_the_script_gets_errors_and_the_next_address_as_json(client, depts, staff):
    client.force_login(staff.hpc_drafter)
    refused = upload(client, b"just text", department=depts.hpc, **JSON)
    assert refused.status_code == 400
    assert refused.json() == {"errors": [f"Excel文件：{views_exchange.NOT_XLSX}"]}

    _rows, data = penalty_file(3)
    accepted = upload(client, data, department=depts.hpc, **JSON)
    assert accepted.status_code == 200
    token = re.search(r"/exchange/import/([0-9a-f]{32})/$", accepted.json()["location"]).group(1)
    imported = run(client, token, **JSON)
    assert imported.json() == {"location": reverse("enforcement:exchange_result", args=[token])}
    assert Decision.objects.count() == 3


def test_a_file_over_the_size_limit_is_refused(client, depts, staff, monkeypatch):
    monkeypatch.setattr(views_exchange, "MAX_UPLOAD_BYTES", 1000)
    _rows, data = penalty_file(3)
    client.force_login(staff.hpc_drafter)
    response = upload(client, data, department=depts.hpc)
    assert response.status_code == 400
    assert views_exchange.TOO_LARGE in response.content.decode()


# --- Department scope and ownership ----------------------------------------------------------


def test_department_staff_import_only_for_their_own_department(client, depts, staff):
    _rows, data = penalty_file(3)
    client.force_login(staff.hpc_drafter)
    page = client.get(reverse("enforcement:exchange_import")).content.decode()
    assert "环评处" in page and "宣教处" not in page

    response = upload(client, data, department=depts.xjc)

    assert response.status_code == 403
    assert "只能导入本处室" in response.content.decode()
    assert stored_files() == [] and Decision.objects.count() == 0


def test_the_office_imports_for_any_department(client, depts, staff):
    _rows, data = penalty_file(3)
    client.force_login(staff.office)
    assert "宣教处" in client.get(reverse("enforcement:exchange_import")).content.decode()
    token = token_of(upload(client, data, department=depts.xjc))
    run(client, token)
    assert set(Decision.objects.values_list("department_id", flat=True)) == {depts.xjc.pk}


def test_who_may_not_import(client, staff):
    client.force_login(staff.leader)  # sees every department, records none
    assert client.get(reverse("enforcement:exchange_import")).status_code == 403
    client.force_login(staff.nodept)
    response = client.get(reverse("enforcement:exchange_import"))
    assert response.status_code == 403 and "未关联处室" in response.content.decode()


def test_another_users_upload_does_not_exist_for_them(client, depts, staff):
    _rows, data = penalty_file(3)
    client.force_login(staff.hpc_drafter)
    token = token_of(upload(client, data, department=depts.hpc))

    client.force_login(staff.hpc_reviewer)  # same department, but not their upload
    assert client.get(reverse("enforcement:exchange_check", args=[token])).status_code == 404
    assert run(client, token).status_code == 404
    assert client.get(reverse("enforcement:exchange_result", args=[token])).status_code == 404
    assert Decision.objects.count() == 0


def test_uploads_older_than_a_day_are_deleted(client, depts, staff):
    _rows, data = penalty_file(3)
    client.force_login(staff.hpc_drafter)
    token = token_of(upload(client, data, department=depts.hpc))
    assert views_exchange.purge_stale(timezone.now()) == 0

    assert views_exchange.purge_stale(timezone.now() + datetime.timedelta(days=1, minutes=1)) == 2

    assert stored_files() == []
    assert client.get(reverse("enforcement:exchange_check", args=[token])).status_code == 404


# --- Progress --------------------------------------------------------------------------------


def test_both_steps_report_progress_to_their_user_only(client, depts, staff, monkeypatch):
    _rows, data = penalty_file(2500)
    seen = []
    report = views_exchange.Job.report

    def spy(job, done):
        report(job, done)
        seen.append((job.state["phase"], views_exchange.job_state(job.key.rsplit(":", 1)[1], staff.hpc_drafter)))

    monkeypatch.setattr(views_exchange.Job, "report", spy)
    client.force_login(staff.hpc_drafter)
    job = views_exchange.new_token()

    token = token_of(upload(client, data, department=depts.hpc, job=job))

    # Written to the cache every 1,000 rows while the step ran, and once at the end.
    assert [(phase, state["done"]) for phase, state in seen] == [
        ("validate", 1000),
        ("validate", 2000),
        ("validate", 2500),
    ]
    progress_url = reverse("enforcement:exchange_progress", args=[job])
    assert client.get(progress_url).json() == {"done": 2500, "phase": "done"}

    seen.clear()
    import_job = views_exchange.new_token()
    run(client, token, job=import_job)
    assert [state["done"] for _phase, state in seen] == [1000, 2000, 2500]
    assert {state["total"] for _phase, state in seen} == {2500}
    assert client.get(reverse("enforcement:exchange_progress", args=[import_job])).json() == {
        "done": 2500,
        "total": 2500,
        "phase": "done",
    }

    client.force_login(staff.hpc_reviewer)
    assert client.get(progress_url).status_code == 404
    assert client.get(reverse("enforcement:exchange_progress", args=[views_exchange.new_token()])).status_code == 404


def test_a_job_token_someone_else_holds_is_not_taken_over(depts, staff):
    token = views_exchange.new_token()
    assert views_exchange.Job.start(token, staff.hpc_drafter, phase="validate") is not None
    assert views_exchange.Job.start(token, staff.xjc_drafter, phase="validate") is None
    assert views_exchange.Job.start("../../etc", staff.hpc_drafter, phase="validate") is None
    assert views_exchange.job_state(token, staff.xjc_drafter) is None
    assert views_exchange.job_state(token, staff.hpc_drafter)["phase"] == "validate"


# --- 导出 and the blank templates --------------------------------------------------------------


def sheet_rows(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0].iter_rows(values_only=True))


def export(client, department, **overrides):
    data = {"kind": "penalty", "department": department.pk, "date_from": "", "date_to": "", "published_only": "on"}
    data.update(overrides)
    return client.post(reverse("enforcement:exchange_export"), {k: v for k, v in data.items() if v is not None})


def test_export_of_published_decisions_is_a_private_xlsx_download_and_is_logged(client, depts, staff, agency):
    DecisionFactory(department=depts.hpc, published=True, party_name="贵州甲化工有限公司")
    DecisionFactory(department=depts.hpc, published=True, party_name="贵州乙水泥有限公司")
    DecisionFactory(department=depts.hpc, party_name="贵州丙草稿有限公司")  # a draft
    DecisionFactory(department=depts.xjc, published=True, party_name="宣教处的相对人公司")
    client.force_login(staff.hpc_drafter)

    response = export(client, depts.hpc)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "%E5%8F%8C%E5%85%AC%E7%A4%BA-%E8%A1%8C%E6%94%BF%E5%A4%84%E7%BD%9A-2025-06-30.xlsx"
        in (response["Content-Disposition"])
    )  # 双公示-行政处罚-2025-06-30.xlsx
    assert "private" in response["Cache-Control"]
    table = sheet_rows(response)
    assert list(table[0]) == list(get_template("penalty").labels)
    assert sorted(row[0] for row in table[1:]) == ["贵州乙水泥有限公司", "贵州甲化工有限公司"]
    entry = ModelLogEntry.objects.get(action="enforcement.export")
    assert entry.object_id == str(depts.hpc.pk) and entry.user == staff.hpc_drafter
    assert entry.data["count"] == 2 and entry.data["kind"] == "penalty"
    assert log_registry.get_action_label("enforcement.export") == "导出双公示数据"


def test_export_with_drafts_and_dates(client, depts, staff, agency):
    DecisionFactory(department=depts.hpc, published=True, decision_date=datetime.date(2025, 3, 1))
    DecisionFactory(department=depts.hpc, decision_date=datetime.date(2025, 4, 1))
    client.force_login(staff.hpc_drafter)

    everything = export(client, depts.hpc, published_only=None)
    assert everything.status_code == 200
    assert len(sheet_rows(everything)) == 3  # the header and both decisions

    april = export(client, depts.hpc, published_only=None, date_from="2025-03-15", date_to="2025-04-30")
    assert [row[22].date() for row in sheet_rows(april)[1:]] == [datetime.date(2025, 4, 1)]  # 处罚决定日期

    none = export(client, depts.hpc, date_from="2025-03-15")
    assert none.status_code == 400 and "没有符合条件的执法决定" in none.content.decode()
    backwards = export(client, depts.hpc, date_from="2025-04-30", date_to="2025-03-15")
    assert backwards.status_code == 400 and "截止日期不能早于起始日期" in backwards.content.decode()


def test_export_stays_in_the_department(client, depts, staff, agency):
    DecisionFactory(department=depts.xjc, published=True)
    client.force_login(staff.hpc_drafter)
    page = client.get(reverse("enforcement:exchange_export")).content.decode()
    assert "宣教处" not in page

    response = export(client, depts.xjc)

    assert response.status_code == 403 and "只能导出本处室" in response.content.decode()
    assert not ModelLogEntry.objects.filter(action="enforcement.export").exists()
    client.force_login(staff.office)
    assert export(client, depts.xjc).status_code == 200


def test_the_blank_templates_download(client, staff):
    client.force_login(staff.hpc_drafter)
    for kind in (Kind.PENALTY, Kind.LICENSE):
        response = client.get(reverse("enforcement:exchange_template", args=[kind]))
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
        assert list(sheet_rows(response)[0]) == list(get_template(kind).labels)
    assert client.get(reverse("enforcement:exchange_template", args=["inspection"])).status_code == 404


def test_the_menu_offers_import_and_export(rf, staff):
    from wagtail.admin.menu import admin_menu

    def labels(user):
        request = rf.get("/admin/")
        request.user = user
        menu = next(item for item in admin_menu.menu_items_for_request(request) if item.name == "enforcement")
        return {item.label for item in menu.menu.menu_items_for_request(request)}

    assert {"导入双公示数据", "导出双公示数据"} <= labels(staff.hpc_drafter)
    assert "导入双公示数据" not in labels(staff.leader)
