from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "gongkai.calendar"
    label = "workcalendar"
    verbose_name = "工作日历"

    def ready(self) -> None:
        # Wiring only: ready() must not query the database (it runs before migrations).
        from gongkai.calendar.signal_handlers import register_signal_handlers

        register_signal_handlers()
