"""The opinion benchmark runs end to end on a tiny scale, so that `make bench` cannot rot."""

from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.opinion.models import Item


@pytest.mark.django_db
def test_bench_opinion_on_a_tiny_scale():
    out = StringIO()
    call_command("bench_opinion", "--items", "200", "--batch", "50", stdout=out)
    text = out.getvalue()
    assert "入库 200 条" in text and "条/秒" in text and "事件数" in text and "内存峰值" in text
    assert Item.objects.count() == 0  # rolled back


@pytest.mark.django_db
def test_bench_opinion_can_keep_its_data():
    call_command("bench_opinion", "--items", "60", "--batch", "25", "--keep", stdout=StringIO())
    assert Item.objects.count() == 60
