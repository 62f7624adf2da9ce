from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "gongkai.review"
    label = "review"
    verbose_name = "发布审核"

    def ready(self) -> None:
        # Wiring only: ready() must not query the database (it runs before migrations).
        from gongkai.review.signal_handlers import register_signal_handlers

        register_signal_handlers()
