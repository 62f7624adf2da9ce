"""Admin views of 依申请公开: case list, case page with its actions (work in progress)."""

from django.http import Http404
from django.views import View


class CaseView(View):
    def get(self, request, pk):
        raise Http404
