import pytest

from core.models import Region
from core.selectors import region_tree, townships
from tests.factories import VillageFactory, township

pytestmark = pytest.mark.django_db


def test_the_county_has_its_23_townships_with_statistical_codes():
    county = Region.objects.get(code="130131")
    assert county.name == "平山县"
    assert county.level == Region.Level.COUNTY
    assert townships().count() == 23
    assert set(townships().values_list("parent", flat=True)) == {county.pk}
    assert township("130131110").name == "西柏坡镇"
    assert township("130131212").name == "合河口乡"


def test_township_codes_are_nine_digits_under_the_county_prefix():
    for code in townships().values_list("code", flat=True):
        assert len(code) == 9
        assert code.startswith("130131")


def test_the_tree_nests_villages_under_their_township():
    VillageFactory(name="西柏坡村", code="130131110201")
    county = region_tree()[0]
    xibaipo = next(t for t in county["children"] if t["code"] == "130131110")
    assert county["name"] == "平山县"
    assert len(county["children"]) == 23
    assert [v["name"] for v in xibaipo["children"]] == ["西柏坡村"]
    assert xibaipo["children"][0]["level"] == "village"


def test_each_level_is_a_civilization_practice_site():
    village = VillageFactory()
    assert str(Region.objects.get(code="130131").practice_site) == "新时代文明实践中心"
    assert str(township("130131100").practice_site) == "新时代文明实践所"
    assert str(village.practice_site) == "新时代文明实践站"
