"""Admin screens of the review app under the 发布审核 menu: word lists and the two audit records."""

from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from gongkai.review.models import SensitiveOverride, SensitiveWord, WithdrawalNotice, WrongTerm


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Records written only by the review services: nobody adds, edits or deletes them by hand."""

    WRITE_ACTIONS = frozenset({"add", "change", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class SensitiveWordViewSet(ModelViewSet):
    model = SensitiveWord
    icon = "warning"
    menu_label = "敏感词"
    menu_name = "sensitive-words"
    add_to_admin_menu = False
    list_display = ["word", "severity", "note", "active", "updated_at"]
    list_filter = ["severity", "active"]
    search_fields = ["word", "note"]
    ordering = ["word"]
    copy_view_enabled = False


class WrongTermViewSet(ModelViewSet):
    model = WrongTerm
    icon = "edit"
    menu_label = "规范用语"
    menu_name = "wrong-terms"
    add_to_admin_menu = False
    list_display = ["wrong", "correct", "severity", "effective_from", "active"]
    list_filter = ["severity", "active"]
    search_fields = ["wrong", "correct", "note"]
    ordering = ["wrong"]
    copy_view_enabled = False


class _RecordViewSet(ModelViewSet):
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True

    @property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(self.model)


class SensitiveOverrideViewSet(_RecordViewSet):
    model = SensitiveOverride
    icon = "success"
    menu_label = "错敏词放行记录"
    menu_name = "sensitive-overrides"
    list_display = ["page", "words", "reason", "user", "created_at"]
    search_fields = ["reason"]
    ordering = ["-created_at"]
    inspect_view_fields = ["page", "revision", "words", "reason", "user", "created_at"]
    form_fields = ["reason"]  # never offered: the policy refuses add and change


class WithdrawalNoticeViewSet(_RecordViewSet):
    model = WithdrawalNotice
    icon = "doc-empty-inverse"
    menu_label = "撤回记录"
    menu_name = "withdrawals"
    list_display = ["title", "url_path", "reason", "show_notice", "withdrawn_by", "withdrawn_at"]
    list_filter = ["show_notice"]
    search_fields = ["title", "reason", "url_path"]
    ordering = ["-withdrawn_at"]
    inspect_view_fields = ["title", "url_path", "page", "reason", "show_notice", "withdrawn_by", "withdrawn_at"]
    form_fields = ["reason"]  # never offered: the policy refuses add and change


class ReviewViewSetGroup(ModelViewSetGroup):
    menu_label = "发布审核"
    menu_name = "review"
    menu_icon = "tasks"
    menu_order = 260
    items = (
        SensitiveWordViewSet("sensitive_words"),
        WrongTermViewSet("wrong_terms"),
        SensitiveOverrideViewSet("sensitive_overrides"),
        WithdrawalNoticeViewSet("withdrawals"),
    )
