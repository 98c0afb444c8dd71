"""Properties: arithmetic agrees with Python, number formatting round-trips, and no input,
however strange, makes compiling or evaluating raise anything but ExpressionError."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldcase.forms.expressions import (
    FUNCTION_NAMES,
    DictContext,
    ExpressionError,
    compile_expression,
)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EMPTY = DictContext(today_value=date(2024, 3, 15))
FULL = DictContext(
    answers={
        "a": 3,
        "b": "",
        "c": "x y",
        "d": date(2024, 3, 15),
        "e": -2.5,
        "f": True,
        "g": ["p", "q"],
        "h": datetime(2024, 3, 15, 10, 30, tzinfo=timezone(timedelta(hours=8))),
    },
    repeats={"a": [1, "", 3], "r": [None, None]},
    current_value="12",
    choice={"name": "p", "region": "ntb"},
    labels={"g": {"p": "Pe"}},
    today_value=date(2024, 3, 15),
    now_value=datetime(2024, 3, 15, 10, 30, tzinfo=timezone(timedelta(hours=7))),
    position_value=2,
)


@dataclass(frozen=True)
class Tree:
    """A random arithmetic expression and its value computed by Python."""

    text: str
    value: int


def _leaf(n: int) -> Tree:
    return Tree(f"({n})" if n < 0 else str(n), n)


def _combine(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    def join(parts: tuple[Tree, str, Tree]) -> Tree:
        left, op, right = parts
        value = {"+": left.value + right.value, "-": left.value - right.value}.get(
            op, left.value * right.value
        )
        return Tree(f"({left.text} {op} {right.text})", value)

    negate = children.map(lambda t: Tree(f"-{t.text}", -t.value))
    return st.tuples(children, st.sampled_from("+-*"), children).map(join) | negate


TREES = st.recursive(st.integers(-(10**4), 10**4).map(_leaf), _combine, max_leaves=12)


@SETTINGS
@given(TREES)
def test_integer_arithmetic_agrees_with_python(tree: Tree) -> None:
    result = compile_expression(tree.text).evaluate(EMPTY)
    if abs(tree.value) < 2**53:
        assert result == float(tree.value)


@SETTINGS
@given(st.integers(-(10**9), 10**9), st.integers(-(10**9), 10**9))
def test_operators_agree_with_python(a: int, b: int) -> None:
    def run(text: str) -> object:
        return compile_expression(text).evaluate(DictContext(answers={"a": a, "b": b}))

    assert run("${a} + ${b}") == a + b
    assert run("${a} - ${b}") == a - b
    assert run("${a} * ${b}") == float(a) * float(b)  # XPath numbers are doubles
    assert run("${a} < ${b}") is (a < b)
    assert run("${a} >= ${b}") is (a >= b)
    assert run("${a} = ${b}") is (a == b)
    assert run("${a} != ${b}") is (a != b)
    if b != 0:
        assert run("${a} div ${b}") == a / b
        assert run("${a} mod ${b}") == math.fmod(a, b)
    assert run("-${a}") == -a
    assert run("int(${a} div 7)") == int(a / 7)


@SETTINGS
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_string_of_a_number_reads_back(x: float) -> None:
    text = compile_expression("string(${x})").evaluate_str(DictContext(answers={"x": x}))
    assert "e" not in text.lower()
    back = compile_expression("number(${x})").evaluate_number(DictContext(answers={"x": text}))
    assert back == x or abs(back - x) < 1e-12


def _survives(text: str) -> None:
    """Compiling either works or raises ExpressionError; evaluating raises nothing else."""
    failure: ExpressionError | None = None
    try:
        expression = compile_expression(text)
    except ExpressionError as error:
        failure = error
    if failure is not None:
        assert failure.column is not None and 1 <= failure.column <= len(text) + 1
        assert " / " in str(failure)
        return
    for ctx in (EMPTY, FULL):
        try:
            expression.evaluate(ctx)
            expression.evaluate_str(ctx)
        except ExpressionError:
            pass


@SETTINGS
@given(st.text(max_size=60))
def test_any_text_compiles_or_fails_cleanly(text: str) -> None:
    _survives(text)


TOKENS = [
    *(f"{name}(" for name in sorted(FUNCTION_NAMES)),
    *"()[],.=<>+-*|/$'\"",
    "..",
    "!=",
    "<=",
    ">=",
    " and ",
    " or ",
    " div ",
    " mod ",
    "${a}",
    "${b}",
    "${c}",
    "${d}",
    "${e}",
    "${f}",
    "${g}",
    "${h}",
    "${r}",
    "${zz}",
    "'${g}'",
    "name",
    "region",
    "0",
    "1",
    "-1",
    "2.5",
    ".5",
    "1e3",
    "'2024-02-29'",
    "'2024-13-01'",
    "'x y'",
    "''",
    "'%Y-%m-%d'",
    "'%Q'",
    "'[0-9]+'",
    "'('",
    "'Sélène'",
    " ",
]


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=14).map("".join))
def test_token_soup_compiles_or_fails_cleanly(text: str) -> None:
    _survives(text)


ARGS = st.sampled_from(
    [
        "${a}",
        "${b}",
        "${c}",
        "${d}",
        "${e}",
        "${f}",
        "${g}",
        "${h}",
        "${zz}",
        ".",
        "''",
        "'x'",
        "'2024-02-29'",
        "'2024-02-30'",
        "0",
        "-1",
        "1.5",
        "0 div 0",
        "1 div 0",
        "-1 div 0",
        "99999999999",
        "true()",
        "today()",
        "now()",
        "'%Y'",
    ]
)


@SETTINGS
@given(st.sampled_from(sorted(FUNCTION_NAMES)), st.lists(ARGS, max_size=4))
def test_every_function_with_odd_arguments(name: str, args: list[str]) -> None:
    _survives(f"{name}({', '.join(args)})")
