"""Admin wiring of 依申请公开: its URLs and audit-log labels."""

from django.urls import include, path
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from gongkai.foi import admin_urls
from gongkai.foi.services import ACTIONS


@hooks.register("register_admin_urls")
def register_foi_urls():
    return [path("foi/", include((admin_urls, "foi"), namespace="foi"))]


@hooks.register("register_log_actions")
def register_foi_log_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)
