"""Build the demo site from ``gongkai.demo.content``: one function per part, run in order by ``demo_load``.

Everything goes through the same paths as real use: items are published with
``save_revision().publish()`` so the catalog gives them their 索引号, drafts are submitted to the
review workflow, the withdrawn item goes through ``gongkai.review.services.page_withdraw``.
Published items are then back-dated (see ``_backdate``) so the demo shows two years of history.
"""

import datetime
import logging
import random
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision, Site

from gongkai.calendar.services import is_workday
from gongkai.catalog.models import GenreCategory, TopicCategory, Validity
from gongkai.core.validators import uscc_check_char
from gongkai.demo import content
from gongkai.demo.content import Draft, Item
from gongkai.org.models import Agency, Department, StaffProfile
from gongkai.org.roles import Role
from gongkai.portal.models import ArticlePage, ColumnPage, HomePage, StandardPage

logger = logging.getLogger("gongkai.demo")

REVIEW_WORKFLOWS = ("信息发布审核", "重要信息审核")


class DemoError(Exception):
    """The demo cannot be loaded into this database (the message says why, in Chinese)."""


@dataclass
class Taxonomy:
    topics: dict[str, TopicCategory]
    genres: dict[str, GenreCategory]
    missing: set[str] = field(default_factory=set)

    def topic(self, name: str) -> TopicCategory | None:
        if name not in self.topics:
            self.missing.add(f"主题分类“{name}”")
        return self.topics.get(name)

    def genre(self, name: str) -> GenreCategory | None:
        if name not in self.genres:
            self.missing.add(f"体裁分类“{name}”")
        return self.genres.get(name)


@dataclass
class Published:
    page: ArticlePage
    item: Item
    at: datetime.datetime


@dataclass
class DemoResult:
    loaded: bool
    published: int = 0
    drafts: int = 0
    applications: int = 0
    decisions: int = 0
    # Records made by the feature apps' demo modules, by their Chinese label.
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# --- Entry point --------------------------------------------------------------------------


def demo_load(*, today: datetime.date | None = None) -> DemoResult:
    """Load the demo once. Returns ``loaded=False`` when an agency already exists (nothing is changed)."""
    if Agency.objects.exists():
        return DemoResult(loaded=False)
    today = today or timezone.localdate()
    result = DemoResult(loaded=True)
    started = timezone.now()
    # Demo accounts have invented addresses: no review notification may leave the machine.
    with _quiet_audit_log(), override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        with transaction.atomic():
            taxonomy = taxonomy_load()
            agency = agency_create()
            departments = departments_create()
            staff = staff_create(departments)
            home = site_create(agency)
            columns = columns_create(home)
            published = items_publish(
                columns=columns, departments=departments, staff=staff, taxonomy=taxonomy, today=today, since=started
            )
            withdrawal_create(published=published, staff=staff, since=started, notes=result.notes)
            result.drafts = drafts_submit(
                columns=columns,
                departments=departments,
                staff=staff,
                taxonomy=taxonomy,
                today=today,
                notes=result.notes,
            )
            from gongkai.demo.enforcement import enforcement_create
            from gongkai.demo.foi import annual_report_create, foi_cases_create

            result.applications = foi_cases_create(staff=staff, today=today)
            result.decisions = enforcement_create(staff=staff, today=today)
            annual_report_create(staff=staff, today=today, since=started)
            result.counts = features_create(staff=staff, today=today)
            result.published = ArticlePage.objects.live().count()
            if taxonomy.missing:
                result.notes.append("以下分类不存在，相关信息未填写该分类：" + "、".join(sorted(taxonomy.missing)))
    result.notes.extend(search_index_rebuild())
    return result


# --- Parts --------------------------------------------------------------------------------

# Each feature app keeps its demo in gongkai/demo/<app>.py with a function <app>_create(staff=, today=).
FEATURE_DEMOS = [
    ("policies", "政策文件"),
    ("consultations", "意见征集"),
    ("interviews", "新闻发布会和在线访谈"),
    ("interaction", "网民留言"),
    ("complaints", "投诉举报"),
    ("opinion", "舆情事件"),
]


def features_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> dict[str, int]:
    import importlib

    counts = {}
    for app, label in FEATURE_DEMOS:
        create = getattr(importlib.import_module(f"gongkai.demo.{app}"), f"{app}_create")
        counts[label] = create(staff=staff, today=today)
    return counts


def taxonomy_load() -> Taxonomy:
    """The catalog taxonomy seeded by the catalog app's data migration, looked up by name."""
    topics = {t.name: t for t in TopicCategory.objects.all()}
    genres = {g.name: g for g in GenreCategory.objects.all()}
    if not topics or not genres:
        raise DemoError(
            "公开目录的主题分类或体裁分类为空，无法载入演示数据。请先运行 python manage.py migrate"
            "（catalog 的数据迁移会写入默认分类），或在后台“公开目录”中添加分类后重试。"
        )
    return Taxonomy(topics=topics, genres=genres)


def agency_create() -> Agency:
    data = dict(content.AGENCY)
    first17 = data.pop("uscc_first17")
    agency = Agency(uscc=first17 + uscc_check_char(first17), **data)
    agency.full_clean()
    agency.save()
    return agency


def departments_create() -> dict[str, Department]:
    departments = {}
    for order, (name, code, kind, duties, phone, is_office) in enumerate(content.DEPARTMENTS, start=1):
        departments[code], _ = Department.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "duties": duties,
                "phone": phone,
                "is_disclosure_office": is_office,
                "sort_order": order * 10,
            },
        )
    return departments


def staff_create(departments: dict[str, Department]) -> dict[str, AbstractBaseUser]:
    """One account per role (two 信息员 and two 处室审核 in different departments), all with the demo password."""
    User = get_user_model()
    staff = {}
    for username, full_name, role, dept_code, title, superuser in content.STAFF:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name = full_name
        user.last_name = ""
        user.email = f"{username}@example.com"
        user.is_staff = True
        user.is_superuser = superuser
        user.is_active = True
        validate_password(content.DEMO_PASSWORD, user)
        user.set_password(content.DEMO_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=Role(role).value))
        StaffProfile.objects.update_or_create(
            user=user, defaults={"department": departments[dept_code], "title": title}
        )
        staff[username] = user
    return staff


def site_create(agency: Agency) -> HomePage:
    """The portal home page as the default site's root, replacing Wagtail's placeholder welcome page."""
    home = HomePage.objects.first()
    if home is None:
        welcome = Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page")
        welcome.delete()  # its Site goes with it
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="首页", slug="home", intro=content.DISCLAIMER))
        home.save_revision().publish(skip_permission_checks=True)
    Site.objects.filter(is_default_site=True).exclude(root_page=home).update(is_default_site=False)
    Site.objects.update_or_create(
        hostname="localhost",
        port=80,
        defaults={"root_page": home, "is_default_site": True, "site_name": agency.name},
    )
    return home


def columns_create(home: HomePage) -> dict[str, Page]:
    """The column tree of content.COLUMNS; returns every column and plain page by slug."""
    agency = Agency.current()
    office = Department.objects.filter(is_disclosure_office=True).first()
    fill = {
        "agency": agency.name,
        "address": agency.address,
        "postcode": agency.postcode,
        "phone": agency.phone,
        "email": agency.email,
        "office_phone": office.phone if office else agency.phone,
    }
    pages: dict[str, Page] = {}

    def add(parent: Page, column: content.Column, top_level: bool) -> None:
        existing = parent.get_children().filter(slug=column.slug).first()
        if existing is not None:
            page = existing.specific
        elif column.standard_body:
            page = parent.add_child(
                instance=StandardPage(
                    title=column.title,
                    slug=column.slug,
                    body=_fill(column.standard_body, fill),
                    updated_on=timezone.localdate(),
                    show_in_menus=top_level,
                )
            )
        else:
            page = parent.add_child(
                instance=ColumnPage(
                    title=column.title,
                    slug=column.slug,
                    intro=f"<p>{column.intro}</p>" if column.intro else "",
                    show_on_home=column.show_on_home,
                    home_order=column.home_order,
                    update_cycle_days=column.update_cycle_days,
                    show_in_menus=top_level,
                )
            )
        if existing is None:
            page.save_revision().publish(skip_permission_checks=True)
        pages[column.slug] = page
        for child in column.children:
            add(page, child, top_level=False)

    for column in content.COLUMNS:
        add(home, column, top_level=True)
    return pages


def items_publish(
    *,
    columns: dict[str, Page],
    departments: dict[str, Department],
    staff: dict[str, AbstractBaseUser],
    taxonomy: Taxonomy,
    today: datetime.date,
    since: datetime.datetime,
) -> dict[str, Published]:
    """Create and publish every item in date order, so 索引号 sequences follow publication dates."""
    items = list(content.ITEMS) + annual_report_items(today) + [content.WITHDRAWN]
    schedule = _schedule(items, today)
    numbers = _DocumentNumbers()
    published: dict[str, Published] = {}
    slugs: dict[str, int] = {}
    for item in sorted(items, key=lambda i: (schedule[i.key][1], i.key)):
        written, at = schedule[item.key]
        rng = _rng(item.key)
        dept = departments[item.dept]
        author = staff[_author_for(item)]
        publisher = staff["leader" if item.important or item.dept == "bgs" else "office_reviewer"]
        number = numbers.next(item.doc_prefix, written.year, rng) if item.doc_prefix else ""
        ctx = _context(item, dept, written, at, rng)
        day = timezone.localdate(at)
        slugs[day.isoformat()] = slugs.get(day.isoformat(), 0) + 1
        page = ArticlePage(
            title=_fill(item.title, ctx),
            slug=f"t{day:%Y%m%d}-{slugs[day.isoformat()]:02d}",
            department=dept,
            topic=taxonomy.topic(item.topic),
            genre=taxonomy.genre(item.genre),
            written_date=written,
            document_number=number,
            keywords=item.keywords,
            summary=_fill(item.summary, ctx),
            body=article_body(item, ctx, rng, published),
            source=dept.name,
            important=item.important,
            owner=author,
            live=False,
            # Set before publishing so the catalog dates the 发布日期 and 索引号 year from it.
            first_published_at=at,
        )
        columns[item.column].add_child(instance=page)
        page.save_revision(user=author).publish(user=publisher, skip_permission_checks=True)
        _backdate(page, at, since)
        published[item.key] = Published(page=page, item=item, at=at)
        if item.validity != Validity.VALID:
            continue
        # An earlier item this one amends or repeals: mark it now, as the office would on the day.
        for old in published.values():
            if old.item.superseded_by == item.key:
                _mark_superseded(old, page, publisher, at + datetime.timedelta(hours=1), since)
    return published


def withdrawal_create(
    *, published: dict[str, Published], staff: dict[str, AbstractBaseUser], since: datetime.datetime, notes: list[str]
) -> None:
    """Withdraw (撤回) one published notice with its reason, leaving a notice at its old address."""
    from gongkai.review.models import WithdrawalNotice
    from gongkai.review.services import can_withdraw, page_withdraw

    entry = published[content.WITHDRAWN.key]
    page = ArticlePage.objects.get(pk=entry.page.pk)
    user = staff["office_reviewer"]
    if not can_withdraw(user, page):
        notes.append("办公室审核账号无撤回权限，演示撤回改由系统管理员执行。")
        user = staff["admin"]
    notice = page_withdraw(page=page, user=user, reason=content.WITHDRAWAL_REASON, show_notice=True)
    when = entry.at + datetime.timedelta(days=2, hours=1)
    WithdrawalNotice.objects.filter(pk=notice.pk).update(withdrawn_at=when)
    _backdate(page, when, since, published=False)


def drafts_submit(
    *,
    columns: dict[str, Page],
    departments: dict[str, Department],
    staff: dict[str, AbstractBaseUser],
    taxonomy: Taxonomy,
    today: datetime.date,
    notes: list[str],
) -> int:
    """Items drafted by 信息员 and submitted to the review workflow, left at different steps."""
    count = 0
    for draft in content.DRAFTS:
        item = draft.item
        rng = _rng(item.key)
        dept = departments[item.dept]
        author = staff[draft.author]
        written = _workdays_before(today, 1)
        ctx = _context(item, dept, written, timezone.now(), rng)
        page = ArticlePage(
            title=_fill(item.title, ctx),
            slug=f"draft-{item.key}",
            department=dept,
            topic=taxonomy.topic(item.topic),
            genre=taxonomy.genre(item.genre),
            written_date=written,
            keywords=item.keywords,
            summary=_fill(item.summary, ctx),
            body=article_body(item, ctx, rng, {}),
            source=dept.name,
            important=item.important,
            owner=author,
            live=False,
        )
        columns[item.column].add_child(instance=page)
        page.save_revision(user=author, log_action=True)
        count += 1
        workflow = _workflow_for(page)
        if workflow is None:
            notes.append(f"未找到审核流程（{'/'.join(REVIEW_WORKFLOWS)}），草稿“{page.title}”未提交审核。")
            continue
        workflow.start(page, author)
        if draft.stage != "submitted":
            _review_step(page, draft, staff, notes)
    return count


def search_index_rebuild() -> list[str]:
    """Index the demo content for the public search; returns notes (none)."""
    from gongkai.search.indexing import search_index_rebuild as rebuild

    rebuild()
    return []


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(用户名, 密码, 角色, 处室) of the demo accounts that exist in this database."""
    User = get_user_model()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[s[0] for s in content.STAFF]).select_related(
            "staff_profile__department"
        )
    }
    rows = []
    for username, _name, role, _dept, _title, _superuser in content.STAFF:
        user = users.get(username)
        if user is None:
            continue
        profile = getattr(user, "staff_profile", None)
        rows.append((username, content.DEMO_PASSWORD, role, profile.department.name if profile else "—"))
    return rows


def logins_table(rows: list[tuple[str, str, str, str]]) -> str:
    """The logins as a fixed-width table; Chinese characters count as two columns."""
    header = ("用户名", "密码", "角色", "处室")
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(4)]
    lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --- Bodies -------------------------------------------------------------------------------


def article_body(item: Item, ctx: dict, rng: random.Random, published: dict[str, Published]) -> str:
    builders = {
        "interpretation": _body_interpretation,
        "duties": _body_duties,
        "departments": _body_departments,
        "air_report": _body_air_report,
        "water_report": _body_water_report,
        "bulletin": _body_bulletin,
        "eia_approval": _body_eia_approval,
        "penalty": _body_penalty,
        "service_guide": _body_service_guide,
        "consultation": lambda i, c, r, p: _join(content.CONSULTATION, c),
        "consultation_result": _body_consultation_result,
        "workplan": lambda i, c, r, p: _join(content.WORKPLAN, c),
        "annual_report": _body_annual_report,
    }
    builder = builders.get(item.kind, _body_default)
    return builder(item, ctx, rng, published) + content.DEMO_NOTE


def _body_default(item: Item, ctx: dict, rng: random.Random, published: dict[str, Published]) -> str:
    if item.points and item.genre in ("办法", "规定"):
        return _body_regulation(item, ctx, published)
    if item.points:
        return _body_programme(item, ctx, rng, published)
    parts = [content.ADDRESSEE] if item.genre == "通知" else []
    pool = content.THEMES[item.theme]
    if item.column in content.NEWS_COLUMNS:
        day = ctx["date"]
        lead = f"{day.month}月{day.day}日，{_fill(item.title, ctx).replace(' ', '，')}。{_fill(item.summary, ctx)}"
        # 宣教处 publishes the news; the work reported is the department's as a whole.
        ctx = {**ctx, "dept": "省生态环境厅"}
    else:
        lead = _fill(item.summary, ctx)
        pool = _non_event(pool)
    parts.append(f"<p>{lead}</p>")
    count = 2 if item.genre in content.CLOSINGS else 3
    parts += [f"<p>{_fill(p, ctx)}</p>" for p in _pick(pool, count, rng)]
    if item.genre in content.CLOSINGS:
        parts.append(f"<p>{_fill(content.CLOSINGS[item.genre], ctx)}</p>")
    return "".join(parts)


def _body_regulation(item: Item, ctx: dict, published: dict[str, Published]) -> str:
    t = content.REGULATION
    ctx = {**ctx, "genre": item.genre, "subject": item.subject, "purpose": item.purpose}
    parts = [_fill(t["first"], ctx), _fill(t["scope"], ctx), _fill(t["duty"], ctx)]
    no = 4
    for point in item.points:
        parts.append(_fill(t["point"], {"no": _cn_number(no), "point": point}))
        no += 1
    parts.append(_fill(t["liability"], {**ctx, "no": _cn_number(no)}))
    parts.append(
        _fill(t["effect"], {**ctx, "no": _cn_number(no + 1), "repeal": _repeal_sentence(item, published, item.genre)})
    )
    return "".join(parts)


def _body_programme(item: Item, ctx: dict, rng: random.Random, published: dict[str, Published]) -> str:
    t = content.PROGRAMME
    word = {"意见": "意见", "方案": "实施方案"}.get(item.genre, "要求")
    ctx = {**ctx, "subject": item.subject, "purpose": item.purpose, "genre_word": word}
    parts = [content.ADDRESSEE] if item.genre == "通知" else []
    parts += [_fill(t["opening"], ctx), t["aims_heading"], _fill(t["aims"], ctx), t["tasks_heading"]]
    parts += [_fill(t["task"], {"no": _cn_number(n), "point": p}) for n, p in enumerate(item.points, start=1)]
    parts += [t["support_heading"], _fill(t["support"], ctx)]
    repeal = _repeal_sentence(item, published, item.genre)
    if repeal:
        parts.append(f"<p>本{item.genre}自印发之日起施行。{repeal}</p>")
    if item.genre == "通知":
        parts.append(f"<p>{_fill(content.CLOSINGS['通知'], ctx)}</p>")
    return "".join(parts)


def _body_interpretation(item: Item, ctx: dict, rng: random.Random, published: dict[str, Published]) -> str:
    t = content.INTERPRETATION
    target = published[item.interprets]
    ctx = {
        **ctx,
        "purpose": target.item.purpose,
        "target_title": target.page.title,
        "target_number": target.page.document_number,
        "target_summary": target.page.summary,
        "target_id": target.page.pk,
        "theme": _fill(_pick(_non_event(content.THEMES[item.theme]), 1, rng)[0], ctx),
    }
    points = "".join(f"<li>{p}</li>" for p in target.item.points)
    return "".join(
        [
            _fill(t["background"], ctx),
            _fill(t["content"], ctx),
            f"<ol>{points}</ol>",
            _fill(t["note"], ctx),
            _fill(t["effect"], ctx),
            _fill(t["link"], ctx),
            _fill(t["contact"], ctx),
        ]
    )


def _body_duties(item: Item, ctx: dict, rng: random.Random, published: dict[str, Published]) -> str:
    duties = "".join(f"<li>{d}</li>" for d in content.AGENCY_DUTIES)
    return f"<p>{ctx['agency']}是省人民政府组成部门，主要职责是：</p><ol>{duties}</ol>"


def _body_departments(item: Item, ctx: dict, rng: random.Random, published: dict[str, Published]) -> str:
    rows = "".join(
        f"<li><b>{name}</b>：{duties}联系电话：{phone}。</li>"
        for name, _c, _k, duties, phone, _o in content.DEPARTMENTS
    )
    return f"<p>{ctx['agency']}设以下内设机构和直属单位：</p><ul>{rows}</ul>"


def _body_air_report(item: Item, ctx: dict, rng: random.Random, published: dict[str, Published]) -> str:
    t = content.AIR_REPORT
    cities = []
    for city in content.CITIES:
        cities.append({"city": city, "good": round(rng.uniform(86, 100), 1), "pm": rng.randint(16, 34)})
    delta = round(rng.uniform(0.2, 3.5), 1)
    summary = {
        **ctx,
        "avg": round(sum(c["good"] for c in cities) / len(cities), 1),
        "pm": round(sum(c["pm"] for c in cities) / len(cities)),
        "trend": rng.choice(["上升", "上升", "下降"]),
        "delta": delta,
    }
    rows = "".join(_fill(t["city"], c) for c in cities)
    return _fill(t["summary"], summary) + f"<ul>{rows}</ul>" + t["note"] + f"<p>{content.QUALITY_CLOSING}</p>"


def _body_water_report(item: Item, ctx: dict, rng: random.Random, published: dict[str, Published]) -> str:
    t = content.WATER_REPORT
    rivers = [
        {"river": r, "count": rng.randint(4, 16), "grade": rng.choice(["优", "优", "优", "良好"])}
        for r in content.RIVERS
    ]
    summary = {**ctx, "sections": sum(r["count"] for r in rivers), "good": round(rng.uniform(95, 99.5), 1)}
    rows = "".join(_fill(t["river"], r) for r in rivers)
    return _fill(t["summary"], summary) + f"<ul>{rows}</ul>" + t["note"] + f"<p>{content.QUALITY_CLOSING}</p>"


def _body_bulletin(item: Item, ctx: dict, rng: random.Random, published: dict[str, Published]) -> str:
    numbers = {
        **ctx,
        "air": round(rng.uniform(96, 99.5), 1),
        "pm": rng.randint(20, 26),
        "sections": rng.randint(150, 190),
        "water": round(rng.uniform(97, 99.8), 1),
        "noise": round(rng.uniform(52, 56), 1),
    }
    return _join(content.BULLETIN, numbers)


def _body_eia_approval(item: Item, ctx: dict, rng: random.Random, published: dict[str, Published]) -> str:
    report = "报告表" if "报告表" in item.title else "报告书"
    numbers = {
        **ctx,
        "subject": item.subject,
        "report": report,
        "report_short": report,
        "invest": round(rng.uniform(0.8, 18), 2),
        "env_invest": rng.randint(300, 4800),
    }
    return _join(content.EIA_APPROVAL, numbers)


def _body_penalty(item: Item, ctx: dict, rng: random.Random, published: dict[str, Published]) -> str:
    inspected = ctx["written"] - datetime.timedelta(days=rng.randint(45, 90))
    numbers = {
        **ctx,
        "party": item.party,
        "subject": item.subject,
        "basis": item.basis,
        "inspect_date": f"{inspected.year}年{inspected.month}月{inspected.day}日",
        "defence": rng.choice(["未提出陈述、申辩，也未要求听证", "提出了陈述、申辩，经复核，其理由不能成立"]),
        "amount": rng.choice([5, 8, 10, 12, 15, 20, 25, 32, 40]),
    }
    return _join(content.PENALTY, numbers)


def _body_service_guide(item: Item, ctx: dict, rng: random.Random, published: dict[str, Published]) -> str:
    guide = content.SERVICE_GUIDES[item.key]
    materials = "".join(f"<li>{m}</li>" for m in guide["materials"])
    return _join(content.SERVICE_GUIDE, {**ctx, **guide, "subject": item.subject, "materials": materials})


def _body_consultation_result(item: Item, ctx: dict, rng: random.Random, published: dict[str, Published]) -> str:
    adopted, partly, rejected = rng.randint(8, 20), rng.randint(2, 8), rng.randint(3, 10)
    numbers = {
        **ctx,
        "subject": item.subject,
        "total": adopted + partly + rejected,
        "adopted": adopted,
        "partly": partly,
        "rejected": rejected,
    }
    return _join(content.CONSULTATION_RESULT, numbers)


def _body_annual_report(item: Item, ctx: dict, rng: random.Random, published: dict[str, Published]) -> str:
    # The application table's check (《年度报告格式》): received + carried over = handled + carried into next year.
    outcome = {
        "granted": rng.randint(20, 45),
        "partial": rng.randint(1, 6),
        "refused": rng.randint(0, 4),
        "unavailable": rng.randint(3, 12),
        "not_processed": rng.randint(1, 5),
        "other": rng.randint(0, 3),
    }
    handled = sum(outcome.values())
    carried, carry_next = rng.randint(0, 4), rng.randint(0, 5)
    regs = rng.randint(4, 9)
    numbers = {
        **ctx,
        **outcome,
        "year": ctx["written"].year - 1,
        "published": rng.randint(900, 1600),
        "policies": rng.randint(12, 25),
        "interps": rng.randint(8, 18),
        "press": rng.randint(4, 8),
        "regs": regs,
        "repealed": rng.randint(1, 4),
        "in_force": regs + rng.randint(25, 40),
        "permits": rng.randint(300, 700),
        "penalties": rng.randint(40, 120),
        "coercions": rng.randint(2, 12),
        "handled": handled,
        "carried": carried,
        "new": handled + carry_next - carried,
        "carry_next": carry_next,
        "reviews": rng.randint(1, 3),
        "suits": rng.randint(0, 2),
    }
    numbers["review_pending"] = rng.randint(0, 1)
    numbers["upheld"] = numbers["reviews"] - numbers["review_pending"]
    numbers["pending"] = min(numbers["suits"], rng.randint(0, 1))
    return _join(content.ANNUAL_REPORT, numbers)


def annual_report_items(today: datetime.date) -> list[Item]:
    """Written 信息公开年报 for the two years before last (published before 31 January, 条例第四十九条).

    Last year's report is generated from the demo's applications instead (gongkai.demo.foi).
    """
    years = [y for y in range(today.year - 4, today.year - 1) if datetime.date(y + 1, 1, 20) <= today][-2:]
    items = []
    for year in years:
        published = datetime.date(year + 1, 1, 20)
        items.append(
            Item(
                key=f"annual-{year}",
                column="xxgknb",
                title=content.ANNUAL_REPORT_TITLE.format(year=year),
                dept="bgs",
                topic="其他",
                genre="报告",
                summary=f"{year}年本厅政府信息公开工作情况，包括主动公开、依申请公开、行政复议和行政诉讼等。",
                keywords="政府信息公开 年度报告",
                days_ago=(today - published).days,
                lag=4,
                kind="annual_report",
            )
        )
    return items


# --- Review steps -------------------------------------------------------------------------


def _workflow_for(page: ArticlePage):
    """The review workflow this page would be submitted to, or None if the review app has none yet."""
    from gongkai.review.rules import important_workflow_for

    workflow = important_workflow_for(page) or page.get_workflow()
    if workflow is None or workflow.name not in REVIEW_WORKFLOWS:
        return None
    return workflow


def _review_step(page: ArticlePage, draft: Draft, staff: dict[str, AbstractBaseUser], notes: list[str]) -> None:
    """The 处室审核 step acts on the submitted draft: approves it onwards or returns it with a comment."""
    page = ArticlePage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    if task_state is None:
        notes.append(f"草稿“{page.title}”没有待审核步骤。")
        return
    action = "reject" if draft.stage == "rejected" else "approve"
    try:
        task_state.task.specific.on_action(task_state, staff[draft.reviewer], action, comment=draft.comment)
    except (PermissionDenied, ValidationError) as exc:
        notes.append(f"草稿“{page.title}”的审核操作未完成：{exc}")


# --- Helpers ------------------------------------------------------------------------------


def _backdate(page: Page, at: datetime.datetime, since: datetime.datetime, *, published: bool = True) -> None:
    """Move what this load just recorded for ``page`` (revisions, log entries, publication time) to ``at``.

    索引号 and 发布日期 are not touched: the catalog already derived them from first_published_at.
    """
    Revision.objects.filter(
        base_content_type=page.get_base_content_type(), object_id=str(page.pk), created_at__gte=since
    ).update(created_at=at)
    PageLogEntry.objects.filter(page_id=page.pk, timestamp__gte=since).update(timestamp=at)
    fields = {"latest_revision_created_at": at}
    if published:
        fields["last_published_at"] = at
    Page.objects.filter(pk=page.pk).update(**fields)


def _mark_superseded(old: Published, new: ArticlePage, user: AbstractBaseUser, at: datetime.datetime, since) -> None:
    page = ArticlePage.objects.get(pk=old.page.pk)
    page.validity = old.item.validity
    page.superseded_by = new
    page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    _backdate(page, at, since)
    old.page = page


def _repeal_sentence(item: Item, published: dict[str, Published], genre: str) -> str:
    """The sentence saying which earlier document this one amends (已修订) or repeals (已废止)."""
    for old in published.values():
        if old.item.superseded_by == item.key:
            template = content.REGULATION["amend" if old.item.validity == Validity.AMENDED else "repeal"]
            values = {"old_title": old.page.title, "old_number": old.page.document_number, "genre": genre}
            return _fill(template, values)
    return ""


class _DocumentNumbers:
    """文号 per prefix and year, increasing in publication order with plausible gaps."""

    def __init__(self) -> None:
        self.last: dict[tuple[str, int], int] = {}

    def next(self, prefix: str, year: int, rng: random.Random) -> str:
        key = (prefix, year)
        self.last[key] = self.last.get(key, rng.randint(1, 6)) + rng.randint(1, 9)
        return f"{prefix}〔{year}〕{self.last[key]}号"


def _schedule(items: list[Item], today: datetime.date) -> dict[str, tuple[datetime.date, datetime.datetime]]:
    """(成文日期, publication time) per item. Interpretations follow their document by half an hour."""
    now = timezone.now()
    tz = timezone.get_current_timezone()
    schedule = {}
    for item in items:
        rng = _rng(f"date-{item.key}")
        if item.on is not None:
            year_offset, month, day = item.on
            target = datetime.date(today.year + year_offset, month, day)
            if target > today:
                target = target.replace(year=target.year - 1)
        else:
            target = today - datetime.timedelta(days=item.days_ago or 0)
        day = _workday_on_or_before(target)
        at = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=tz) + datetime.timedelta(
            minutes=rng.randint(0, 8 * 60)
        )
        at = min(at, now - datetime.timedelta(minutes=5))
        schedule[item.key] = (_workdays_before(timezone.localdate(at), _lag(item, rng)), at)
    for item in items:
        if item.interprets and item.interprets in schedule:
            written, at = schedule[item.interprets]
            schedule[item.key] = (written, at + datetime.timedelta(minutes=30))
    return schedule


def _lag(item: Item, rng: random.Random) -> int:
    """Working days from 成文 to 发布: mostly well inside 条例第二十六条's 20; a few items set it late on purpose."""
    if item.lag is not None:
        return item.lag
    if item.column in ("tnyw", "xwfbh"):
        return rng.choice([0, 0, 1])
    if item.column == "hjzl":
        return rng.randint(3, 6)
    return rng.randint(1, 9)


def _workday_on_or_before(day: datetime.date) -> datetime.date:
    while not is_workday(day):
        day -= datetime.timedelta(days=1)
    return day


def _workdays_before(day: datetime.date, count: int) -> datetime.date:
    while count > 0:
        day -= datetime.timedelta(days=1)
        if is_workday(day):
            count -= 1
    return day


def _context(item: Item, dept: Department, written: datetime.date, at: datetime.datetime, rng: random.Random) -> dict:
    agency = Agency.current()
    day = timezone.localdate(at)
    report_month = day.replace(day=1) - datetime.timedelta(days=1)
    office = Department.objects.filter(is_disclosure_office=True).first()
    city, city2 = rng.sample(content.CITIES, 2)
    return {
        "Y": day.year,
        "PY": day.year - 1,
        "M": report_month.month,
        "MY": report_month.year,
        "river": rng.choice(content.RIVERS),
        "city": city,
        "city2": city2,
        "n": rng.randint(6, 48),
        "n2": rng.randint(3, 20),
        "m": rng.randint(120, 900),
        "pct": round(rng.uniform(90, 99), 1),
        "pct2": rng.randint(20, 45),
        "dept": dept.name,
        "phone": dept.phone,
        "agency": agency.name,
        "address": agency.address,
        "postcode": agency.postcode,
        "email": agency.email,
        "office_phone": office.phone if office else agency.phone,
        "target_year": day.year + 2,
        "date": day,
        "written": written,
        "subject": item.subject,
        "purpose": item.purpose,
    }


def _author_for(item: Item) -> str:
    return {"xcc": "xcc_editor", "hpc": "hpc_editor", "bgs": "office_reviewer"}.get(item.dept, "admin")


def _rng(key: str) -> random.Random:
    # One generator per item: adding an item never changes the text of the others.
    return random.Random(f"{content.SEED}:{key}")


def _pick(paragraphs: list[str], count: int, rng: random.Random) -> list[str]:
    """``count`` paragraphs in their original order (so the text still reads in sequence)."""
    indices = sorted(rng.sample(range(len(paragraphs)), min(count, len(paragraphs))))
    return [paragraphs[i] for i in indices]


def _non_event(paragraphs: list[str]) -> list[str]:
    """The paragraphs of a theme that do not report a meeting, survey or training."""
    return [p for p in paragraphs if not p.startswith(content.EVENT_OPENINGS)]


def _fill(template: str, values: dict) -> str:
    return template.format_map(values)


def _join(templates: list[str], values: dict) -> str:
    return "".join(_fill(t, values) for t in templates)


_CN_DIGITS = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (enough for article and item numbers)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


@contextmanager
def _quiet_audit_log() -> Iterator[None]:
    """Keep the JSON audit copy of several hundred demo entries off the console (they stay in the database)."""
    audit = logging.getLogger("gongkai.audit")
    level = audit.level
    audit.setLevel(logging.WARNING)
    try:
        yield
    finally:
        audit.setLevel(level)
