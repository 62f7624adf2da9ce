"""Admin screens of the organisation under the 机构与人员 menu: the agency record, departments, staff."""

from django.shortcuts import redirect
from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from gongkai.org.models import Agency, Department, StaffProfile


class NoDeletePermissionPolicy(ModelPermissionPolicy):
    """Records other data hangs on (the footer identity, every item's 发布机构): never deleted from the admin."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class AgencyCreateView(generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        existing = Agency.current()
        if existing is not None:
            # One agency per installation: a second record would make the footer ambiguous.
            messages.info(request, "机构信息只有一条，请直接修改。")
            return redirect(self.edit_url_name, existing.pk)
        return super().dispatch(request, *args, **kwargs)


class AgencyViewSet(ModelViewSet):
    model = Agency
    icon = "site"
    menu_label = "机构信息"
    menu_name = "agency"
    add_to_admin_menu = False
    add_view_class = AgencyCreateView
    list_display = ["name", "uscc", "website_code", "phone"]
    copy_view_enabled = False

    @property
    def permission_policy(self):
        return NoDeletePermissionPolicy(self.model)


class DepartmentViewSet(ModelViewSet):
    model = Department
    icon = "group"
    menu_label = "处室（单位）"
    menu_name = "departments"
    add_to_admin_menu = False
    list_display = ["name", "code", "kind", "is_disclosure_office", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    ordering = ["sort_order", "pk"]
    copy_view_enabled = False

    @property
    def permission_policy(self):
        return NoDeletePermissionPolicy(self.model)


class StaffProfileViewSet(ModelViewSet):
    model = StaffProfile
    icon = "user"
    menu_label = "工作人员"
    menu_name = "staff"
    add_to_admin_menu = False
    form_fields = ["user", "department", "title"]
    list_display = ["user", "department", "title"]
    list_filter = ["department"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "title"]
    ordering = ["department__sort_order", "user__username"]
    copy_view_enabled = False


class OrgViewSetGroup(ModelViewSetGroup):
    menu_label = "机构与人员"
    menu_name = "org"
    menu_icon = "group"
    menu_order = 270
    items = (AgencyViewSet("agency"), DepartmentViewSet("departments"), StaffProfileViewSet("staff"))
