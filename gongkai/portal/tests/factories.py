"""Factories for the page tree: a home page, columns and disclosure items in each lifecycle state."""

import datetime

import factory
from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from gongkai.org.tests.factories import DepartmentFactory
from gongkai.portal.models import ArticlePage, ColumnPage, HomePage


def make_home() -> HomePage:
    """The portal's home page as the default site's root (created once per test database)."""
    existing = HomePage.objects.first()
    if existing:
        return existing
    # Wagtail's first migration leaves a placeholder welcome page (and a site on it) at the top.
    Page.objects.filter(depth=2).delete()
    # A transactional (browser) test flushes the database, and with it what Wagtail's migrations
    # seeded: the default Locale and the tree root. Put them back when they are missing.
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="首页", slug="home"))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="政务公开平台")
    return home


class _PageFactory(factory.django.DjangoModelFactory):
    """Pages are created with add_child() under ``parent`` so the tree stays valid."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        parent = parent or cls._default_parent()
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        return page


class ColumnFactory(_PageFactory):
    class Meta:
        model = ColumnPage

    title = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"column-{n}")

    @classmethod
    def _default_parent(cls):
        return make_home()


class ArticleFactory(_PageFactory):
    """A disclosure item. Traits: ``draft=True`` (never published); the default is published."""

    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"关于加强生态环境保护工作的通知（第{n}号）")
    slug = factory.Sequence(lambda n: f"item-{n}")
    department = factory.SubFactory(DepartmentFactory)
    body = "<p>为深入打好污染防治攻坚战，现就有关事项通知如下。</p>"
    written_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    live = True

    class Params:
        draft = factory.Trait(live=False)

    @classmethod
    def _default_parent(cls):
        return ColumnFactory()

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        live = kwargs.pop("live", True)
        page = super()._create(model_class, *args, parent=parent, live=False, **kwargs)
        revision = page.save_revision()
        if live:
            revision.publish()
            page.refresh_from_db()
        return page
