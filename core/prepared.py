"""One-row reads by key whose SQL is compiled once per process, for the hot path.

Django compiles a queryset to SQL every time it is evaluated. For a lookup by key with
a join or two, that compile (0.2–0.5 ms) costs several times the query itself, and every
check-in runs three such lookups: its login session, its user, and the scanned poster.
``RowByKey`` compiles the queryset once per database alias and afterwards only executes
it, building the objects the way the ORM does (``select_related`` included), so callers
get the same objects from the same SQL. Only for unique keys: it reads one row.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql import InsertQuery


@dataclass(frozen=True)
class _Compiled:
    sql: str
    start: int  # the main model's columns are row[start:end]
    end: int
    init_list: list[str]
    populators: list
    converters: list  # (position, converter functions, expression)


class RowByKey:
    """``base().filter(<key>=value)`` as at most one object, its SQL compiled once.

    ``base`` returns the queryset to read from, e.g.
    ``lambda: User.objects.select_related("volunteer")``; its ordering is dropped.
    """

    def __init__(self, base: Callable[[], QuerySet], key: str):
        self._base, self._key = base, key
        self._compiled: dict[str, _Compiled] = {}

    def get(self, value) -> Model | None:
        model = self._model()
        alias = router.db_for_read(model) or "default"
        compiled = self._compiled.get(alias) or self._compile(alias)
        connection = connections[alias]
        with hot_cursor(connection) as cursor:
            cursor.execute(compiled.sql, [self._db_value(value, connection)])
            row = cursor.fetchone()
        if row is None:  # only when ``where`` did not hold
            return None
        row = list(row)
        for position, functions, expression in compiled.converters:
            for function in functions:
                row[position] = function(row[position], expression, connection)
        obj = model.from_db(alias, compiled.init_list, row[compiled.start : compiled.end])
        for populator in compiled.populators:
            populator.populate(row, obj)
        return obj

    def _model(self):
        model = getattr(self, "_model_class", None)
        if model is None:
            model = self._model_class = self._base().model
        return model

    def _field(self):
        meta = self._model()._meta
        return meta.pk if self._key == "pk" else meta.get_field(self._key)

    def _db_value(self, value, connection):
        field = self._field()
        return field.get_db_prep_value(field.get_prep_value(value), connection, prepared=True)

    def _compile(self, alias: str) -> _Compiled:
        # "0" stands for the key while compiling: any key type takes it ("0" or 0).
        queryset = self._base().using(alias).order_by().filter(**{self._key: "0"})
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()  # also fills compiler.select and klass_info
        if len(params) != 1:
            raise ValueError(f"RowByKey needs one parameter, the key; {sql!r} has {params!r}")
        info = compiler.klass_info
        fields = info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        converters = compiler.get_converters([column for column, *_ in compiler.select])
        compiled = _Compiled(
            sql=sql,
            start=start,
            end=end,
            init_list=[column.target.attname for column, *_ in compiler.select[start:end]],
            populators=get_related_populators(info, compiler.select, alias),
            converters=[(pos, fns, expression) for pos, (fns, expression) in converters.items()],
        )
        self._compiled[alias] = compiled
        return compiled


@dataclass(frozen=True)
class _CompiledInsert:
    sql: str
    fields: list  # the columns the INSERT writes, in order
    returning: list  # the columns the database fills in (the primary key)
    returning_params: tuple


class InsertOne:
    """``model.objects.create(**values)`` with its INSERT compiled once per database alias.

    The ORM compiles an INSERT on every save, which costs more than the write itself on
    the check-in path. This keeps the compiled statement and only prepares the values,
    with each field's own ``pre_save`` and ``get_db_prep_save`` as ``save()`` does. No
    ``pre_save``/``post_save`` signals are sent (the project keeps no logic in them).

    ``where``, given the connection, returns an SQL condition with placeholders: the row
    is then written only if the condition holds when the statement runs (``INSERT …
    SELECT … WHERE``), in the same statement and round trip, and ``create_if`` answers
    None when it did not. Its parameters may also be a function of the connection (for
    values the database adapts its own way, such as a date-time).
    """

    def __init__(self, model: Callable[[], type[Model]], *, where: Callable | None = None):
        self._model_of, self._where, self._compiled = model, where, {}

    def create(self, **values) -> Model:
        return self._insert(values, ())

    def create_if(self, where_params, **values) -> Model | None:
        return self._insert(values, where_params)

    def _insert(self, values: dict, where_params) -> Model | None:
        model = self._model_of()
        obj = model(**values)
        alias = router.db_for_write(model) or "default"
        connection = connections[alias]
        if callable(where_params):
            where_params = where_params(connection)
        compiled = self._compiled.get(alias) or self._compile(model, alias)
        params = [field.get_db_prep_save(field.pre_save(obj, True), connection)
                  for field in compiled.fields]  # fmt: skip
        with hot_cursor(connection) as cursor:
            cursor.execute(compiled.sql, [*params, *where_params, *compiled.returning_params])
            row = connection.ops.fetch_returned_insert_columns(cursor, compiled.returning_params)
        if row is None:  # only when ``where`` did not hold
            return None
        for field, value in zip(compiled.returning, row, strict=True):
            setattr(obj, field.attname, value)
        obj._state.adding, obj._state.db = False, alias
        return obj

    def _compile(self, model, alias: str) -> _CompiledInsert:
        connection = connections[alias]
        if not connection.features.can_return_columns_from_insert:
            raise NotImplementedError("InsertOne needs INSERT … RETURNING")
        meta = model._meta
        fields = [f for f in meta.local_concrete_fields
                  if f is not meta.auto_field and not f.generated]  # fmt: skip
        query = InsertQuery(model)
        query.insert_values(fields, [model()])
        compiler = query.get_compiler(using=alias)
        compiler.returning_fields = meta.db_returning_fields
        [(sql, _params)] = compiler.as_sql()
        returning_params = tuple(compiler.returning_params)
        if sql.count("%s") != len(fields) + len(returning_params):
            raise ValueError(f"InsertOne needs one plain placeholder per column: {sql!r}")
        if self._where:
            sql = _guarded(sql, self._where(connection))
        compiled = _CompiledInsert(sql, fields, meta.db_returning_fields, returning_params)
        self._compiled[alias] = compiled
        return compiled


def _guarded(sql: str, condition: str) -> str:
    """``INSERT INTO t (…) VALUES (…) RETURNING …`` as ``INSERT INTO t (…) SELECT …
    WHERE <condition> RETURNING …``: both databases take the target columns' types for
    the placeholders, as with VALUES."""
    head, _values, tail = sql.partition(" VALUES (")
    placeholders, _close, rest = tail.partition(")")
    if not _values or set(placeholders.replace("%s", "").replace(", ", "")):
        raise ValueError(f"InsertOne cannot guard {sql!r}")
    return f"{head} SELECT {placeholders} WHERE {condition}{rest}"


def hot_cursor(connection):
    """``connection.cursor()`` for the SQL compiled here. On SQLite, Django's cursor turns
    the ``%s`` placeholders of every statement into sqlite3's ``?`` with a regular
    expression tried at each character; on the check-in's INSERT, with its guards, that
    was 5% of the scan's instructions. This cursor converts each of these few, fixed
    statements once per process. Django's wrappers (query logging, error translation)
    stay around it, as ``connection.cursor()`` puts them (``_prepare_cursor``)."""
    if connection.vendor != "sqlite":
        return connection.cursor()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor(factory=_converting_cursor_class())
        return connection._prepare_cursor(cursor)


_CONVERTING_CURSOR = None


def _converting_cursor_class():
    global _CONVERTING_CURSOR  # noqa: PLW0603 - built once, on first use on SQLite
    if _CONVERTING_CURSOR is None:
        from django.db.backends.sqlite3.base import SQLiteCursorWrapper

        converted: dict[str, str] = {}  # the compiled statements only: a handful

        class ConvertingCursor(SQLiteCursorWrapper):
            def convert_query(self, query, *, param_names=None):
                if param_names is not None:
                    return super().convert_query(query, param_names=param_names)
                if (done := converted.get(query)) is None:
                    done = converted[query] = super().convert_query(query)
                return done

        _CONVERTING_CURSOR = ConvertingCursor
    return _CONVERTING_CURSOR
