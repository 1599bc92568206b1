"""The province tile grid: its layout covers the 34 provinces in the database, the tiles show and hide as
the tables do, each tile sets the province filter, and the colour classes come from round bins."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from safepath.places.models import Province
from safepath.reports import tiles
from tests.reports.test_dashboard import OCT, build_world, panel, table_rows, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client(client):
    client.cookies["safepath_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_layout_covers_exactly_the_34_provinces_in_the_database():
    codes = set(Province.objects.values_list("code", flat=True))
    assert len(codes) == 34
    assert set(tiles.LAYOUT) == codes
    assert Province.objects.filter(is_city=True).count() == 6
    positions = list(tiles.LAYOUT.values())
    assert len(set(positions)) == len(positions), "two provinces on one tile"
    for row, col in positions:
        assert 1 <= row <= tiles.ROWS and 1 <= col <= tiles.COLS
    assert len({tiles.short_name(c) for c in codes}) == 34


def test_the_layout_runs_north_to_south():
    row = {code: tiles.LAYOUT[code][0] for code in tiles.LAYOUT}
    # Lào Cai and Cao Bằng above Hà Nội, above Huế, above Hồ Chí Minh City, above Cà Mau
    assert max(row["15"], row["04"]) < row["01"] < row["46"] < row["79"] < row["96"]
    assert row["38"] < row["40"] < row["42"] < row["44"] < row["46"] < row["48"] < row["51"]


def test_bins_are_round_and_cover_the_largest_value():
    table = tiles.bins([0, 3, 12, 37])
    assert [(b.low, b.high) for b in table] == [(0, 0), (0, 10), (10, 20), (20, 30), (30, 40)]
    assert [tiles.bin_of(v, table) for v in (None, 0, 1, 10, 11, 37)] == [0, 0, 1, 1, 2, 4]
    assert tiles.bins([]) == [tiles.Bin(0, 0.0, 0.0)]
    assert len(tiles.bins([2])) == 3  # 0, then 1 and 2: a count class is never narrower than 1
    assert len(tiles.bins([0.4, 0.9], whole=False)) <= 5


def test_the_tiles_show_every_province_and_hide_small_cells(client, world):
    html = text(panel(client, world["analyst"], "tiles", OCT + "&map=MRC-01"))
    tiles_html = re.findall(
        r'<li class="r(\d+) c(\d+)"><a class="sp-tile ([^"]*)" href="([^"]*)" data-province="(\d+)"[^>]*>(.*?)</a></li>',
        html,
        re.S,
    )
    assert len(tiles_html) == 34
    by_code = {code: (css, href, body) for _r, _c, css, href, code, body in tiles_html}
    # 12 from Hà Nội, 3 from Lào Cai (hidden, and Hà Nội with it: 35 - 20 would give it away), 20 from HCMC
    assert "sp-bin-hidden" in by_code["15"][0] and ">x<" in by_code["15"][2]
    assert "sp-bin-hidden" in by_code["01"][0]
    assert "sp-bin-hidden" not in by_code["79"][0] and ">20<" in by_code["79"][2]
    assert "sp-bin-0" in by_code["96"][0] and ">0<" in by_code["96"][2]
    assert "sp-tile-city" in by_code["79"][0] and "sp-tile-city" not in by_code["15"][0]
    assert "Ho Chi Minh" in by_code["79"][2]  # the name as text, not only the short form
    # the same figures in a table beside the grid
    rows = table_rows(html, "Consultations by province")
    assert rows["Lao Cai"] == ["x"] and rows["Ho Chi Minh City"] == ["20"] and len(rows) == 34
    assert "x: hidden" in html


def test_a_supervisor_sees_exact_tiles(client, world):
    html = text(panel(client, world["supervisor"], "tiles", OCT + "&map=MRC-01"))
    rows = table_rows(html, "Consultations by province")
    assert rows["Ha Noi"] == ["12"] and rows["Lao Cai"] == ["3"] and rows["Ho Chi Minh City"] == ["0"]
    assert "sp-bin-hidden" not in html


def test_a_tile_sets_the_province_filter_and_the_map_keeps_every_province(client, world):
    html = text(panel(client, world["supervisor"], "tiles", OCT + "&map=MRC-01"))
    href = re.search(r'href="([^"]*)" data-province="15"', html).group(1).replace("&amp;", "&")
    assert href.startswith(reverse("reports:dashboard") + "?") and "province=15" in href and "map=MRC-01" in href
    query = href.split("?", 1)[1].split("#")[0]
    # the whole page is now about Lào Cai ...
    figures = text(panel(client, world["supervisor"], "consultations", query))
    assert table_rows(figures, "Consultations by channel") == {"At the centre": ["3"], "Total": ["3"]}
    # ... while the map still shows every province, Lào Cai outlined, and its tile now clears the filter
    again = text(panel(client, world["supervisor"], "tiles", query))
    assert len(re.findall(r'data-province="\d+"', again)) == 34
    tile = re.search(r'<a class="sp-tile ([^"]*)" href="([^"]*)" data-province="15"[^>]*aria-current="true"', again)
    assert "sp-tile-selected" in tile.group(1) and "province=" not in tile.group(2)
    assert 'id="tile-clear"' in again


def test_every_tile_is_a_link_reached_by_the_keyboard(client, world):
    html = text(panel(client, world["analyst"], "tiles", OCT))
    links = re.findall(r'<a class="sp-tile[^"]*" href="[^"]+"', html)
    assert len(links) == 34
    assert 'tabindex="-1"' not in html
