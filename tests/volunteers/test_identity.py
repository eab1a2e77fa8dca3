from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from config.env import env_fernet_keys
from tests.volunteers.factories import id_number
from volunteers import identity
from volunteers.identity import age_on, check_character, guardian_needed, parse_id_number

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("number", "birth", "gender"),
    [
        ("11010519491231002X", date(1949, 12, 31), "female"),  # GB 11643's own example
        ("130131199003070013", date(1990, 3, 7), "male"),  # computed by hand below
        ("130131201502280023", date(2015, 2, 28), "female"),  # sum 174, 174 mod 11 = 9
        ("440524198001010013", date(1980, 1, 1), "male"),  # no area prefix is required
    ],
)
def test_known_good_numbers_pass_with_birth_date_and_gender(number, birth, gender):
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.birth_date == birth
    assert parsed.gender == gender


def test_the_hand_computed_check_character():
    # 1·7+3·9+0·10+1·5+3·8+1·4+1·2+9·1+9·6+0·3+0·7+3·9+0·10+7·5+0·8+0·4+1·2 = 196;
    # 196 mod 11 = 9, and position 9 of "10X98765432" is "3".
    assert check_character("13013119900307001") == "3"
    assert id_number(date(1990, 3, 7), seq=0, male=True) == "130131199003070013"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("130131199003070014", "校验位不符"),  # last character off by one
        ("130131199003070103", "校验位不符"),  # two digits swapped
        ("13013119900307001", "18 位"),  # 17 characters
        ("1301311990030700145", "18 位"),  # 19 characters
        ("13013119900307001Y", "18 位"),  # a letter other than X
        ("13013119A003070013", "18 位"),
        ("", "18 位"),
    ],
)
def test_known_bad_numbers_are_refused_with_a_chinese_message(number, message):
    with pytest.raises(ValidationError) as caught:
        parse_id_number(number, today=TODAY)
    assert message in caught.value.messages[0]


def _with_check(first17: str) -> str:
    return first17 + check_character(first17)


@pytest.mark.parametrize(
    ("birth_digits", "message"),
    [
        ("19900230", "不可能"),  # 30 February
        ("19901301", "不可能"),  # month 13
        ("18991231", "不可能"),  # before 1900
        ("20260602", "未来"),  # the day after "today"
        ("20991231", "未来"),
    ],
)
def test_impossible_and_future_birth_dates_are_refused(birth_digits, message):
    with pytest.raises(ValidationError) as caught:
        parse_id_number(_with_check(f"130131{birth_digits}001"), today=TODAY)
    assert message in caught.value.messages[0]


def test_a_lower_case_x_and_spaces_are_accepted():
    assert parse_id_number(" 110105 19491231 002x ", today=TODAY).number == "11010519491231002X"


def test_the_seventeenth_digit_gives_the_gender():
    assert parse_id_number(_with_check("13013119900307003"), today=TODAY).gender == "male"
    assert parse_id_number(_with_check("13013119900307004"), today=TODAY).gender == "female"


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_any_seventeen_digits_with_their_check_character_pass_the_checksum(first17):
    number = first17 + check_character(first17)
    assert number[17] in "0123456789X"
    for wrong in set("0123456789X") - {number[17]}:
        assert check_character(first17) != wrong


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet="0123456789", min_size=3, max_size=3),
)
def test_any_valid_date_with_its_check_character_parses(birth, area, sequence):
    number = _with_check(f"{area}{birth:%Y%m%d}{sequence}")
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.birth_date == birth
    assert parsed.gender == ("male" if int(sequence[2]) % 2 else "female")


@pytest.mark.parametrize(
    ("birth", "age"),
    [
        (date(2012, 6, 1), 14),
        (date(2012, 6, 2), 13),
        (date(2008, 6, 1), 18),
        (date(2008, 6, 2), 17),
    ],
)
def test_age_counts_the_birthday_as_the_first_day(birth, age):
    assert age_on(birth, TODAY) == age


def test_guardians_are_needed_under_14_always_and_14_to_17_by_setting(settings):
    assert guardian_needed(13)
    assert guardian_needed(17)
    assert not guardian_needed(18)
    settings.HONGYI_GUARDIAN_CONSENT_14_17 = False
    assert guardian_needed(13)
    assert not guardian_needed(14)


def test_encryption_round_trips_and_hides_the_number(settings):
    token = identity.encrypt("11010519491231002X")
    assert "11010519491231002X" not in token
    assert identity.decrypt(token) == "11010519491231002X"


def test_an_old_key_still_decrypts_after_rotation(settings):
    old_key = settings.HONGYI_ID_KEYS[0]
    token = identity.encrypt("11010519491231002X")
    settings.HONGYI_ID_KEYS = [env_fernet_keys.__globals__["_new_fernet_key"](), old_key]
    assert identity.decrypt(token) == "11010519491231002X"


def test_the_keyed_hash_depends_on_the_key(settings):
    first = identity.keyed_hash("11010519491231002X")
    assert first == identity.keyed_hash("11010519491231002x")
    settings.HONGYI_ID_HASH_KEY = "another-key-" * 4
    assert identity.keyed_hash("11010519491231002X") != first


def test_a_bad_fernet_key_stops_start_up_naming_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("HONGYI_ID_KEY", "not-a-key")
    with pytest.raises(ImproperlyConfigured, match="HONGYI_ID_KEY"):
        env_fernet_keys("HONGYI_ID_KEY", fallback_file=tmp_path / "id_key")


def test_the_demo_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("HONGYI_ID_KEY", raising=False)
    first = env_fernet_keys("HONGYI_ID_KEY", fallback_file=tmp_path / "id_key")
    assert env_fernet_keys("HONGYI_ID_KEY", fallback_file=tmp_path / "id_key") == first
    assert (tmp_path / "id_key").stat().st_mode & 0o077 == 0
