"""政策问答: ranking by bigram overlap, the public list and as-you-type endpoint, and who maintains entries."""

import pytest
from django.core.cache import cache
from wagtail.models import ModelLogEntry

from gongkai.policies.models import PolicyQuestion
from gongkai.policies.similarity import rank, tokens
from gongkai.policies.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_tokens_are_bigrams_and_latin_words_without_question_words():
    assert tokens("如何申请排污许可") == {"何申", "申请", "请排", "排污", "污许", "许可"}
    assert tokens("VOCs治理") == {"vocs", "治理"}
    assert tokens("水") == {"水"}


class Entry:
    def __init__(self, question, answer=""):
        self.question, self.answer = question, answer


def test_rank_prefers_the_closest_question_and_drops_unrelated():
    permit = Entry("排污许可证到期后如何延续？", "有效期届满60日前提出延续申请。")
    subsidy = Entry("新能源汽车购置补贴怎么申请？", "向商务部门申请。")
    noise = Entry("噪声污染投诉电话是多少？", "拨打12369。")
    ranked = rank("排污许可证延续", [subsidy, noise, permit], limit=5)
    assert [entry for entry, _ in ranked] == [permit]
    ranked = rank("污染投诉", [subsidy, noise, permit], limit=5)
    assert ranked[0][0] is noise


def test_answer_text_counts_less_than_the_question():
    in_question = Entry("环评审批时限是多久？")
    in_answer = Entry("建设项目如何办理？", "环评审批时限为法定期限。")
    ranked = rank("环评审批时限", [in_answer, in_question], limit=5)
    assert [entry for entry, _ in ranked] == [in_question, in_answer]


@pytest.fixture
def questions(depts):
    return [
        QuestionFactory(published=True, department=depts.dqc, question="排污许可证到期后如何延续？"),
        QuestionFactory(
            published=True, department=depts.dqc, question="挥发性有机物治理有哪些补助？", answer="按规定申请专项资金。"
        ),
        QuestionFactory(department=depts.dqc, question="排污许可证内部讨论稿"),
    ]


def test_similar_endpoint_returns_published_answers_as_json(client, questions):
    cache.clear()
    data = client.get("/policies/qa/similar/", {"q": "排污许可证延续"}).json()
    assert [r["question"] for r in data["results"]] == ["排污许可证到期后如何延续？"]
    assert data["results"][0]["url"].startswith("/policies/qa/?q=")
    assert client.get("/policies/qa/similar/", {"q": ""}).json()["results"] == []
    assert client.get("/policies/qa/similar/", {"q": "排污" * 200}).status_code == 200


def test_similar_endpoint_is_rate_limited(client, questions, settings):
    cache.clear()
    settings.GONGKAI_POLICIES_QA_SIMILAR_PER_MINUTE = 2
    assert client.get("/policies/qa/similar/", {"q": "排污"}).status_code == 200
    assert client.get("/policies/qa/similar/", {"q": "排污"}).status_code == 200
    response = client.get("/policies/qa/similar/", {"q": "排污"})
    assert response.status_code == 429 and "过于频繁" in response.json()["error"]["message"]
    cache.clear()


def test_list_page_works_without_javascript(client, questions):
    html = client.get("/policies/qa/").content.decode()
    assert "排污许可证到期后如何延续？" in html and "挥发性有机物治理有哪些补助？" in html
    assert "内部讨论稿" not in html
    assert "qa-similar.js" in html and "<script>" not in html
    html = client.get("/policies/qa/", {"q": "挥发性有机物补助"}).content.decode()
    assert "挥发性有机物治理有哪些补助？" in html and "排污许可证到期后如何延续？" not in html
    assert client.get("/policies/qa/", {"q": "\x00排污"}).status_code == 200


def test_only_reviewers_maintain_questions(client, staff, depts):
    client.force_login(staff.dqc_drafter)
    assert client.get("/admin/policy_questions/").status_code in (302, 403)
    client.force_login(staff.dqc_reviewer)
    assert client.get("/admin/policy_questions/").status_code == 200
    response = client.post(
        "/admin/policy_questions/new/",
        {
            "question": "大气污染防治资金怎么申请？",
            "answer": "向所在地生态环境部门提出申请。",
            "department": depts.dqc.pk,
            "is_published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = PolicyQuestion.objects.get(question="大气污染防治资金怎么申请？")
    assert entry.is_published and entry.published_at is not None
    assert ModelLogEntry.objects.filter(object_id=str(entry.pk), action="policies.question_publish").exists()
    other = QuestionFactory(department=depts.xjc, question="宣教处的问题")
    assert client.get(f"/admin/policy_questions/edit/{other.pk}/").status_code in (302, 403)
