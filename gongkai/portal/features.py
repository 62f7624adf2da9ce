"""Links from the portal's columns to the feature apps' own pages (they are not Wagtail pages).

The 政务公开 and 互动交流 columns are where readers look for these services; the home page's entry
blocks and the column pages list them after their sub-columns. A feature that is not installed
(its URL does not resolve) is left out.
"""

from django.urls import NoReverseMatch, reverse

FEATURE_LINKS = {
    "政务公开": (
        ("政府信息公开申请", "foi_public:index"),
        ("行政执法公示", "enforcement_public:index"),
        ("政策文件库", "policies_public:index"),
        ("突发环境事件", "incidents_public:index"),
    ),
    "互动交流": (
        ("网民留言", "interaction_public:index"),
        ("环境投诉举报", "complaints_public:index"),
        ("意见征集", "consultations_public:index"),
        ("新闻发布会和在线访谈", "interviews_public:index"),
        ("政策问答", "policies_public:qa"),
    ),
}


def link(title: str, url_name: str) -> dict | None:
    try:
        return {"title": title, "url": reverse(url_name)}
    except NoReverseMatch:
        return None


def feature_links(column_title: str) -> list[dict]:
    return [found for found in (link(t, name) for t, name in FEATURE_LINKS.get(column_title, ())) if found]
