"""Admin addresses of 行政执法公示 under /admin/enforcement/ (namespace ``enforcement``).

The decision editor itself is Wagtail's snippet editor (``wagtailsnippets_enforcement_decision``);
these are the screens around it. Each action posts to its own address. ``exchange/…`` is the 双公示
Excel import and export (``views_exchange``).
"""

from django.urls import path

from gongkai.enforcement import views_admin, views_exchange

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
    path("exchange/import/", views_exchange.ImportView.as_view(), name="exchange_import"),
    path("exchange/import/run/", views_exchange.RunView.as_view(), name="exchange_run"),
    path("exchange/import/<str:token>/", views_exchange.CheckView.as_view(), name="exchange_check"),
    path("exchange/import/<str:token>/result/", views_exchange.ResultView.as_view(), name="exchange_result"),
    path("exchange/progress/<str:token>/", views_exchange.ProgressView.as_view(), name="exchange_progress"),
    path("exchange/template/<str:kind>/", views_exchange.BlankTemplateView.as_view(), name="exchange_template"),
    path("exchange/export/", views_exchange.ExportView.as_view(), name="exchange_export"),
]
