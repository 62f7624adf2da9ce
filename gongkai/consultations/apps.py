from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "gongkai.consultations"
    label = "consultations"
    verbose_name = "决策预公开与意见征集"

    def ready(self) -> None:
        from gongkai.consultations.signal_handlers import register_signal_handlers

        register_signal_handlers()
