"""The prefectures (市/州) and county-level divisions of 贵州省 with their 行政区划代码, read from
``data/guizhou_regions.json``: a complaint names the place by code, and the county must belong to
the prefecture. The file is data, so a change of divisions (黔西撤县设市 in 2021, 水城撤县设区 in
2020) is an edit of the file, not of code.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_PATH = Path(__file__).with_name("data") / "guizhou_regions.json"


@dataclass(frozen=True)
class Region:
    code: str
    name: str


@dataclass(frozen=True)
class Prefecture(Region):
    counties: tuple[Region, ...]


@dataclass(frozen=True)
class BoundingBox:
    min_latitude: float
    max_latitude: float
    min_longitude: float
    max_longitude: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return (
            self.min_latitude <= latitude <= self.max_latitude and self.min_longitude <= longitude <= self.max_longitude
        )


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(DATA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def prefectures() -> tuple[Prefecture, ...]:
    return tuple(
        Prefecture(code=p["code"], name=p["name"], counties=tuple(Region(code=c, name=n) for c, n in p["counties"]))
        for p in _data()["prefectures"]
    )


@lru_cache(maxsize=1)
def bounding_box() -> BoundingBox:
    return BoundingBox(**_data()["bounding_box"])


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Region]:
    found: dict[str, Region] = {}
    for prefecture in prefectures():
        found[prefecture.code] = prefecture
        for county in prefecture.counties:
            found[county.code] = county
    return found


def prefecture(code: str) -> Prefecture | None:
    region = _by_code().get(code or "")
    return region if isinstance(region, Prefecture) else None


def county(code: str) -> Region | None:
    region = _by_code().get(code or "")
    return region if region is not None and not isinstance(region, Prefecture) else None


def name_of(code: str) -> str:
    region = _by_code().get(code or "")
    return region.name if region else ""


def county_belongs_to(county_code: str, prefecture_code: str) -> bool:
    found = prefecture(prefecture_code)
    return found is not None and any(c.code == county_code for c in found.counties)


def prefecture_choices() -> list[tuple[str, str]]:
    return [(p.code, p.name) for p in prefectures()]


def county_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped by prefecture, as an ``<optgroup>`` list (usable without JavaScript)."""
    return [(p.name, [(c.code, c.name) for c in p.counties]) for p in prefectures()]
