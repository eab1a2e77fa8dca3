import json
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from ledger.chain import HASHED_FIELDS, _plain, canonical
from ledger.models import Kind

values = st.one_of(
    st.none(),
    st.text(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.booleans(),
    st.sampled_from(list(Kind)),
    st.dates(),
    st.datetimes(timezones=st.just(UTC)),
)


def reference(row) -> bytes:
    """The canonical form as first written: json.dumps over the plain values."""
    data = {name: _plain(row[name]) for name in HASHED_FIELDS}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@given(st.fixed_dictionaries(dict.fromkeys(HASHED_FIELDS, values)))
def test_the_canonical_bytes_are_those_of_sorted_json(row):
    assert canonical(row) == reference(row)


def test_a_typical_entry_has_the_same_canonical_bytes():
    row = dict.fromkeys(HASHED_FIELDS, "")
    row.update(seq=7, minutes=120, kind=Kind.STATION, activity='讲解"红色"\\故事\n',
               service_date=date(2026, 3, 1), claim_id=None,
               approved_at=datetime(2026, 3, 2, 8, 30, 0, 1234, tzinfo=UTC))  # fmt: skip
    row["created_at"] = row["approved_at"]
    assert canonical(row) == reference(row)
