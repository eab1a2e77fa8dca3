"""The national file's sheets and columns: the one table to change when the template does.

Each column names the header Hongyi writes (and reads back), the key its value comes
from (``exchange.services.exports`` fills the keys; docs/exchange.md says where each comes
from and which MZ/T 061 element it stands for), and whether an import needs it. No
published source we found states the national import template's exact headers (see
docs/exchange.md, "Sources"); these follow the record fields of 民政部令第67号 Art.5 and
Art.7 as the national system's forms name them. When the county receives the template,
change the headers here: the export and the import both follow.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool = False


@dataclass(frozen=True)
class Sheet:
    title: str
    key: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]


VOLUNTEERS = Sheet(
    "志愿者",
    "volunteers",
    (
        Column("姓名", "name", required=True),
        Column("证件类型", "id_type"),
        Column("证件号码", "id_number", required=True),
        Column("性别", "gender"),
        Column("出生日期", "birth_date"),
        Column("手机号码", "mobile"),
        Column("志愿者编号", "number"),
        Column("所在地区", "region"),
        Column("所在地区代码", "region_code"),
        Column("居住地址", "residence"),
        Column("政治面貌", "political_status"),
        Column("专业技能", "skills"),
        Column("服务类别", "service_categories"),
        Column("可服务时间", "availability"),
        Column("注册时间", "registered_at"),
    ),
)

TEAMS = Sheet(
    "志愿团体",
    "teams",
    (
        Column("团体名称", "name", required=True),
        Column("团体类型", "kind"),
        Column("登记状态", "registration"),
        Column("所在地区", "region"),
        Column("所在地区代码", "region_code"),
        Column("负责人", "leaders"),
        Column("成员人数", "members"),
        Column("团体简介", "description"),
    ),
)

HOURS = Sheet(
    "服务时长",
    "hours",
    (
        Column("记录编号", "record"),
        Column("记录类型", "record_type"),
        Column("更正的记录编号", "corrects"),
        Column("姓名", "name", required=True),
        Column("证件类型", "id_type"),
        Column("证件号码", "id_number", required=True),
        Column("志愿者编号", "number"),
        Column("服务日期", "service_date", required=True),
        Column("活动名称", "activity", required=True),
        Column("所属项目", "program"),
        Column("服务地点", "place"),
        Column("服务内容", "content"),
        Column("服务时长（小时）", "hours", required=True),
        Column("服务时长（分钟）", "minutes"),
        Column("记录单位", "unit"),
        Column("负责人", "person_in_charge"),
        Column("确认时间", "approved_at"),
        Column("备注", "reason"),
    ),
)

SHEETS = (VOLUNTEERS, TEAMS, HOURS)

ID_TYPE = "居民身份证"
NEW, CORRECTION = "新增", "更正"


def record_number(county_code: str, seq: int) -> str:
    """A ledger entry's number in the file: stable, and unique across counties."""
    return f"{county_code}-{seq}"
