from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "gongkai.interviews"
    label = "interviews"
    verbose_name = "新闻发布会与在线访谈"
