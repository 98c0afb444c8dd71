"""The expression vectors in expressions_table.json, each evaluated against its expected value.

The table is data (not code) so another implementation (a web preview, a
JavaRosa cross-check) can run the same vectors; its header explains the
encoding of numbers, dates and select_multiple answers.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from fieldcase.forms.expressions import FUNCTION_NAMES, DictContext, compile_expression

TABLE = json.loads((Path(__file__).parent / "expressions_table.json").read_text(encoding="utf-8"))
ROWS: list[dict[str, Any]] = TABLE["rows"]

# The functions the issue asks for by name: each must appear in the table.
REQUIRED_FUNCTIONS = (
    "selected",
    "count-selected",
    "selected-at",
    "jr:choice-name",
    "if",
    "coalesce",
    "concat",
    "substr",
    "string-length",
    "contains",
    "starts-with",
    "regex",
    "today",
    "now",
    "date",
    "format-date",
    "decimal-date-time",
    "int",
    "round",
    "number",
    "boolean",
    "not",
    "count",
    "sum",
    "max",
    "min",
    "ends-with",
    "true",
    "false",
    "string",
    "position",
    "once",
    "normalize-space",
    "translate",
    "floor",
    "ceiling",
    "abs",
    "pow",
)


def decode(value: Any) -> object:
    """A JSON-encoded value (see the table's ``about``) → the Python value it stands for."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    assert isinstance(value, dict) and len(value) == 1, value
    ((kind, raw),) = value.items()
    match kind:
        case "int":
            return int(raw)
        case "number":
            return float(raw.replace("Infinity", "inf"))
        case "date":
            return date.fromisoformat(raw)
        case "datetime":
            return datetime.fromisoformat(raw)
        case "time":
            return time.fromisoformat(raw)
        case "approx":
            return pytest.approx(raw, abs=1e-9)
    raise AssertionError(f"unknown encoding {kind}")


def decode_map(mapping: Mapping[str, Any]) -> dict[str, object]:
    return {name: decode(value) for name, value in mapping.items()}


def context_for(row: Mapping[str, Any]) -> DictContext:
    answers = decode_map(TABLE["answers"]) | decode_map(row.get("answers", {}))
    return DictContext(
        answers=answers,
        repeats={name: decode(values) for name, values in TABLE["repeats"].items()},  # type: ignore[misc]
        current_value=decode(row.get("current")),
        choice=decode_map(row.get("choice", {})),
        labels=TABLE["labels"],
        today_value=date.fromisoformat(TABLE["today"]),
        now_value=datetime.fromisoformat(TABLE["now"]),
        position_value=row.get("position", 0),
    )


def assert_same(result: object, expected: object) -> None:
    """Equal value *and* XPath type: 1 is not true, "1" is not 1, a date is not its string."""
    if isinstance(expected, bool):
        assert result is expected
    elif isinstance(expected, float):
        assert isinstance(result, float) and not isinstance(result, bool)
        if math.isnan(expected):
            assert math.isnan(result)
        else:
            assert result == expected
    elif isinstance(expected, datetime):
        assert isinstance(result, datetime)
        assert result.isoformat() == expected.isoformat()
    elif isinstance(expected, date):
        assert type(result) is date and result == expected
    elif isinstance(expected, str):
        assert isinstance(result, str) and result == expected
    else:  # pytest.approx
        assert isinstance(result, float) and result == expected


def _row_id(row: Mapping[str, Any]) -> str:
    extra = ""
    for key in ("current", "choice", "position"):
        if key in row:
            extra += f" [{key}={row[key]}]"
    return str(row["expr"]) + extra


@pytest.mark.parametrize("row", ROWS, ids=[_row_id(row) for row in ROWS])
def test_vector(row: dict[str, Any]) -> None:
    expression = compile_expression(row["expr"])
    result = expression.evaluate(context_for(row))
    assert_same(result, decode(row["expect"]))


def test_the_table_is_large_enough() -> None:
    assert len(ROWS) >= 150
    assert len({(row["expr"], json.dumps(row.get("current"))) for row in ROWS}) >= 150


@pytest.mark.parametrize("name", REQUIRED_FUNCTIONS)
def test_every_required_function_is_in_the_table(name: str) -> None:
    assert name in FUNCTION_NAMES
    calls = [row["expr"] for row in ROWS if f"{name}(" in row["expr"]]
    assert len(calls) >= 2, f"{name}() needs vectors with empty and odd inputs"


def test_every_function_is_in_the_table() -> None:
    missing = {name for name in FUNCTION_NAMES if not any(f"{name}(" in r["expr"] for r in ROWS)}
    assert missing <= {"random", "uuid"}  # not deterministic: see test_expr_api.py
