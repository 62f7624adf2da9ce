from wagtail import hooks

from gongkai.core import twofactor


@hooks.register("register_admin_urls")
def register_twofactor_urls():
    return twofactor.urlpatterns


@hooks.register("register_log_actions")
def register_twofactor_log_actions(actions):
    for action, label in twofactor.ACTIONS.items():
        actions.register_action(action, label, label)
