"""Admin wiring of the organisation: the 机构与人员 menu (agency, departments, staff)."""

from wagtail import hooks

from gongkai.org.views import OrgViewSetGroup


@hooks.register("register_admin_viewset")
def register_org_viewsets():
    return OrgViewSetGroup()
