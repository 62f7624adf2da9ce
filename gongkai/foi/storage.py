"""Where case files live: a storage of their own, outside MEDIA_ROOT, never served by a web server.

Identity documents and unreleased material must not be reachable by guessing a URL; every file
goes out through a view that checks the member of staff's scope or the applicant's 查询码.
"""

from django.core.files.storage import storages


def private_storage():
    # A callable, so that the storage is looked up when used (tests swap STORAGES["private"]).
    return storages["private"]
