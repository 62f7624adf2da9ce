"""The enforcement benchmark runs end to end on a tiny scale, so that `make bench` cannot rot."""

from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.enforcement.models import Decision


@pytest.mark.django_db
def test_bench_enforcement_imports_and_queries_on_a_tiny_scale(agency):
    out = StringIO()
    call_command("bench_enforcement", "--import-rows", "30", "--query-decisions", "80", "--repeat", "1", stdout=out)
    text = out.getvalue()
    assert "导入 30 行" in text
    assert "公开查询 p50" in text and "比值" in text
    assert Decision.objects.count() == 80
