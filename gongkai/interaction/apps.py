from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "gongkai.interaction"
    label = "interaction"
    verbose_name = "互动交流"

    def ready(self) -> None:
        from gongkai.interaction.signal_handlers import register_signal_handlers

        register_signal_handlers()
