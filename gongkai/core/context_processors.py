from django.http import HttpRequest

from gongkai.org.models import Agency


def site_identity(request: HttpRequest) -> dict:
    """The agency record for every page's header and footer (主办单位, 网站标识码, 备案号)."""
    return {"agency": Agency.current()}
