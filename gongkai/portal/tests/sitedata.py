"""A small but realistic portal for page, browser and accessibility tests (and screenshots).

Column names follow the issue's list; the 首页 shows 新闻发布, 通知公告, 政策文件 and 政策解读.
"""

import datetime

from django.utils import timezone

from gongkai.catalog.models import GenreCategory, TopicCategory, Validity
from gongkai.org.tests.factories import DepartmentFactory
from gongkai.portal.models import ArticlePage, HomePage
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory

NEWS = [
    "全省生态环境保护工作会议召开 部署年度重点任务",
    "省生态环境厅开展入河排污口排查整治专项督导",
    "我省启动重点行业挥发性有机物综合治理攻坚行动",
    "全省首批生态环境导向开发项目集中签约",
    "省生态环境厅召开第三季度新闻发布会",
    "乌江流域水生态环境保护联合执法行动取得阶段成效",
    "全省固体废物与化学品环境管理培训班举办",
]
NOTICES = [
    "关于开展2026年度排污许可证执行报告抽查工作的通知",
    "关于公布第二批省级生态环境损害赔偿磋商典型案例的公告",
    "关于征求《省生态环境厅行政处罚自由裁量基准（征求意见稿）》意见的通知",
    "关于做好入冬以来重污染天气应对工作的通知",
    "关于2026年度生态环境监测机构监督检查情况的通报",
]
POLICIES = [
    ("省生态环境厅关于印发《建设项目环境影响评价分级审批规定》的通知", "黔环通〔2026〕31号"),
    ("省生态环境厅关于进一步优化环评审批服务的若干措施", "黔环发〔2026〕12号"),
    ("省生态环境厅关于加强危险废物规范化环境管理的实施意见", "黔环发〔2026〕9号"),
    ("省生态环境厅 省财政厅关于印发《省级生态环境保护专项资金管理办法》的通知", "黔环通〔2026〕20号"),
]
READINGS = [
    "一图读懂《建设项目环境影响评价分级审批规定》",
    "《关于进一步优化环评审批服务的若干措施》政策解读",
    "《省级生态环境保护专项资金管理办法》解读",
]

SUMMARY = "会议总结了过去一年全省生态环境保护工作，分析当前形势，部署深入打好蓝天、碧水、净土保卫战等重点任务。"
POLICY_BODY = (
    "<p>各市（州）生态环境局，厅机关各处室、各直属单位：</p>"
    "<p>为进一步深化环评审批制度改革，明确省、市两级生态环境部门建设项目环境影响评价文件审批权限，"
    "现将《建设项目环境影响评价分级审批规定》印发给你们，请认真贯彻执行。</p>"
    "<h2>一、适用范围</h2>"
    "<p>本规定适用于本省行政区域内依法应当编制环境影响报告书、报告表的建设项目。"
    "海洋工程、核与辐射类建设项目按国家有关规定执行。</p>"
    "<h2>二、审批权限</h2>"
    "<p>跨市（州）行政区域的建设项目，由省生态环境厅负责审批；其他建设项目，"
    "由项目所在地市（州）生态环境局负责审批。</p>"
    "<p>本规定自印发之日起施行。</p>"
)


def _item(parent, title, department, *, genre=None, topic=None, number="", days_ago=0, **extra) -> ArticlePage:
    item = ArticleFactory(
        parent=parent,
        title=title,
        department=department,
        genre=genre,
        topic=topic,
        document_number=number,
        keywords=extra.pop("keywords", "生态环境 污染防治"),
        source=extra.pop("source", department.name),
        **extra,
    )
    if days_ago:
        # Spread the dates for realistic lists; the catalog set 发布日期 to today at publication.
        day = timezone.localdate() - datetime.timedelta(days=days_ago)
        ArticlePage.objects.filter(pk=item.pk).update(published_date=day, written_date=day)
        item.refresh_from_db()
    return item


def build_portal_site(home: HomePage) -> dict:
    """Columns (in menus) with published items under ``home``; returns the interesting pages by name."""
    office = DepartmentFactory(name="办公室", code="bgs")
    eia = DepartmentFactory(name="环评处", code="hpc")
    # The taxonomy normally comes from a data migration; a transactional test's flush removes it.
    genre = {
        code: GenreCategory.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in [("notice", "通知"), ("interpretation", "解读"), ("other", "其他")]
    }
    topic = {
        code: TopicCategory.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in [("eia", "环境影响评价"), ("enforcement", "环境执法")]
    }

    def column(title, slug, parent=home, **kwargs):
        return ColumnFactory(parent=parent, title=title, slug=slug, show_in_menus=True, **kwargs)

    news = column("新闻发布", "xwfb", show_on_home=True, home_order=1, update_cycle_days=14)
    disclosure = column("政务公开", "zwgk")
    notices = column("通知公告", "tzgg", parent=disclosure, show_on_home=True, home_order=2, update_cycle_days=180)
    for title, slug in [
        ("信息公开指南", "xxgkzn"),
        ("信息公开制度", "xxgkzd"),
        ("法定主动公开内容", "fdzdgknr"),
        ("主动公开目录", "zdgkml"),
        ("依申请公开", "ysqgk"),
        ("信息公开年报", "xxgknb"),
    ]:
        column(title, slug, parent=disclosure)
    policies = column("政策文件", "zcwj", show_on_home=True, home_order=3, update_cycle_days=180)
    readings = column("政策解读", "zcjd", show_on_home=True, home_order=4)
    column("回应关切", "hygq")
    services = column("办事服务", "bsfw")
    for title, slug in [("办事指南", "bszn"), ("表格下载", "bgxz"), ("审批结果公示", "spjg"), ("网上办事大厅", "wsbs")]:
        column(title, slug, parent=services)
    interaction = column("互动交流", "hdjl")
    for title, slug in [("厅长信箱", "tzxx"), ("在线访谈", "zxft"), ("征集调查", "zjdc"), ("常见问题", "cjwt")]:
        column(title, slug, parent=interaction)
    column("专题专栏", "ztzl")

    news_items = [
        _item(news, t, office, genre=genre.get("other"), days_ago=i + 1, summary=SUMMARY if i == 0 else "")
        for i, t in enumerate(NEWS)
    ]
    notice_items = [
        _item(notices, t, office, genre=genre.get("notice"), topic=topic.get("enforcement"), days_ago=2 * i + 1)
        for i, t in enumerate(NOTICES)
    ]
    policy_items = [
        _item(
            policies,
            t,
            eia,
            genre=genre.get("notice"),
            topic=topic.get("eia"),
            number=n,
            days_ago=10 * i + 3,
            body=POLICY_BODY,
            keywords="环境影响评价 分级审批 建设项目",
        )
        for i, (t, n) in enumerate(POLICIES)
    ]
    reading_items = [
        _item(readings, t, eia, genre=genre.get("interpretation"), topic=topic.get("eia"), days_ago=10 * i + 3)
        for i, t in enumerate(READINGS)
    ]
    repealed = _item(
        policies,
        "省生态环境厅关于印发《建设项目环境影响评价文件审批程序规定》的通知",
        eia,
        genre=genre.get("notice"),
        topic=topic.get("eia"),
        number="黔环通〔2019〕8号",
        days_ago=400,
        validity=Validity.REPEALED,
        superseded_by=policy_items[0],
    )
    return {
        "home": home,
        "news": news,
        "notices": notices,
        "disclosure": disclosure,
        "policies": policies,
        "readings": readings,
        "services": services,
        "interaction": interaction,
        "news_items": news_items,
        "notice_items": notice_items,
        "policy": policy_items[0],
        "policy_items": policy_items,
        "reading_items": reading_items,
        "repealed": repealed,
    }
