"""The public search form: the query and four filters, with choices read from the data."""

from django import forms
from django.http import HttpRequest
from wagtail.models import Site

from gongkai.catalog.models import GenreCategory
from gongkai.org.models import Department
from gongkai.search.services import search_years


def column_choices(request: HttpRequest | None) -> list[tuple[int, str]]:
    """Top-level columns and the columns directly beneath them ("政务公开 › 信息公开指南")."""
    from gongkai.portal.models import ColumnPage

    site = Site.find_for_request(request) if request is not None else None
    root = site.root_page if site else None
    # .type(): through the content type's index, not past the items at the same depths.
    columns = ColumnPage.objects.live().public().type(ColumnPage)
    if root is not None:
        columns = columns.descendant_of(root).filter(depth__lte=root.depth + 2)
    columns = list(columns.order_by("path").only("pk", "title", "path", "depth"))
    titles = {column.path: column.title for column in columns}
    choices = []
    for column in columns:
        parent = titles.get(column.path[: -column.steplen])
        choices.append((column.pk, f"{parent} › {column.title}" if parent else column.title))
    return choices


class SearchForm(forms.Form):
    q = forms.CharField(label="检索词", required=False, strip=True)
    column = forms.TypedChoiceField(label="栏目", required=False, coerce=int, empty_value=None)
    department = forms.ChoiceField(label="发布机构", required=False)
    year = forms.TypedChoiceField(label="发布年份", required=False, coerce=int, empty_value=None)
    genre = forms.ChoiceField(label="体裁", required=False)

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        any_choice = [("", "全部")]
        self.fields["column"].choices = any_choice + column_choices(request)
        self.departments = {d.code: d for d in Department.objects.order_by("sort_order", "pk")}
        self.fields["department"].choices = any_choice + [(code, d.name) for code, d in self.departments.items()]
        self.fields["year"].choices = any_choice + [(year, f"{year}年") for year in search_years()]
        self.genres = {g.code: g for g in GenreCategory.objects.order_by("sort_order", "code")}
        self.fields["genre"].choices = any_choice + [(code, g.name) for code, g in self.genres.items()]
        messages = {
            "column": "所选栏目不存在，请重新选择。",
            "department": "所选发布机构不存在，请重新选择。",
            "year": "所选年份无效，请重新选择。",
            "genre": "所选体裁不存在，请重新选择。",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["invalid_choice"] = message
        self.fields["q"].widget.attrs.update({"maxlength": "100", "placeholder": "标题、正文、文号或索引号"})

    def filters(self) -> dict:
        """Keyword arguments for gongkai.search.services.search()."""
        data = self.cleaned_data
        return {
            "column": data.get("column"),
            "department": self.departments.get(data.get("department") or ""),
            "year": data.get("year"),
            "genre": self.genres.get(data.get("genre") or ""),
        }
