"""Admin addresses of 行政执法公示 under /admin/enforcement/ (namespace ``enforcement``).

The decision editor itself is Wagtail's snippet editor (``wagtailsnippets_enforcement_decision``);
these are the screens around it. Each action posts to its own address.
"""

from django.urls import path

from gongkai.enforcement import views_admin

app_name = "enforcement"

urlpatterns = [
    path("pending/", views_admin.PendingView.as_view(), name="pending"),
    path("decisions/<int:pk>/masking/", views_admin.MaskingView.as_view(), name="masking"),
    path("decisions/<int:pk>/mask/", views_admin.MaskView.as_view(), name="mask"),
    path("decisions/<int:pk>/confirm-masking/", views_admin.ConfirmMaskingView.as_view(), name="confirm_masking"),
    path("decisions/<int:pk>/withdraw/", views_admin.WithdrawView.as_view(), name="withdraw"),
    path(
        "decisions/<int:pk>/remove-after-repair/",
        views_admin.RemoveAfterRepairView.as_view(),
        name="remove_after_repair",
    ),
]
