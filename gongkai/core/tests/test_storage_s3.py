"""Media and private uploads on S3 (moto, in-process), and hashed static names in production.

The S3 tests build STORAGES with the same function as the settings (gongkai.settings.object_storage)
and send files through the app's own code: Wagtail images and documents, the FOI service that stores
a case file, and the staff download view.
"""

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import boto3
import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from moto import mock_aws
from PIL import Image as PILImage
from storages.backends.s3 import S3Storage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from gongkai.foi import services as foi_services
from gongkai.foi.models import ApplicationAttachment
from gongkai.foi.tests.factories import ApplicationFactory
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory
from gongkai.settings.object_storage import public_media_origins, storages_from_env

ROOT = Path(__file__).resolve().parents[3]
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
PUBLIC_BUCKET = "gongkai-media"
PRIVATE_BUCKET = "gongkai-private"
S3_ENV = {
    "GONGKAI_MEDIA_STORAGE": "s3",
    "GONGKAI_S3_BUCKET": PUBLIC_BUCKET,
    "GONGKAI_S3_PRIVATE_BUCKET": PRIVATE_BUCKET,
    "GONGKAI_S3_REGION": "us-east-1",
}


def _png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _public_readers(client, bucket: str, key: str) -> set[str]:
    grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    return {g["Permission"] for g in grants if g["Grantee"].get("URI") == ALL_USERS}


def _keys(client, bucket: str) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))


@pytest.fixture
def s3(monkeypatch):
    """Two moto buckets, STORAGES built from S3_ENV, and the private FileFields pointed at them."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=PUBLIC_BUCKET)
        client.create_bucket(Bucket=PRIVATE_BUCKET)
        configured = storages_from_env(S3_ENV, settings.STORAGES, spool_bytes=1024)
        with override_settings(STORAGES=configured, WAGTAILDOCS_SERVE_METHOD="serve_view"):
            # FileField(storage=private_storage) resolves its storage once, when the model class is made.
            monkeypatch.setattr(ApplicationAttachment._meta.get_field("file"), "storage", storages["private"])
            yield client


# --- Settings ---------------------------------------------------------------------------------


LOCAL = {"default": {"BACKEND": "local"}, "private": {"BACKEND": "local"}}


def test_local_disk_is_the_default():
    assert storages_from_env({}, LOCAL, spool_bytes=1) is LOCAL
    assert storages_from_env({"GONGKAI_MEDIA_STORAGE": "local"}, LOCAL, spool_bytes=1) is LOCAL


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GONGKAI_MEDIA_STORAGE": "s3"}, "必须设置 GONGKAI_S3_BUCKET"),
        ({"GONGKAI_MEDIA_STORAGE": "ftp"}, "只能是 local（本地磁盘）或 s3"),
        ({**S3_ENV, "GONGKAI_S3_PRIVATE_BUCKET": ""}, None),
        ({**S3_ENV, "GONGKAI_S3_PRIVATE_BUCKET": "", "GONGKAI_S3_PRIVATE_PREFIX": "media/private"}, "互不包含"),
        ({**S3_ENV, "GONGKAI_S3_PRIVATE_BUCKET": "", "GONGKAI_S3_MEDIA_PREFIX": ""}, "互不包含"),
        ({**S3_ENV, "GONGKAI_S3_PRIVATE_ACL": "public-read"}, "不得公开读取"),
        ({**S3_ENV, "GONGKAI_S3_ENDPOINT_URL": "minio:9000"}, "必须以 https:// 或 http:// 开头"),
        ({**S3_ENV, "GONGKAI_S3_ADDRESSING_STYLE": "dns"}, "只能是 auto、path 或 virtual"),
    ],
)
def test_bad_s3_settings_are_refused_in_chinese(env, message):
    if message is None:  # one bucket, two disjoint prefixes: allowed
        configured = storages_from_env(env, LOCAL, spool_bytes=1)
        assert configured["private"]["OPTIONS"]["bucket_name"] == PUBLIC_BUCKET
        assert configured["private"]["OPTIONS"]["location"] == "private"
        assert configured["default"]["OPTIONS"]["location"] == "media"
        return
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        storages_from_env(env, LOCAL, spool_bytes=1)


def test_private_storage_is_never_public():
    configured = storages_from_env(
        {**S3_ENV, "GONGKAI_S3_CUSTOM_DOMAIN": "cdn.example.gov.cn", "GONGKAI_S3_ENDPOINT_URL": "http://minio:9000"},
        LOCAL,
        spool_bytes=1,
    )
    public, private = configured["default"]["OPTIONS"], configured["private"]["OPTIONS"]
    assert private["default_acl"] == "private" and private["querystring_auth"] is True
    assert private["custom_domain"] is None and private["file_overwrite"] is False
    assert public["custom_domain"] == "cdn.example.gov.cn" and public["querystring_auth"] is False
    assert public["file_overwrite"] is False
    assert public["endpoint_url"] == private["endpoint_url"] == "http://minio:9000"


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"GONGKAI_S3_REGION": "eu-west-1"},
        {"GONGKAI_S3_REGION": "cn-north-1"},
        {"GONGKAI_S3_ENDPOINT_URL": "http://minio.local:9000", "GONGKAI_S3_ADDRESSING_STYLE": "path"},
        {"GONGKAI_S3_ENDPOINT_URL": "https://oss-cn-hangzhou.aliyuncs.com", "GONGKAI_S3_ADDRESSING_STYLE": "virtual"},
        {"GONGKAI_S3_ENDPOINT_URL": "https://ceph.example.gov.cn"},
        {"GONGKAI_S3_CUSTOM_DOMAIN": "cdn.example.gov.cn"},
    ],
)
def test_csp_origins_cover_the_urls_the_storage_makes(monkeypatch, extra):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    env = {"GONGKAI_MEDIA_STORAGE": "s3", "GONGKAI_S3_BUCKET": PUBLIC_BUCKET, **extra}
    options = storages_from_env(env, LOCAL, spool_bytes=1)["default"]["OPTIONS"]
    url = urlsplit(S3Storage(**options).url("images/photo.fill-32x32.png"))
    assert f"{url.scheme}://{url.netloc}" in public_media_origins(options)
    assert url.path.endswith("/media/images/photo.fill-32x32.png")


def _run_settings(code: str, **env) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DJANGO_SETTINGS_MODULE"))}
    full_env = {
        **keep,
        "DJANGO_SETTINGS_MODULE": "gongkai.settings.production",
        "SECRET_KEY": "x" * 60,
        "GONGKAI_AUDIT_CHAIN_KEY": "y" * 40,
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=60
    )


def test_production_settings_switch_to_s3_and_refuse_a_missing_bucket():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.STORAGES['default']['BACKEND'], s.STORAGES['private']['BACKEND'], "
        "s.STORAGES['staticfiles']['BACKEND'], s.WAGTAILDOCS_SERVE_METHOD); print(s.GONGKAI_CSP_PUBLIC)"
    )
    result = _run_settings(code, **S3_ENV)
    assert result.returncode == 0, result.stderr
    backends, csp = result.stdout.splitlines()
    assert backends.split() == [
        "storages.backends.s3.S3Storage",
        "storages.backends.s3.S3Storage",
        "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
        "serve_view",
    ]
    # The pages may show images from the bucket, and from nowhere else new.
    assert f"img-src 'self' data: https://{PUBLIC_BUCKET}.s3.amazonaws.com " in csp
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp

    result = _run_settings("import django; django.setup()", GONGKAI_MEDIA_STORAGE="s3")
    assert result.returncode != 0
    assert "GONGKAI_MEDIA_STORAGE=s3 时必须设置 GONGKAI_S3_BUCKET" in result.stderr


# --- Files through the app ----------------------------------------------------------------------


@pytest.mark.django_db
def test_public_image_rendition_and_document_go_to_the_public_bucket(s3, client):
    image = get_image_model().objects.create(title="现场照片", file=ImageFile(io.BytesIO(_png()), name="photo.png"))
    rendition = image.get_rendition("fill-32x32")
    document = get_document_model().objects.create(title="年度报告", file=ContentFile(b"%PDF-1.4 report", name="r.pdf"))

    keys = _keys(s3, PUBLIC_BUCKET)
    assert f"media/{image.file.name}" in keys and image.file.name.startswith("original_images/")
    assert f"media/{rendition.file.name}" in keys and rendition.file.name.startswith("images/")
    assert f"media/{document.file.name}" in keys
    assert _keys(s3, PRIVATE_BUCKET) == []
    assert _public_readers(s3, PUBLIC_BUCKET, f"media/{image.file.name}") == {"READ"}
    # Public URLs are plain (cacheable), not signed.
    assert "Signature" not in image.file.url and "X-Amz" not in image.file.url

    # Same name again: a second object, never an overwrite of the first image.
    other = get_image_model().objects.create(title="另一张", file=ImageFile(io.BytesIO(_png()), name="photo.png"))
    assert other.file.name != image.file.name

    # Documents stream through the app (its privacy checks), not a redirect to the bucket.
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 report"


@pytest.mark.django_db
def test_private_case_file_is_private_and_downloads_as_an_attachment(s3, client):
    office = DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True)
    staff = SimpleNamespace(
        office=UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=office),
        other=UserFactory(username="other", role=Role.DRAFTER, department=DepartmentFactory(code="hpc")),
    )
    case = ApplicationFactory(received=True)
    # Over spool_bytes (1 KiB): read back through a temporary file, not held in memory.
    content = b"%PDF-1.4 identity " + bytes(range(256)) * 16
    attachment = foi_services.store_generated_file(
        case,
        kind=ApplicationAttachment.Kind.IDENTITY,
        name="身份证.pdf",
        content=content,
        content_type="application/pdf",
        user=staff.office,
    )

    key = f"private/{attachment.file.name}"
    assert _keys(s3, PRIVATE_BUCKET) == [key]
    assert _keys(s3, PUBLIC_BUCKET) == []
    assert _public_readers(s3, PRIVATE_BUCKET, key) == set()
    assert s3.get_object(Bucket=PRIVATE_BUCKET, Key=key)["Body"].read() == content
    # Should anything ask for a URL, it is signed and short-lived.
    assert "X-Amz-Signature=" in attachment.file.url and "X-Amz-Expires=300" in attachment.file.url

    url = reverse("foi:attachment", args=[case.pk, attachment.pk])
    client.force_login(staff.other)
    assert client.get(url).status_code == 403
    client.force_login(staff.office)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(content))

    # Gone from the bucket: a 404, not a 500.
    s3.delete_object(Bucket=PRIVATE_BUCKET, Key=key)
    assert client.get(url).status_code == 404


def test_listing_and_ages_work_on_s3_for_backup_and_the_upload_purge(s3):
    from gongkai.core import backup
    from gongkai.enforcement import views_exchange

    private = storages["private"]
    private.save("enforcement-exchange/old.xlsx", ContentFile(b"old"))
    storages["default"].save("images/a.png", ContentFile(b"png"))
    digests = backup.files_digest()
    assert set(digests) == {"private/enforcement-exchange/old.xlsx", "default/images/a.png"}

    # A day and a bit later the upload is stale and goes; listing works on key prefixes.
    later = private.get_modified_time("enforcement-exchange/old.xlsx") + views_exchange.KEEP_FOR * 1.1
    assert views_exchange.purge_stale(now=later) == 1
    assert _keys(s3, PRIVATE_BUCKET) == []


# --- Hashed static names in production ----------------------------------------------------------


PRODUCTION_STATIC = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}


def _nginx_hashed_name_pattern() -> re.Pattern:
    template = (ROOT / "deploy" / "nginx-site.conf.template").read_text()
    block = template[template.index("location /static/") :]
    match = re.search(r'location ~\* "([^"]+)"', block)
    assert match, "nginx template: no regex location for hashed static names"
    return re.compile(match.group(1), re.IGNORECASE)


def test_nginx_caches_the_names_the_manifest_storage_makes():
    pattern = _nginx_hashed_name_pattern()
    storage = ManifestStaticFilesStorage(location=str(settings.STATICFILES_DIRS[0]))
    hashed = storage.hashed_name("gongkai/css/site.css")
    assert re.fullmatch(r"gongkai/css/site\.[0-9a-f]{12}\.css", hashed)
    assert pattern.search(f"/static/{hashed}")
    assert not pattern.search("/static/gongkai/css/site.css")
    assert not pattern.search("/static/wagtailadmin/js/vendor.js")


@pytest.fixture
def collected(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES={**settings.STORAGES, "staticfiles": PRODUCTION_STATIC}):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield storages["staticfiles"]


@pytest.mark.django_db
def test_public_page_references_hashed_static_names(collected, client, home):
    body = client.get(home.url).content.decode()
    assert re.search(r'href="/static/gongkai/css/site\.[0-9a-f]{12}\.css"', body)
    assert 'href="/static/gongkai/css/site.css"' not in body


def test_every_static_file_a_template_names_is_in_the_manifest(collected):
    # With the manifest storage a {% static %} of a missing file is an error (a 500) in production.
    names = set()
    for template in (ROOT / "gongkai").rglob("templates/**/*.html"):
        names.update(re.findall(r"""{%\s*static\s+['"]([^'"]+)['"]""", template.read_text()))
    assert names, "no {% static %} found: the scan is broken"
    missing = sorted(name for name in names if name not in collected.hashed_files)
    assert missing == []
