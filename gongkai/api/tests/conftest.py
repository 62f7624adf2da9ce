import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from gongkai.catalog.models import GenreCategory, TopicCategory, Validity
from gongkai.org.tests.factories import DepartmentFactory
from gongkai.portal.models import ArticleAttachment
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int = 6, day: int = 1, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def site(home):
    """A small published site: two columns (one nested), two departments, items of several kinds."""
    hpc = DepartmentFactory(code="hpc", name="环评处")
    dqc = DepartmentFactory(code="dqc", name="大气处")
    policies = ColumnFactory(parent=home, title="政策文件", slug="policies")
    notices = ColumnFactory(parent=home, title="通知公告", slug="notices")
    eia_notices = ColumnFactory(parent=notices, title="环评公示", slug="eia-notices")
    air = TopicCategory.objects.get(code="air")
    eia = TopicCategory.objects.get(code="eia")
    notice = GenreCategory.objects.get(code="notice")
    measures = GenreCategory.objects.get(code="measures")

    new_rules = ArticleFactory(
        parent=policies,
        title="某省大气污染防治办法（2026年修订）",
        department=dqc,
        topic=air,
        genre=measures,
        document_number="环发〔2026〕3号",
        keywords="大气，污染防治 办法",
        summary="修订后的大气污染防治办法。",
        written_date=datetime.date(2026, 2, 20),
        first_published_at=at(2026, 3, 2),
    )
    old_rules = ArticleFactory(
        parent=policies,
        title="某省大气污染防治办法",
        department=dqc,
        topic=air,
        genre=measures,
        document_number="环发〔2020〕9号",
        validity=Validity.AMENDED,
        superseded_by=new_rules,
        written_date=datetime.date(2020, 5, 6),
        first_published_at=at(2020, 5, 20),
    )
    approval = ArticleFactory(
        parent=eia_notices,
        title="关于某项目环境影响报告书的批复",
        department=hpc,
        topic=eia,
        genre=notice,
        body='<p>经研究，批复如下。</p><p><a href="https://example.gov.cn/">链接</a></p>',
        written_date=datetime.date(2025, 11, 3),
        first_published_at=at(2025, 11, 10),
    )
    document = get_document_model().objects.create(
        title="环境影响报告书", file=ContentFile(b"%PDF-1.4 test", name="report.pdf")
    )
    ArticleAttachment.objects.create(page=approval, document=document, title="报告书全文", sort_order=0)
    draft = ArticleFactory(parent=policies, title="尚未发布的草稿", department=hpc, draft=True)
    return {
        "policies": policies,
        "notices": notices,
        "eia_notices": eia_notices,
        "new_rules": new_rules,
        "old_rules": old_rules,
        "approval": approval,
        "draft": draft,
        "document": document,
    }
