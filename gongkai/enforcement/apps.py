from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "gongkai.enforcement"
    label = "enforcement"
    verbose_name = "行政执法公示"

    def ready(self) -> None:
        # Wiring only: ready() must not query the database (it runs before migrations).
        from django.db.models.signals import post_save

        from gongkai.enforcement.models import Decision
        from gongkai.enforcement.selectors import register_report_sources

        register_report_sources()
        post_save.connect(_sync_search_entry, sender=Decision, dispatch_uid="enforcement-search-entry")


def _sync_search_entry(sender, instance, raw=False, **kwargs) -> None:
    # Every way a decision goes live or stops being live (publish, unpublish, withdraw, removal
    # after 信用修复) ends in save(); the public query's index follows it (search_index.sync).
    if raw:
        return
    from gongkai.enforcement.search_index import sync

    sync(instance)
