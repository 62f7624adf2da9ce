"""Public views of 依申请公开: the application form, the query page, statistics (work in progress)."""

from django.http import Http404
from django.views import View


class QueryView(View):
    def get(self, request):
        raise Http404
