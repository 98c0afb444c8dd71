"""Bad expressions fail at compile time with the column and a bilingual message;
bad values fail at run time with ExpressionError only, never quoting the answer."""

from __future__ import annotations

from datetime import date

import pytest

from fieldcase.core.errors import FieldcaseError
from fieldcase.forms.expressions import DictContext, ExpressionError, compile_expression

# (expression, column, a piece of the English message)
BAD_EXPRESSIONS = [
    ("", 1, "empty"),
    ("   ", 1, "empty"),
    ("1 +", 4, "ends too early"),
    ("(1 + 2", 7, "ends too early"),
    ("1 + 2)", 6, "closing ')'"),
    ("f(1,)", 5, "missing before ')'"),
    ("1 + * 2", 5, "missing before '*'"),
    ("${age} == 3", 9, "single '='"),
    ("${age} = = 3", 10, "missing before '='"),
    ("'abc", 1, "quote ' is never closed"),
    ('concat("a", "b)', 13, 'quote " is never closed'),
    ("${}", 1, "bad reference"),
    ("${1x} = 2", 1, "bad reference"),
    ("${a b} = 2", 1, "bad reference"),
    ("/data/age > 3", 1, "XPath paths"),
    ("${a}[1]", 5, "XPath paths"),
    ("${a} | ${b}", 6, "union"),
    ("${a} && ${b}", 6, "use 'and'"),
    ("${age} android", 8, "missing operator"),
    ("1 2", 3, "missing operator"),
    ("1e5", 2, "missing operator"),
    ("foo(1)", 1, "unknown function 'foo'"),
    ("1 + count-selectd(${x})", 5, "did you mean 'count-selected'"),
    ("choice-name(${x}, '${x}')", 1, "unknown function 'choice-name'"),
    ("substr('a')", 1, "takes 2 to 3 argument(s) but was given 1"),
    ("if(1, 2)", 1, "takes 3 argument(s) but was given 2"),
    ("today(1)", 1, "takes 0 argument(s)"),
    ("max()", 1, "at least 1"),
    ("coalesce(${a}, ${b}, ${c})", 1, "takes 2 argument(s)"),
    ("1 + count('a')", 11, "needs a field reference"),
    ("sum(${a} + 1)", 5, "needs a field reference"),
    ("position(${x})", 10, "only takes '..'"),
    (".. = 1", 1, "position(..)"),
    ("jr:choice-name(${x}, 'x')", 22, "'${field_name}'"),
    ("jr:choice-name(${x}, ${x})", 22, "'${field_name}'"),
    ("regex(${x}, '[a-')", 13, "invalid regex"),
    ("regex(${x}, '" + "a" * 1001 + "')", 13, "too long"),
    ("format-date(${d}, '%Q')", 19, "unknown date pattern code '%Q'"),
    ("format-date(${d}, 'x %')", 19, "ends with '%'"),
    ("indexed-repeat('a', ${r}, 1)", 16, "indexed-repeat() needs"),
    ("weighted-checklist(1, 2, true())", 1, "even number"),
    ("not(" * 150 + "1" + ")" * 150, 1, "nested too deeply"),
    ("1" * 20_001, 20_001, "too long"),
]


@pytest.mark.parametrize(("text", "column", "fragment"), BAD_EXPRESSIONS)
def test_bad_expression_names_the_column(text: str, column: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression(text)
    error = caught.value
    assert error.column == column
    assert fragment in error.message_en
    assert f"column {column}:" in error.message_en
    assert f"kolom {column}:" in error.message_id
    assert str(error) == f"{error.message_id} / {error.message_en}"
    assert error.source == text
    assert isinstance(error, FieldcaseError)


def test_messages_are_in_both_languages() -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression("substr(${name})")
    assert caught.value.message("id").startswith("Ekspresi tidak sah di kolom 1: fungsi 'substr'")
    assert caught.value.message("en").startswith("Invalid expression at column 1: function")


def test_a_multi_line_cell_counts_columns_from_its_start() -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression("${a} > 1 and\n  ${b} ==  2")
    assert caught.value.column == 22


SECRET = "Siti-disembunyikan"  # stands for case content: must never appear in a message

RUNTIME_ERRORS = [
    ("date(${answer})", SECRET, 1, "not a date"),
    ("date(${answer})", "2024-02-30", 1, "not a date"),
    ("1 + date(${answer})", "kemarin", 5, "not a date"),
    ("format-date(${answer}, '%Y')", SECRET, 1, "not a date"),
    ("format-date(today(), ${answer})", "%Q", 1, "unknown date pattern code"),
    ("regex('a', ${answer})", "[" + SECRET, 1, "invalid regex"),
    ("date(${answer})", True, 1, "not a date"),
    ("date(1 div 0)", None, 1, "outside the range"),
    ("date(99999999)", None, 1, "outside the range"),
    ("decimal-date-time(${answer})", SECRET, 1, "not a date"),
]


@pytest.mark.parametrize(("text", "answer", "column", "fragment"), RUNTIME_ERRORS)
def test_run_time_errors_are_expression_errors(
    text: str, answer: object, column: int, fragment: str
) -> None:
    expression = compile_expression(text)  # compiles: the problem is the value
    ctx = DictContext(answers={"answer": answer}, today_value=date(2024, 3, 15))
    with pytest.raises(ExpressionError) as caught:
        expression.evaluate(ctx)
    error = caught.value
    assert fragment in error.message_en
    assert error.column == column
    assert "Ekspresi tidak dapat dihitung" in error.message_id
    assert SECRET not in str(error)
    assert "kemarin" not in str(error)


def test_all_evaluate_variants_raise_only_expression_errors() -> None:
    expression = compile_expression("date(${x})")
    ctx = DictContext(answers={"x": "bukan"})
    for method in (expression.evaluate, expression.evaluate_bool, expression.evaluate_str):
        with pytest.raises(ExpressionError):
            method(ctx)
