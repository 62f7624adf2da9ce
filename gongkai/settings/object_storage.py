"""GONGKAI_MEDIA_STORAGE → STORAGES: media and private uploads on the local disk or on S3-compatible storage.

Local disk is the default. With ``GONGKAI_MEDIA_STORAGE=s3`` both the public media (Wagtail images,
renditions, documents: ``storages["default"]``) and the applicants' files (``storages["private"]``)
go to object storage (AWS S3, MinIO, Ceph RGW, Aliyun OSS …) through django-storages.

Credentials are never settings: boto3 reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an
instance role) from the environment itself, so they cannot show up in a settings dump.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
ADDRESSING_STYLES = ("auto", "path", "virtual")
# Canned ACLs an applicant's file may carry: none of them lets anyone but the bucket owner read.
# "" sends no ACL at all, for buckets with ACLs disabled (AWS "bucket owner enforced", MinIO).
PRIVATE_ACLS = ("private", "bucket-owner-full-control", "")
# Private objects are only ever read by the app; a signed URL, should one be made, lives five minutes.
PRIVATE_URL_SECONDS = 300


def _prefix(value: str) -> str:
    return value.strip().strip("/")


def _overlap(a: str, b: str) -> bool:
    """True when one key prefix contains the other ("" contains everything)."""
    a, b = f"{a}/" if a else "", f"{b}/" if b else ""
    return a.startswith(b) or b.startswith(a)


def storages_from_env(env: Mapping[str, str], local: dict[str, Any], *, spool_bytes: int) -> dict[str, Any]:
    """The STORAGES setting: ``local`` unchanged, or its default and private entries on S3.

    ``spool_bytes``: a file read back from S3 is held in memory up to this size, then on disk,
    so that a 50 MB download does not sit in a worker's memory.
    """
    kind = env.get("GONGKAI_MEDIA_STORAGE", "local").strip().lower() or "local"
    if kind == "local":
        return local
    if kind != "s3":
        raise ImproperlyConfigured(f"GONGKAI_MEDIA_STORAGE={kind!r} 无效：只能是 local（本地磁盘）或 s3（对象存储）。")

    bucket = env.get("GONGKAI_S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured(
            "GONGKAI_MEDIA_STORAGE=s3 时必须设置 GONGKAI_S3_BUCKET（存放公开媒体文件的存储桶名称）。"
        )
    private_bucket = env.get("GONGKAI_S3_PRIVATE_BUCKET", "").strip() or bucket
    media_prefix = _prefix(env.get("GONGKAI_S3_MEDIA_PREFIX", "media"))
    private_prefix = _prefix(env.get("GONGKAI_S3_PRIVATE_PREFIX", "private"))
    if private_bucket == bucket and _overlap(media_prefix, private_prefix):
        raise ImproperlyConfigured(
            "公开媒体与私有文件在同一存储桶时，GONGKAI_S3_MEDIA_PREFIX 与 GONGKAI_S3_PRIVATE_PREFIX "
            "必须是互不包含的两个前缀（例如 media 与 private），否则申请人的文件会混入公开目录。"
        )

    endpoint = env.get("GONGKAI_S3_ENDPOINT_URL", "").strip() or None
    if endpoint and not endpoint.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            "GONGKAI_S3_ENDPOINT_URL 必须以 https:// 或 http:// 开头，例如 https://minio.example.gov.cn。"
        )
    style = env.get("GONGKAI_S3_ADDRESSING_STYLE", "").strip().lower() or None
    if style is not None and style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            "GONGKAI_S3_ADDRESSING_STYLE 只能是 auto、path 或 virtual（MinIO、Ceph 通常用 path）。"
        )
    private_acl = env.get("GONGKAI_S3_PRIVATE_ACL", "private").strip()
    if private_acl not in PRIVATE_ACLS:
        raise ImproperlyConfigured(
            "GONGKAI_S3_PRIVATE_ACL 只能是 private、bucket-owner-full-control 或空（不设 ACL）："
            "申请人的文件不得公开读取。"
        )

    common = {
        "endpoint_url": endpoint,
        "region_name": env.get("GONGKAI_S3_REGION", "").strip() or None,
        "addressing_style": style,
        # Signature V2 is deprecated on AWS and refused by many S3-compatible stores.
        "signature_version": "s3v4",
        # Django's own storages never replace a file of the same name; an image upload named like
        # another must not overwrite it either.
        "file_overwrite": False,
        "max_memory_size": spool_bytes,
    }
    # "" = send no ACL; the bucket policy (or a CDN in front) decides who reads public media.
    media_acl = env.get("GONGKAI_S3_MEDIA_ACL", "public-read").strip() or None
    return {
        **local,
        "default": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "bucket_name": bucket,
                "location": media_prefix,
                "default_acl": media_acl,
                # Public URLs must be stable to be cached (by browsers and a CDN): not signed.
                "querystring_auth": False,
                "custom_domain": env.get("GONGKAI_S3_CUSTOM_DOMAIN", "").strip() or None,
            },
        },
        "private": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "bucket_name": private_bucket,
                "location": private_prefix,
                "default_acl": private_acl or None,
                # Never a CDN and never an unsigned URL: private files leave only through the app's views.
                "custom_domain": None,
                "querystring_auth": True,
                "querystring_expire": PRIVATE_URL_SECONDS,
            },
        },
    }


def public_media_origins(options: Mapping[str, Any]) -> list[str]:
    """Origins that the public media URLs of S3Storage(**options) point at, for the pages' CSP img-src.

    Only this bucket's own host names: a wildcard such as *.amazonaws.com would admit anyone's bucket.
    """
    if options.get("custom_domain"):
        return [f"https://{options['custom_domain']}"]
    bucket, endpoint = options["bucket_name"], options.get("endpoint_url")
    if endpoint:
        parts = urlsplit(endpoint)
        path_style = f"{parts.scheme}://{parts.netloc}"
        if options.get("addressing_style") == "path":
            return [path_style]
        return [path_style, f"{parts.scheme}://{bucket}.{parts.netloc}"]
    region = options.get("region_name") or ""
    # AWS's China regions (cn-north-1 北京, cn-northwest-1 宁夏) have a domain of their own.
    domain = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    origins = [f"https://{bucket}.s3.{domain}"]
    if region:
        origins.append(f"https://{bucket}.s3.{region}.{domain}")
    return origins
