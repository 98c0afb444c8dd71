"""The public surface the form engine relies on: dependencies, caching, flags, contexts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from fieldcase.forms.expressions import (
    DictContext,
    EvalContext,
    Expression,
    ExpressionError,
    compile_expression,
    compile_flag,
)


@pytest.mark.parametrize(
    ("text", "references"),
    [
        ("${a} + ${b} * count(${c})", {"a", "b", "c"}),
        ("${age} >= 18", {"age"}),
        ("jr:choice-name(${x}, '${y}')", {"x"}),  # the list's field is not a value read
        ("concat('${not_a_ref}', 'x')", set()),  # inside a string literal
        ("indexed-repeat(${name}, ${kids}, 2)", {"name", "kids"}),
        ("sum(${child_age}) > ${limit}", {"child_age", "limit"}),
        ("if(${a}, ${b}, ${c})", {"a", "b", "c"}),
        ("${a.b-c_d}", {"a.b-c_d"}),
        ("${a} = ${a}", {"a"}),
        ("today()", set()),
        (". > 3", set()),
    ],
)
def test_references(text: str, references: set[str]) -> None:
    assert compile_expression(text).references == frozenset(references)


def test_choice_columns_and_current() -> None:
    expr = compile_expression("region = ${prov} and name != ''")
    assert expr.references == {"prov"}
    assert expr.choice_columns == {"region", "name"}
    assert not expr.uses_current
    for text in (". > 3", "string-length()", "normalize-space() != ''", "once(${x})", "string()"):
        assert compile_expression(text).uses_current, text
    assert not compile_expression("string-length(${x})").uses_current


def test_volatile() -> None:
    assert compile_expression("today() - ${dob}").volatile
    assert compile_expression("once(uuid())").volatile
    assert not compile_expression("date(${dob})").volatile


def test_compiled_once_per_text() -> None:
    first = compile_expression("${a} + 1")
    assert compile_expression("${a} + 1") is first
    assert isinstance(first, Expression)
    assert first.source == "${a} + 1"
    assert repr(first) == "Expression('${a} + 1')"


def test_evaluate_variants() -> None:
    ctx = DictContext(answers={"a": 2})
    expr = compile_expression("${a} * 1.5")
    assert expr.evaluate(ctx) == 3.0
    assert expr.evaluate_str(ctx) == "3"
    assert expr.evaluate_bool(ctx) is True
    assert expr.evaluate_number(ctx) == 3.0
    assert compile_expression("${missing}").evaluate_bool(ctx) is False
    assert compile_expression("${missing}").evaluate_str(ctx) == ""


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("yes", True),
        ("Yes", True),
        ("TRUE", True),
        ("true()", True),
        (" no ", False),
        ("false", False),
        ("", False),
        (None, False),
        (True, True),
        (False, False),
    ],
)
def test_compile_flag_words(cell: str | bool | None, value: bool) -> None:
    assert compile_flag(cell).evaluate_bool(DictContext()) is value


def test_compile_flag_expression() -> None:
    flag = compile_flag("${age} < 18")
    assert flag.references == {"age"}
    assert flag.evaluate_bool(DictContext(answers={"age": 9})) is True
    with pytest.raises(ExpressionError):
        compile_flag("yes please")


@dataclass
class CountingContext(DictContext):
    """Records which fields were read, to check short-circuiting."""

    read: list[str] = field(default_factory=list)

    def value(self, name: str) -> object:
        self.read.append(name)
        return super().value(name)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("${no} and ${x}", ["no"]),
        ("${yes} or ${x}", ["yes"]),
        ("${no} and ${x} and ${y}", ["no"]),
        ("${yes} and ${no} and ${x}", ["yes", "no"]),
        ("if(${yes}, ${a}, ${x})", ["yes", "a"]),
        ("coalesce(${yes}, ${x})", ["yes"]),
    ],
)
def test_short_circuit(text: str, read: list[str]) -> None:
    ctx = CountingContext(answers={"yes": "1", "no": "", "a": "a"})
    compile_expression(text).evaluate(ctx)
    assert ctx.read == read


@pytest.mark.parametrize(
    ("stored", "as_string"),
    [
        (None, ""),
        ("", ""),
        (7, "7"),
        (2.5, "2.5"),
        (True, "true"),
        (Decimal("1.25"), "1.25"),
        (["a", "b"], "a b"),
        (("a",), "a"),
        ([], ""),
        (date(2024, 3, 15), "2024-03-15"),
        (
            datetime(2024, 3, 15, 8, 5, 1, 250_000, tzinfo=UTC),
            "2024-03-15T08:05:01.250+00:00",
        ),
        (datetime(2024, 3, 15, 8, 5), "2024-03-15T08:05:00.000"),
        (time(8, 5), "1970-01-01T08:05:00.000"),
        (10**400, "Infinity"),
    ],
)
def test_stored_values(stored: object, as_string: str) -> None:
    ctx = DictContext(answers={"x": stored})
    assert compile_expression("string(${x})").evaluate(ctx) == as_string


def test_dict_context_defaults_to_the_real_clock() -> None:
    ctx = DictContext()
    today = compile_expression("today()").evaluate(ctx)
    now = compile_expression("now()").evaluate(ctx)
    assert isinstance(today, date) and abs((today - date.today()).days) <= 1
    assert isinstance(now, datetime) and now.tzinfo is not None
    assert ctx.values("nothing") == []
    assert ctx.position() == 0


def test_uuid_and_random() -> None:
    ctx = DictContext()
    one = compile_expression("uuid()").evaluate_str(ctx)
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", one)
    assert compile_expression("uuid()").evaluate_str(ctx) != one
    assert re.fullmatch(r"[A-Za-z0-9]{10}", compile_expression("uuid(10)").evaluate_str(ctx))
    assert compile_expression("uuid(-3)").evaluate_str(ctx) == ""
    value = compile_expression("random()").evaluate(ctx)
    assert isinstance(value, float) and 0 <= value < 1


def test_once_keeps_its_first_value() -> None:
    expr = compile_expression("once(uuid())")
    assert expr.evaluate_str(DictContext(current_value="kept")) == "kept"
    assert len(expr.evaluate_str(DictContext())) == 36


def test_constant_parts_are_folded_but_keep_their_errors() -> None:
    ctx = DictContext(answers={"d": date(2024, 3, 15)})
    assert compile_expression("${d} > date('2024-01-01') + (6 + 1)").evaluate(ctx) is True
    bad = compile_expression("date('2024-02-30')")  # compiles: it fails only when evaluated
    with pytest.raises(ExpressionError):
        bad.evaluate(ctx)
    assert compile_expression("if(${d}, 'ok', date('2024-02-30'))").evaluate(ctx) == "ok"
    assert compile_expression("string-length()").evaluate(DictContext(current_value="abc")) == 3


def test_long_runs_of_one_operator_stay_flat() -> None:
    names = [f"q{i}" for i in range(400)]
    ctx = DictContext(answers={name: i for i, name in enumerate(names)})
    total = compile_expression(" + ".join(f"${{{name}}}" for name in names))
    assert total.evaluate(ctx) == sum(range(400))
    assert len(total.references) == 400
    anyone = compile_expression(" or ".join(f"${{{name}}} = 399" for name in names))
    assert anyone.evaluate(ctx) is True
    product = compile_expression(" * ".join(["1"] * 300) + " div 4 mod 3")
    assert product.evaluate(ctx) == 0.25


def test_nesting_up_to_the_limit_works() -> None:
    text = "not(" * 99 + "${x}" + ")" * 99
    assert compile_expression(text).evaluate(DictContext(answers={"x": "a"})) is False


def test_dict_context_is_an_eval_context() -> None:
    ctx: EvalContext = DictContext()  # checked by mypy: the dataclass satisfies the Protocol
    assert compile_expression("position(..)").evaluate(ctx) == 0
