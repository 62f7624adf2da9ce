"""Public pages under /policies/: the policy library, 政策问答 and its as-you-type suggestions.

The suggestion endpoint is a JSON GET used by static/policies/qa-similar.js; without script the
same search is a plain form whose results page ranks by the same overlap.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from gongkai.catalog.models import Validity
from gongkai.core import ratelimit
from gongkai.policies import selectors
from gongkai.policies.forms import QUESTION_MAX_LENGTH, QuestionSearchForm

PAGE_SIZE = 20
SIMILAR_SCOPE = "policies-qa-similar"
WINDOW_SECONDS = 60


def policy_index(request: HttpRequest) -> HttpResponse:
    validity = request.GET.get("validity", "")
    if validity not in Validity.values:
        validity = ""
    policies = selectors.filter_policies(selectors.public_policies(), validity=validity)
    page_obj = Paginator(policies, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "policies/public/policy_list.html",
        {
            "policies_title": "政策文件库",
            "crumbs": [],
            "page_obj": page_obj,
            "validity": validity,
            "validities": Validity.choices,
        },
    )


def _query(request: HttpRequest) -> tuple[str, list[str]]:
    form = QuestionSearchForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["q"], []
    # Too long: answer with what fits rather than nothing (a pasted paragraph is still a question).
    text = (request.GET.get("q") or "")[:QUESTION_MAX_LENGTH]
    return text.replace("\x00", "").strip(), [f"问题较长，仅按前{QUESTION_MAX_LENGTH}个字检索。"]


def question_list(request: HttpRequest) -> HttpResponse:
    query, notices = _query(request)
    if query:
        ranked = selectors.similar_questions(
            query,
            limit=settings.GONGKAI_POLICIES_QA_RESULTS,
            candidates=settings.GONGKAI_POLICIES_QA_CANDIDATES,
        )
        entries = [entry for entry, _score in ranked]
    else:
        entries = selectors.published_questions().prefetch_related("policies")
    page_obj = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "policies/public/qa_list.html",
        {
            "policies_title": "政策问答",
            "crumbs": [{"url": "/policies/", "title": "政策文件库"}],
            "form": QuestionSearchForm(initial={"q": query}),
            "query": query,
            "notices": notices,
            "page_obj": page_obj,
            "max_length": QUESTION_MAX_LENGTH,
        },
    )


def question_similar(request: HttpRequest) -> HttpResponse:
    """JSON: the answers most like what the citizen is typing."""
    client = ratelimit.client_address(request)
    if ratelimit.exceeded(SIMILAR_SCOPE, client, limit=settings.GONGKAI_POLICIES_QA_SIMILAR_PER_MINUTE):
        return JsonResponse(
            {"error": {"code": "too_many_requests", "message": "查询过于频繁，请稍后再试。"}},
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    ratelimit.hit(SIMILAR_SCOPE, client, window_seconds=WINDOW_SECONDS)
    query, _notices = _query(request)
    results = []
    if query:
        ranked = selectors.similar_questions(
            query,
            limit=settings.GONGKAI_POLICIES_QA_SUGGESTIONS,
            candidates=settings.GONGKAI_POLICIES_QA_CANDIDATES,
        )
        results = [
            {
                "id": entry.pk,
                "question": entry.question,
                "answer": entry.answer[:120],
                "url": reverse("policies_public:qa") + "?" + urlencode({"q": entry.question}) + f"#qa-{entry.pk}",
                "score": round(value, 3),
            }
            for entry, value in ranked
        ]
    response = JsonResponse({"q": query, "results": results}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response
