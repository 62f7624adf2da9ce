import datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.catalog.models import GenreCategory
from gongkai.org.tests.factories import DepartmentFactory
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int = 6, day: int = 1, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def corpus(home):
    """Published items in two columns (one nested) from two departments, plus a draft."""
    dqc = DepartmentFactory(code="dqc", name="大气处")
    hpc = DepartmentFactory(code="hpc", name="环评处")
    notice = GenreCategory.objects.get(code="notice")
    policies = ColumnFactory(parent=home, title="政策文件", slug="policies")
    news = ColumnFactory(parent=home, title="新闻发布", slug="news")
    news_local = ColumnFactory(parent=news, title="地方动态", slug="local")
    items = {
        "plan": ArticleFactory(
            parent=policies,
            title="关于印发大气污染防治行动计划的通知",
            department=dqc,
            genre=notice,
            document_number="黔环发〔2024〕12号",
            body="<p>为改善环境空气质量，制定本计划。</p>",
            first_published_at=at(2024, 3, 5),
        ),
        "water": ArticleFactory(
            parent=news_local,
            title="全省水环境质量持续改善",
            department=hpc,
            body="<p>全年重点流域<b>污染防治</b>成效明显，PM2.5浓度下降。</p>",
            summary="水质优良比例提高。",
            first_published_at=at(2025, 7, 1),
        ),
        "report": ArticleFactory(
            parent=news,
            title="2025年工作总结",
            department=dqc,
            body="<p>推进大气污染防治，完成年度目标。</p>",
            first_published_at=at(2025, 12, 30),
        ),
    }
    items["draft"] = ArticleFactory(
        parent=policies, title="尚未发布的污染防治草稿", department=dqc, body="<p>草稿污染防治</p>", draft=True
    )
    return {"policies": policies, "news": news, "news_local": news_local, "dqc": dqc, "hpc": hpc, **items}
