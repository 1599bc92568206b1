"""The 34 provinces (since 1 July 2025) as a tile grid: one square per province, placed roughly where it lies.

No GeoJSON of the new provinces exists yet, so the dashboard draws a tile grid instead of a map: each
province or centrally-run city is a square at ``(row, col)`` (counted from 1), north at the top, the
coast on the right, the Mekong delta at the bottom left. ``LAYOUT`` is keyed by the province code of
`safepath.places.models.Province`; a test checks it covers exactly the codes in the database.

``bins(values)`` cuts the values shown into a few classes with round bounds for the colour legend.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

ROWS: Final = 17
COLS: Final = 6

# code: (row, col, short name shown on the tile; the full name is read out and shown on wider screens)
TILES: Final[dict[str, tuple[int, int, str]]] = {
    # north-west and north-east mountains
    "12": (1, 1, "LCh"),  # Lai Châu
    "15": (1, 2, "LCa"),  # Lào Cai (with Yên Bái)
    "08": (1, 3, "TQ"),  # Tuyên Quang (with Hà Giang)
    "04": (1, 4, "CB"),  # Cao Bằng
    "11": (2, 1, "ĐB"),  # Điện Biên
    "14": (2, 2, "SL"),  # Sơn La
    "19": (2, 3, "TN"),  # Thái Nguyên (with Bắc Kạn)
    "20": (2, 4, "LS"),  # Lạng Sơn
    # the Red River delta
    "25": (3, 2, "PT"),  # Phú Thọ (with Vĩnh Phúc, Hòa Bình)
    "01": (3, 3, "HN"),  # Hà Nội
    "24": (3, 4, "BN"),  # Bắc Ninh (with Bắc Giang)
    "22": (3, 5, "QN"),  # Quảng Ninh
    "37": (4, 3, "NB"),  # Ninh Bình (with Hà Nam, Nam Định)
    "33": (4, 4, "HY"),  # Hưng Yên (with Thái Bình)
    "31": (4, 5, "HP"),  # Hải Phòng (with Hải Dương)
    # the north-central coast
    "38": (5, 3, "TH"),  # Thanh Hóa
    "40": (6, 3, "NA"),  # Nghệ An
    "42": (7, 3, "HT"),  # Hà Tĩnh
    "44": (8, 4, "QT"),  # Quảng Trị (with Quảng Bình)
    "46": (9, 4, "Huế"),  # Huế
    "48": (10, 5, "ĐN"),  # Đà Nẵng (with Quảng Nam)
    # the south-central coast and the central highlands
    "51": (11, 5, "QNg"),  # Quảng Ngãi (with Kon Tum)
    "52": (12, 5, "GL"),  # Gia Lai (with Bình Định)
    "66": (13, 5, "ĐL"),  # Đắk Lắk (with Phú Yên)
    "68": (14, 4, "LĐ"),  # Lâm Đồng (with Đắk Nông, Bình Thuận)
    "56": (14, 5, "KH"),  # Khánh Hòa (with Ninh Thuận)
    # the south-east
    "80": (14, 2, "TNi"),  # Tây Ninh (with Long An)
    "75": (14, 3, "ĐNa"),  # Đồng Nai (with Bình Phước)
    "79": (15, 3, "HCM"),  # Hồ Chí Minh City (with Bình Dương, Bà Rịa - Vũng Tàu)
    # the Mekong delta
    "91": (15, 1, "AG"),  # An Giang (with Kiên Giang)
    "82": (15, 2, "ĐT"),  # Đồng Tháp (with Tiền Giang)
    "92": (16, 2, "CT"),  # Cần Thơ (with Sóc Trăng, Hậu Giang)
    "86": (16, 3, "VL"),  # Vĩnh Long (with Bến Tre, Trà Vinh)
    "96": (17, 2, "CM"),  # Cà Mau (with Bạc Liêu)
}

LAYOUT: Final[dict[str, tuple[int, int]]] = {code: (row, col) for code, (row, col, _) in TILES.items()}


def short_name(code: str) -> str:
    return TILES[code][2] if code in TILES else code


def position(code: str, unplaced: int = 0) -> tuple[int, int]:
    """Where a province's tile goes; a code missing from the layout goes below the grid, in order."""
    if code in LAYOUT:
        return LAYOUT[code]
    return ROWS + 1 + unplaced // COLS, 1 + unplaced % COLS


@dataclass(frozen=True)
class Bin:
    index: int  # 0: nothing recorded (zero); 1..n: the classes, lighter to darker
    low: float  # exclusive (except for bin 0)
    high: float  # inclusive


def _nice(step: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least ``step``."""
    if step <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(step))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= step - 1e-9:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def bins(values: Iterable[float], classes: int = 4, *, whole: bool = True) -> list[Bin]:
    """Bin 0 for zero, then up to ``classes`` classes of equal, round width up to the largest value.

    ``whole``: the values are counts, so a class is never narrower than 1.
    """
    top = max((v for v in values if v is not None and v > 0), default=0.0)
    out = [Bin(0, 0.0, 0.0)]
    if top <= 0:
        return out
    step = _nice(top / classes)
    if whole:
        step = max(1.0, math.ceil(step))
    high = 0.0
    index = 1
    while high < top - 1e-9:
        out.append(Bin(index, high, high + step))
        high += step
        index += 1
    return out


def bin_of(value: float | None, table: list[Bin]) -> int:
    if value is None or value <= 0:
        return 0
    for item in table[1:]:
        if value <= item.high + 1e-9:
            return item.index
    return table[-1].index
