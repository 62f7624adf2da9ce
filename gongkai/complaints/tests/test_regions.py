"""The region data file: all 9 市/州 of 贵州省 and their 88 county-level divisions, with valid codes."""

from gongkai.complaints import regions

EXPECTED_COUNTIES = {
    "520100": 10,  # 贵阳市
    "520200": 4,  # 六盘水市
    "520300": 14,  # 遵义市
    "520400": 6,  # 安顺市
    "520500": 8,  # 毕节市
    "520600": 10,  # 铜仁市
    "522300": 8,  # 黔西南州
    "522600": 16,  # 黔东南州
    "522700": 12,  # 黔南州
}


def test_nine_prefectures_with_their_county_counts():
    assert {p.code: len(p.counties) for p in regions.prefectures()} == EXPECTED_COUNTIES
    assert sum(len(p.counties) for p in regions.prefectures()) == 88


def test_codes_are_six_digits_in_guizhou_unique_and_nested():
    codes = []
    for prefecture in regions.prefectures():
        assert prefecture.code.isdigit() and len(prefecture.code) == 6 and prefecture.code.startswith("52")
        assert prefecture.code.endswith("00")
        for county in prefecture.counties:
            assert county.code.isdigit() and len(county.code) == 6
            assert county.code[:4] == prefecture.code[:4], county
            assert county.name and county.name[-1] in "区县市" or county.name.endswith("特区")
            codes.append(county.code)
        codes.append(prefecture.code)
    assert len(codes) == len(set(codes))


def test_county_must_belong_to_its_prefecture():
    assert regions.county_belongs_to("520111", "520100")  # 花溪区, 贵阳市
    assert not regions.county_belongs_to("520111", "520300")
    assert not regions.county_belongs_to("520100", "520100")  # a prefecture is not its own county
    assert regions.name_of("520581") == "黔西市"
    assert regions.county("520522") is None  # 黔西县, abolished 2021


def test_bounding_box_contains_guiyang_and_not_kunming():
    box = regions.bounding_box()
    assert box.contains(26.647, 106.630)  # 贵阳
    assert not box.contains(25.04, 102.71)  # 昆明
    assert not box.contains(30.0, 107.0)
