"""Vietnam's administrative units as published, read from the `vietnamadminunits` package.

Why this package: it is the one maintained package that ships all three things the app needs, as
data (MIT, data files inside the wheel, no network):
- the 34 provinces and 3,321 communes (xã, phường, đặc khu) since 1/7/2025, with their official codes;
- the 10,040 units before the reform (63 provinces, 696 districts, communes), with their codes;
- the old → new mapping, including the 471 old communes split between several new ones, each with the
  one new commune the mapping names by default.
`vietnam-provinces` (2025.10.1, also maintained) ships only the current list: no former units, no
mapping, so it cannot give a merged commune its history. Only the package's data files are read
(data/dataset.db, the tables its `database.query` reads, and data/converter_2025.json, the mapping its
converter uses), straight from where the package is installed: importing the package would load its
address parser and geocoder (shapely, numpy, geopy), which the app does not use, for seconds each time.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sqlite3
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from .models import Kind

PROVINCE_KINDS = {"Tỉnh": Kind.TINH, "Thành phố": Kind.THANH_PHO_TW}
DISTRICT_KINDS = {"Huyện": Kind.HUYEN, "Quận": Kind.QUAN, "Thành phố": Kind.THANH_PHO, "Thị xã": Kind.THI_XA}
COMMUNE_KINDS = {"Xã": Kind.XA, "Phường": Kind.PHUONG, "Thị trấn": Kind.THI_TRAN, "Đặc khu": Kind.DAC_KHU}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    parent: str | None = None  # the parent's code
    successor: str | None = None  # former units: the code of the current unit that took it in
    also_to: tuple[str, ...] = ()  # former communes split between several: the other current communes


@dataclass
class Country:
    source: str
    provinces: dict[str, Unit] = field(default_factory=dict)
    communes: dict[str, Unit] = field(default_factory=dict)
    former_provinces: dict[str, Unit] = field(default_factory=dict)
    districts: dict[str, Unit] = field(default_factory=dict)
    former_communes: dict[str, Unit] = field(default_factory=dict)


def _kind(kinds: dict[str, str], full: str) -> str:
    """The kind from the title before the name ("Thành Phố Bắc Kạn" is spelled both ways in the data)."""
    for title, kind in kinds.items():
        if full.casefold().startswith(title.casefold() + " "):
            return kind
    raise ValueError(f"Unknown kind of unit: {full}")


def _package_data() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The vietnamadminunits package is not installed (pip install vietnamadminunits).")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@functools.cache
def country_read() -> Country:
    """The whole country, current and former, keyed by official code."""
    data = _package_data()
    mapping = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    connection = sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row

    def query(sql: str) -> list[sqlite3.Row]:
        return connection.execute(sql).fetchall()

    country = Country(source=f"vietnamadminunits {version('vietnamadminunits')}")
    new_by_key: dict[tuple[str, str], str] = {}
    new_province_by_key: dict[str, str] = {}
    for r in query("SELECT province, provinceShort, provinceCode, provinceKey, ward, wardShort, wardCode, wardKey "
                   "FROM admin_units ORDER BY wardCode"):
        country.provinces.setdefault(r["provinceCode"], Unit(
            r["provinceCode"], r["provinceShort"], _kind(PROVINCE_KINDS, r["province"])))
        country.communes[r["wardCode"]] = Unit(r["wardCode"], r["wardShort"], _kind(COMMUNE_KINDS, r["ward"]),
                                               parent=r["provinceCode"])
        new_by_key[(r["provinceKey"], r["wardKey"])] = r["wardCode"]
        new_province_by_key[r["provinceKey"]] = r["provinceCode"]

    old_province_successor = {old: new_province_by_key[new] for new, olds in mapping["DICT_PROVINCE"].items()
                              for old in olds}
    whole: dict[str, str] = {}
    for province_key, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, olds in wards.items():
            whole.update({old: new_by_key[(province_key, ward_key)] for old in olds})
    split: dict[str, list[str]] = {}
    for province_key, olds in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, targets in olds.items():
            ordered = sorted(targets, key=lambda t: not t["isDefaultNewWard"])  # the default first
            split[old] = [new_by_key[(province_key, t["newWardKey"])] for t in ordered]

    for r in query("SELECT province, provinceShort, provinceCode, provinceKey, district, districtShort, "
                   "districtCode, districtKey, ward, wardShort, wardCode, wardKey FROM admin_units_legacy "
                   "ORDER BY districtCode, wardCode"):
        country.former_provinces.setdefault(r["provinceCode"], Unit(
            r["provinceCode"], r["provinceShort"], _kind(PROVINCE_KINDS, r["province"]),
            successor=old_province_successor[r["provinceKey"]]))
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        targets = split.get(key) or [whole[key]]
        if r["wardCode"] is None:  # an island district without communes, now a đặc khu
            country.districts[r["districtCode"]] = Unit(
                r["districtCode"], r["districtShort"], _kind(DISTRICT_KINDS, r["district"]),
                parent=r["provinceCode"], successor=targets[0])
            continue
        country.districts.setdefault(r["districtCode"], Unit(
            r["districtCode"], r["districtShort"], _kind(DISTRICT_KINDS, r["district"]), parent=r["provinceCode"]))
        country.former_communes[r["wardCode"]] = Unit(
            r["wardCode"], r["wardShort"], _kind(COMMUNE_KINDS, r["ward"]), parent=r["districtCode"],
            successor=targets[0], also_to=tuple(targets[1:]))
    connection.close()
    return country
