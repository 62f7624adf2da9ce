from django.apps import AppConfig


class OpinionConfig(AppConfig):
    name = "gongkai.opinion"
    label = "opinion"
    verbose_name = "舆情监测与回应"

    def ready(self) -> None:
        # Wiring only: ready() must not query the database (it runs before migrations).
        from gongkai.opinion.platform_sources import register_signal_handlers

        register_signal_handlers()
