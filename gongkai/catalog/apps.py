from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = "公开目录"

    def ready(self) -> None:
        # Wiring only: ready() must not query the database (it runs before migrations).
        from gongkai.catalog.signal_handlers import register_signal_handlers

        register_signal_handlers()
