"""Signal wiring of the catalog, connected from CatalogConfig.ready() (which touches no database)."""

from django.db.models.signals import pre_save
from wagtail.signals import page_published

from gongkai.catalog.models import DisclosureMetadata

IMMUTABLE_FIELDS = ("index_number", "published_date")


class ImmutableCatalogFieldError(ValueError):
    """Raised when code tries to replace a stored 索引号 or 发布日期 with a different value."""


def assign_identity_on_publish(sender, instance, revision=None, alias=False, **kwargs) -> None:
    # An alias mirrors another item at a second address; the number belongs to the original.
    if alias or not isinstance(instance, DisclosureMetadata):
        return
    from gongkai.catalog.services import catalog_identity_assign

    catalog_identity_assign(page=instance)


def protect_identity_on_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Keep 索引号 and 发布日期 as first given, whatever path saves the page.

    - A new row never brings a number with it: copies and aliases of a published item would
      otherwise duplicate it. Its own number comes at its own first publication.
    - An existing row keeps its stored values. A stale in-memory object (loaded before the
      first publication) gets them back quietly; a deliberate different value is refused.
    """
    if raw or not isinstance(instance, DisclosureMetadata):
        return
    if update_fields is not None and not set(IMMUTABLE_FIELDS) & set(update_fields):
        return
    if instance._state.adding or instance.pk is None:
        stored = None
        if instance.pk is not None:
            stored = type(instance)._base_manager.filter(pk=instance.pk).values(*IMMUTABLE_FIELDS).first()
        if stored is None:
            instance.index_number = None
            instance.published_date = None
            return
    else:
        stored = type(instance)._base_manager.filter(pk=instance.pk).values(*IMMUTABLE_FIELDS).first()
        if stored is None:
            return
    for field in IMMUTABLE_FIELDS:
        old = stored[field]
        new = getattr(instance, field)
        if old is None or old == new:
            continue
        if new is not None:
            label = instance._meta.get_field(field).verbose_name
            raise ImmutableCatalogFieldError(f"{label}一经生成不可更改（{old} → {new}）。")
        setattr(instance, field, old)


def register_signal_handlers() -> None:
    page_published.connect(assign_identity_on_publish, dispatch_uid="gongkai.catalog.assign_identity")
    pre_save.connect(protect_identity_on_save, dispatch_uid="gongkai.catalog.protect_identity")
