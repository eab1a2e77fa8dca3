"""Where apps above reports (exchange) add to what reports show, without reports importing
them: they register a reader from their AppConfig.ready() (see docs/architecture.md).

- certificate facts: ``reader(user_ids)`` returns ``{user id: {key: JSON value}}``, merged
  into each certificate's snapshot (so they are frozen, hashed and verified with it);
- dashboard panels: ``reader(user, scope)`` returns ``{"template": name, ...context}`` or
  None, included below the dashboard's charts.
"""

_certificate_readers = []
_dashboard_readers = []


def register_certificate_facts(reader) -> None:
    if reader not in _certificate_readers:
        _certificate_readers.append(reader)


def certificate_facts(user_ids) -> dict[int, dict]:
    facts: dict[int, dict] = {}
    for reader in _certificate_readers:
        for pk, extra in reader(list(user_ids)).items():
            facts.setdefault(pk, {}).update(extra)
    return facts


def register_dashboard_panel(reader) -> None:
    if reader not in _dashboard_readers:
        _dashboard_readers.append(reader)


def dashboard_panels(user, scope) -> list[dict]:
    return [panel for reader in _dashboard_readers if (panel := reader(user, scope))]
