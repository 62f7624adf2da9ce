"""The agency, its departments, and which department each member of staff belongs to."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel

from gongkai.core.validators import validate_uscc


class Agency(models.Model):
    """The department that runs the portal (主办单位). One per installation; its footer identity."""

    name = models.CharField("机构名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, validators=[validate_uscc])
    website_code = models.CharField("网站标识码", max_length=20, blank=True)
    icp_record = models.CharField("ICP备案号", max_length=50, blank=True)
    police_record = models.CharField("公安机关备案号", max_length=50, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    postcode = models.CharField("邮编", max_length=6, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    conac_badge_url = models.URLField(
        "党政机关网站标识链接", blank=True, help_text="机构编制部门颁发的党政机关网站标识的核验地址。"
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("uscc"),
        FieldPanel("website_code"),
        FieldPanel("icp_record"),
        FieldPanel("police_record"),
        FieldPanel("address"),
        FieldPanel("postcode"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("conac_badge_url"),
    ]

    class Meta:
        verbose_name = "机构信息"
        verbose_name_plural = "机构信息"

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> "Agency | None":
        return cls.objects.order_by("pk").first()


class Department(models.Model):
    """A 处室 or directly affiliated unit. Content belongs to the department that drafted it."""

    class Kind(models.TextChoices):
        OFFICE = "office", "处室"
        AFFILIATED = "affiliated", "直属单位"

    name = models.CharField("名称", max_length=50, unique=True)
    code = models.SlugField(
        "代码", max_length=20, unique=True, help_text="英文字母缩写，用于内部标识，如 hpc（环评处）。"
    )
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    duties = models.TextField("主要职责", blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    is_disclosure_office = models.BooleanField(
        "政府信息公开工作机构",
        default=False,
        help_text="承担政府信息公开工作机构职责的处室（通常为办公室）。",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("kind"),
        FieldPanel("duties"),
        FieldPanel("phone"),
        FieldPanel("is_disclosure_office"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = "处室（单位）"
        verbose_name_plural = "处室（单位）"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    """Which department a member of staff works in. Roles are Django groups (see gongkai.org.roles)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="staff", verbose_name="所属处室")
    title = models.CharField("职务", max_length=50, blank=True)

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()}（{self.department}）"
