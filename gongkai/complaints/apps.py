from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "gongkai.complaints"
    label = "complaints"
    verbose_name = "环境投诉举报"
