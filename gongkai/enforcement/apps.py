from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "gongkai.enforcement"
    label = "enforcement"
    verbose_name = "行政执法公示"

    def ready(self) -> None:
        # Wiring only: ready() must not query the database (it runs before migrations).
        from gongkai.enforcement.selectors import register_report_sources

        register_report_sources()
