"""The plan table's row, as the regulation's appendix has it: shared by pages,
exports and the plan audit. Pure: no Django."""

from __future__ import annotations

from dataclasses import dataclass

from radkla.plan.parsers.cells import Cell


@dataclass(frozen=True, slots=True)
class MeasureRow:
    """One row of the plan table, as the regulation's appendix has it."""

    id: int
    location: str
    cluster_code: str
    cluster: str
    indicator_no: int
    indicator_sub: str
    indicator: str
    section_heading: str
    action_id: int
    action: str
    measure: str
    unit: str
    baseline: Cell
    targets: dict[int, Cell]
    agencies: tuple[str, ...]
    agency_acronyms: tuple[str, ...]
    agency_raw: str
    program: str
    polarity: str
    polarity_confirmed: bool
    aggregation: str
    aggregation_confirmed: bool

    @property
    def indicator_label(self) -> str:
        return f"{self.indicator_no}{self.indicator_sub}"


@dataclass(frozen=True, slots=True)
class TableLine:
    """A line of the plan table as printed: a section heading or a measure row.

    The regulation prints an indicator's and an action's text only on their first
    row; ``first_of_indicator`` and ``first_of_action`` say where that is.
    """

    heading: str
    row: MeasureRow | None
    first_of_indicator: bool
    first_of_action: bool


def table_lines(rows: list[MeasureRow]) -> list[TableLine]:
    lines: list[TableLine] = []
    cluster = indicator = action = None
    for row in rows:
        if row.cluster_code != cluster:
            cluster = row.cluster_code
            lines.append(TableLine(row.cluster, None, False, False))
        first_indicator = (row.indicator_no, row.indicator_sub) != indicator
        first_action = row.action_id != action
        indicator, action = (row.indicator_no, row.indicator_sub), row.action_id
        lines.append(TableLine("", row, first_indicator, first_action))
    return lines
