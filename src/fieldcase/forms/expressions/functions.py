"""The function library: XPath 1.0 core functions plus the ODK/JavaRosa ones XLSForms use.

Each function is a ``FunctionSpec`` in ``FUNCTIONS``: its argument counts
(checked when an expression is compiled, so a form with ``substr(${x})``
fails at load time, not in the field), an implementation taking already
evaluated arguments, and, where needed, a compile-time ``check`` of the
argument *expressions* (``count`` needs a field reference, a literal
``regex`` pattern must compile...) or a ``build`` hook for functions that
must not evaluate all their arguments (``if``, ``coalesce``) or that read
their arguments' syntax (``jr:choice-name``'s ``'${field}'``).

Behaviour follows JavaRosa's ``XPathFuncExpr`` unless a comment says why
not. Notable points:

- ``regex(s, p)`` is true when the *whole* of ``s`` matches ``p`` (JavaRosa
  uses ``Pattern.matches``; ODK's documentation says "exact and complete
  match"), with ``re.ASCII`` so ``\\d`` and ``\\w`` mean what they mean in
  Java. Patterns are limited to 1,000 characters.
- ``substr(s, start[, end])`` is 0-based with ``end`` exclusive; negative
  positions count from the end (JavaRosa).
- ``round`` rounds halves toward +∞ (XPath; JavaRosa's BigDecimal
  HALF_UP/HALF_DOWN): ``round(2.5)`` = 3, ``round(-2.5)`` = -2; negative
  digit counts round to tens, hundreds... the same way (JavaRosa's
  ``(long)(x + 0.5)`` there gets negative numbers wrong; we do not copy that).
- ``sum`` skips empty values (JavaRosa); ``max``/``min`` skip them too and
  give NaN when nothing is left (JavaRosa starts ``max`` at Double.MIN_VALUE,
  a bug for negative numbers, not copied).
- ``selected`` compares whole space-separated names, so ``selected('', '')``
  is false (JavaRosa's substring trick makes it true).
- Index arguments (``selected-at``, ``substr``) convert like Java's ``(int)``:
  truncated, NaN → 0.
- ``string-length`` counts code points (Java counts UTF-16 units, so an emoji
  is 1 here, 2 in Collect).
- ``concat``/``join``/``max``/``min``/``checklist`` take all repeat rows only
  when given a single ``${field}`` where JavaRosa takes a node-set; ``count``,
  ``count-non-empty`` and ``sum`` always need a ``${field}``.
- ``indexed-repeat`` supports the 3-argument form (one repeat level).
"""

from __future__ import annotations

import math
import re
import secrets
import string
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import TypeVar

from .context import EvalContext
from .dates import (
    check_format,
    day_number,
    format_date,
    from_day_number,
    parse_temporal,
    parse_time,
    time_of_day,
)
from .errors import EvalProblem, SyntaxProblem
from .nodes import Call, Literal, Node, Parent, Ref
from .values import (
    INF,
    NAN,
    NodeSet,
    XPathValue,
    atomise,
    first,
    is_empty,
    items,
    java_int,
    to_boolean,
    to_number,
    to_string,
)

Evaluator = Callable[[EvalContext], XPathValue]
Compile = Callable[[Node], Evaluator]

VOLATILE = frozenset({"today", "now", "random", "uuid"})
"""Functions whose result changes between two evaluations with the same answers."""

MAX_REGEX_LENGTH = 1000
MAX_UUID_LENGTH = 1000


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    """How to call one function.

    impl: called with the evaluated arguments (``ctx`` first if ``needs_context``).
    nodeset_args: given the argument count, the positions where a ``${field}``
        argument is passed as a NodeSet of all its repeat rows.
    current_if_no_args: ``f()`` means ``f(.)`` (XPath's ``string()``...).
    reads_current: the function reads ``.`` even though the text has no ``.``.
    check: compile-time test of the argument expressions; raises SyntaxProblem.
    build: builds the evaluator itself (lazy or syntax-reading functions).
    reads_form: the function asks the context for something (a choice label, the
        repeat position...), so a call with constant arguments is still not constant.
    """

    name: str
    min_args: int
    max_args: int | None
    impl: Callable[..., XPathValue] | None = None
    needs_context: bool = False
    nodeset_args: Callable[[int], frozenset[int]] | None = None
    current_if_no_args: bool = False
    reads_current: bool = False
    check: Callable[[Call], None] | None = None
    build: Callable[[Call, Compile], Evaluator] | None = None
    reads_form: bool = False

    @property
    def pure(self) -> bool:
        """Same arguments, same result, no context: a call on constants can be folded."""
        return not (self.needs_context or self.reads_form or self.name in VOLATILE)


FUNCTIONS: dict[str, FunctionSpec] = {}
_F = TypeVar("_F", bound="Callable[..., XPathValue] | None")


def _add(name: str, min_args: int, max_args: int | None, **options: object) -> Callable[[_F], _F]:
    """Register ``impl`` under ``name``; usable as a decorator (returns ``impl`` unchanged)."""

    def register(impl: _F) -> _F:
        FUNCTIONS[name] = FunctionSpec(name, min_args, max_args, impl, **options)  # type: ignore[arg-type]
        return impl

    return register


_NONE: frozenset[int] = frozenset()
_FIRST: frozenset[int] = frozenset({0})


def _first_only(count: int) -> frozenset[int]:
    return _FIRST if count == 1 else _NONE


def _always_first(count: int) -> frozenset[int]:
    return _FIRST


def _problem(function: str, problem_id: str, problem_en: str) -> EvalProblem:
    return EvalProblem(function, problem_id, problem_en)


# -- compile-time checks -------------------------------------------------------------------


def _needs_field(node: Call) -> None:
    if not isinstance(node.args[0], Ref):
        raise SyntaxProblem(
            node.args[0].pos,
            f"{node.name}() memerlukan rujukan field seperti ${{nama}}",
            f"{node.name}() needs a field reference such as ${{name}}",
        )


def _check_position(node: Call) -> None:
    if node.args and not isinstance(node.args[0], Parent):
        raise SyntaxProblem(
            node.args[0].pos,
            "position() hanya menerima '..', seperti position(..)",
            "position() only takes '..', as in position(..)",
        )


def _check_indexed_repeat(node: Call) -> None:
    for arg in node.args[:2]:
        if not isinstance(arg, Ref):
            raise SyntaxProblem(
                arg.pos,
                "indexed-repeat() memerlukan ${field} dan ${repeat} sebagai dua argumen pertama",
                "indexed-repeat() needs ${field} and ${repeat} as its first two arguments",
            )


def _choice_field(node: Call) -> str:
    arg = node.args[1]
    if isinstance(arg, Literal) and isinstance(arg.value, str):
        text = arg.value.strip()
        if text.startswith("${") and text.endswith("}") and len(text) > 3:
            return text[2:-1]
    raise SyntaxProblem(
        arg.pos,
        "argumen kedua jr:choice-name() harus berbentuk '${nama_field}' (dengan tanda kutip)",
        "the second argument of jr:choice-name() must be '${field_name}' (in quotes)",
    )


def _check_choice_name(node: Call) -> None:
    _choice_field(node)


def _check_regex(node: Call) -> None:
    arg = node.args[1]
    if isinstance(arg, Literal) and isinstance(arg.value, str):
        try:
            _compile_regex(arg.value)
        except EvalProblem as problem:
            raise SyntaxProblem(arg.pos, problem.problem_id, problem.problem_en) from None


def _check_date_format(node: Call) -> None:
    arg = node.args[1]
    if isinstance(arg, Literal) and isinstance(arg.value, str):
        problem = check_format(arg.value)
        if problem is not None:
            raise SyntaxProblem(arg.pos, *problem)


def _check_weighted(node: Call) -> None:
    if len(node.args) % 2:
        raise SyntaxProblem(
            node.pos,
            "weighted-checklist() memerlukan jumlah argumen genap",
            "weighted-checklist() needs an even number of arguments",
        )


# -- lazy and syntax-reading functions ---------------------------------------------------


def _build_if(node: Call, compile_: Compile) -> Evaluator:
    cond, yes, no = (compile_(arg) for arg in node.args)

    def evaluate_if(ctx: EvalContext) -> XPathValue:
        return yes(ctx) if to_boolean(cond(ctx)) else no(ctx)

    return evaluate_if


def _build_coalesce(node: Call, compile_: Compile) -> Evaluator:
    a, b = (compile_(arg) for arg in node.args)

    def evaluate_coalesce(ctx: EvalContext) -> XPathValue:
        value = a(ctx)
        return b(ctx) if is_empty(value) else value

    return evaluate_coalesce


def _build_position(node: Call, compile_: Compile) -> Evaluator:
    def evaluate_position(ctx: EvalContext) -> XPathValue:
        return float(ctx.position())

    return evaluate_position


def _build_choice_name(node: Call, compile_: Compile) -> Evaluator:
    field = _choice_field(node)
    value = compile_(node.args[0])

    def evaluate_choice_name(ctx: EvalContext) -> XPathValue:
        label = ctx.choice_label(field, to_string(value(ctx)))
        return label if label is not None else ""

    return evaluate_choice_name


def _build_indexed_repeat(node: Call, compile_: Compile) -> Evaluator:
    target = node.args[0]
    assert isinstance(target, Ref)
    name = target.name
    compile_(target)  # registers both names as dependencies; rows are read via ctx.values
    compile_(node.args[1])
    index = compile_(node.args[2])

    def evaluate_indexed_repeat(ctx: EvalContext) -> XPathValue:
        rows = ctx.values(name)
        k = max(java_int(to_number(index(ctx))), 1)  # JavaRosa treats 0 and below as 1
        return atomise(rows[k - 1]) if k <= len(rows) else ""

    return evaluate_indexed_repeat


_add("if", 3, 3, build=_build_if)(None)
_add("coalesce", 2, 2, build=_build_coalesce)(None)
_add("position", 0, 1, check=_check_position, build=_build_position, reads_form=True)(None)
_add(
    "jr:choice-name",
    2,
    2,
    check=_check_choice_name,
    build=_build_choice_name,
    reads_form=True,
)(None)
_add(
    "indexed-repeat",
    3,
    3,
    check=_check_indexed_repeat,
    build=_build_indexed_repeat,
    reads_form=True,
)(None)


# -- conversions ---------------------------------------------------------------------------

_add("true", 0, 0)(lambda: True)
_add("false", 0, 0)(lambda: False)
_add("boolean", 1, 1)(to_boolean)
_add("not", 1, 1)(lambda v: not to_boolean(v))
_add("number", 0, 1, current_if_no_args=True)(to_number)
_add("string", 0, 1, current_if_no_args=True)(to_string)
_add("boolean-from-string", 1, 1)(lambda v: to_string(v).lower() == "true" or to_string(v) == "1")


@_add("int", 1, 1)
def _int(value: XPathValue) -> XPathValue:
    """Truncate toward zero; NaN and ±Infinity stay as they are (JavaRosa toInt)."""
    x = to_number(value)
    if not math.isfinite(x) or abs(x) >= 9.2e18:
        return x
    return math.copysign(float(math.trunc(x)), x)


@_add("round", 1, 2)
def _round(value: XPathValue, digits: XPathValue = 0.0) -> XPathValue:
    return round_half_up(to_number(value), java_int(to_number(digits)))


def round_half_up(x: float, digits: int) -> float:
    """Round to ``digits`` decimals, halves toward +∞, on the number's decimal text.

    Going through ``repr`` (like JavaRosa's ``new BigDecimal(Double.toString(x))``)
    makes ``round(2.675, 2)`` 2.68, as a person expects, not 2.67.
    """
    if not math.isfinite(x):
        return x
    if digits > 30 or digits < -30:
        return NAN  # JavaRosa: absurd precision requests are NaN
    mode = ROUND_HALF_UP if x >= 0 else ROUND_HALF_DOWN
    with localcontext() as context:
        context.prec = 400
        rounded = Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=mode)
    return float(rounded)


# -- dates ---------------------------------------------------------------------------------


def to_temporal(value: XPathValue, *, keep_time: bool, function: str) -> XPathValue:
    """JavaRosa's toDate: "" and NaN pass through (an empty answer stays empty)."""
    value = first(value)
    if isinstance(value, datetime):
        return value if keep_time else value.date()
    if isinstance(value, date):
        return datetime.combine(value, time()) if keep_time else value
    if value.__class__ is float:
        assert isinstance(value, float)
        if value != value:
            return value
        return from_day_number(value, keep_time=keep_time, function=function)
    if isinstance(value, str):
        if value == "":
            return ""
        parsed = parse_temporal(value)
        if parsed is not None:
            return to_temporal(parsed, keep_time=keep_time, function=function)
    raise _problem(
        function,
        "nilai ini bukan tanggal (format YYYY-MM-DD)",
        "this value is not a date (format YYYY-MM-DD)",
    )


_add("date", 1, 1)(lambda v: to_temporal(v, keep_time=False, function="date"))
_add("date-time", 1, 1)(lambda v: to_temporal(v, keep_time=True, function="date-time"))


@_add("decimal-date-time", 1, 1)
def _decimal_date_time(value: XPathValue) -> XPathValue:
    moment = to_temporal(value, keep_time=True, function="decimal-date-time")
    return day_number(moment) if isinstance(moment, date) else moment


@_add("decimal-time", 1, 1)
def _decimal_time(value: XPathValue) -> XPathValue:
    value = first(value)
    if value.__class__ is float:
        x = to_number(value)
        return x - math.floor(x) if math.isfinite(x) else NAN
    if isinstance(value, str) and value:
        clock = parse_time(value)
        if clock is not None:
            return time_of_day(datetime.combine(date(1970, 1, 1), clock))
    moment = to_temporal(value, keep_time=True, function="decimal-time")
    return time_of_day(moment) if isinstance(moment, date) else moment


def _format_date(value: XPathValue, pattern: XPathValue, function: str) -> XPathValue:
    moment = to_temporal(value, keep_time=True, function=function)
    if not isinstance(moment, date):
        return ""  # empty answer (or NaN): nothing to format, as in JavaRosa
    return format_date(moment, to_string(pattern), function)


_add("format-date", 2, 2, check=_check_date_format)(lambda v, p: _format_date(v, p, "format-date"))
_add("format-date-time", 2, 2, check=_check_date_format)(
    lambda v, p: _format_date(v, p, "format-date-time")
)
_add("today", 0, 0, needs_context=True)(lambda ctx: ctx.today())
_add("now", 0, 0, needs_context=True)(lambda ctx: ctx.now())


# -- numbers -------------------------------------------------------------------------------


def _math(function: Callable[[float], float]) -> Callable[[XPathValue], XPathValue]:
    """Java's Math: a domain error is NaN, an overflow is Infinity, never an exception."""

    def apply(value: XPathValue) -> XPathValue:
        x = to_number(value)
        try:
            return function(x)
        except ValueError:
            return NAN
        except OverflowError:
            return INF

    return apply


def _log(x: float, base_log: Callable[[float], float]) -> float:
    return -INF if x == 0 else base_log(x)


def _whole(function: Callable[[float], int]) -> Callable[[float], float]:
    return lambda x: float(function(x)) if math.isfinite(x) else x


_add("abs", 1, 1)(_math(abs))
_add("floor", 1, 1)(_math(_whole(math.floor)))
_add("ceiling", 1, 1)(_math(_whole(math.ceil)))
_add("sqrt", 1, 1)(_math(math.sqrt))
_add("exp", 1, 1)(_math(math.exp))
_add("exp10", 1, 1)(_math(lambda x: math.pow(10.0, x)))
_add("log", 1, 1)(_math(lambda x: _log(x, math.log)))
_add("log10", 1, 1)(_math(lambda x: _log(x, math.log10)))
_add("sin", 1, 1)(_math(math.sin))
_add("cos", 1, 1)(_math(math.cos))
_add("tan", 1, 1)(_math(math.tan))
_add("asin", 1, 1)(_math(math.asin))
_add("acos", 1, 1)(_math(math.acos))
_add("atan", 1, 1)(_math(math.atan))
_add("pi", 0, 0)(lambda: math.pi)


@_add("atan2", 2, 2)
def _atan2(y: XPathValue, x: XPathValue) -> XPathValue:
    return math.atan2(to_number(y), to_number(x))


@_add("pow", 2, 2)
def _pow(base: XPathValue, exponent: XPathValue) -> XPathValue:
    a, b = to_number(base), to_number(exponent)
    try:
        return math.pow(a, b)
    except OverflowError:
        odd = b.is_integer() and b % 2 == 1
        return -INF if a < 0 and odd else INF
    except ValueError:
        return INF if a == 0 and b < 0 else NAN  # 0 to a negative power: Java gives Infinity


@_add("random", 0, 0)
def _random() -> XPathValue:
    return secrets.SystemRandom().random()


# -- node-sets (repeats) ---------------------------------------------------------------------


@_add("count", 1, 1, nodeset_args=_always_first, check=_needs_field)
def _count(nodes: XPathValue) -> XPathValue:
    return float(len(items(nodes)))


@_add("count-non-empty", 1, 1, nodeset_args=_always_first, check=_needs_field)
def _count_non_empty(nodes: XPathValue) -> XPathValue:
    return float(sum(1 for value in items(nodes) if to_string(value) != ""))


@_add("sum", 1, 1, nodeset_args=_always_first, check=_needs_field)
def _sum(nodes: XPathValue) -> XPathValue:
    total = 0.0
    for value in items(nodes):
        x = to_number(value)
        if x == x:
            total += x
    return total


def _numbers(args: Sequence[XPathValue]) -> list[float]:
    found = (to_number(value) for arg in args for value in items(arg))
    return [x for x in found if x == x]


@_add("max", 1, None, nodeset_args=_first_only)
def _max(*args: XPathValue) -> XPathValue:
    numbers = _numbers(args)
    return max(numbers) if numbers else NAN


@_add("min", 1, None, nodeset_args=_first_only)
def _min(*args: XPathValue) -> XPathValue:
    numbers = _numbers(args)
    return min(numbers) if numbers else NAN


def _checklist_nodesets(count: int) -> frozenset[int]:
    return frozenset({2}) if count == 3 else _NONE


@_add("checklist", 2, None, nodeset_args=_checklist_nodesets)
def _checklist(low: XPathValue, high: XPathValue, *factors: XPathValue) -> XPathValue:
    """True when the number of true factors is within [low, high]; -1 means no bound."""
    minimum, maximum = java_int(to_number(low)), java_int(to_number(high))
    hits = sum(1 for factor in factors for value in items(factor) if to_boolean(value))
    return (minimum < 0 or hits >= minimum) and (maximum < 0 or hits <= maximum)


def _weighted_nodesets(count: int) -> frozenset[int]:
    return frozenset({2, 3}) if count == 4 else _NONE


@_add("weighted-checklist", 2, None, nodeset_args=_weighted_nodesets, check=_check_weighted)
def _weighted_checklist(low: XPathValue, high: XPathValue, *pairs: XPathValue) -> XPathValue:
    """True when the weights of the true factors add up to a sum within [low, high]."""
    flags: Sequence[XPathValue]
    weights: Sequence[XPathValue]
    if len(pairs) == 2 and isinstance(pairs[0], NodeSet) and isinstance(pairs[1], NodeSet):
        flags, weights = items(pairs[0]), items(pairs[1])
        if len(flags) != len(weights):
            raise _problem(
                "weighted-checklist",
                "jumlah faktor dan bobot berbeda",
                "the numbers of factors and weights differ",
            )
    else:
        flags, weights = pairs[0::2], pairs[1::2]
    total = sum(to_number(w) for f, w in zip(flags, weights, strict=True) if to_boolean(f))
    return to_number(low) <= total <= to_number(high)


# -- select_multiple -----------------------------------------------------------------------


@_add("selected", 2, 2)
def _selected(answer: XPathValue, choice: XPathValue) -> XPathValue:
    return to_string(choice).strip() in to_string(answer).split()


FUNCTIONS["is-selected"] = FUNCTIONS["selected"]


@_add("count-selected", 1, 1)
def _count_selected(answer: XPathValue) -> XPathValue:
    return float(len(to_string(answer).split()))


@_add("selected-at", 2, 2)
def _selected_at(answer: XPathValue, index: XPathValue) -> XPathValue:
    names = to_string(answer).split()
    k = java_int(to_number(index))
    return names[k] if 0 <= k < len(names) else ""


# -- strings -------------------------------------------------------------------------------


def _concat_nodesets(count: int) -> frozenset[int]:
    return _first_only(count)


@_add("concat", 0, None, nodeset_args=_concat_nodesets)
def _concat(*args: XPathValue) -> XPathValue:
    return "".join(to_string(value) for arg in args for value in items(arg))


def _join_nodesets(count: int) -> frozenset[int]:
    return frozenset({1}) if count == 2 else _NONE


@_add("join", 1, None, nodeset_args=_join_nodesets)
def _join(separator: XPathValue, *args: XPathValue) -> XPathValue:
    return to_string(separator).join(to_string(value) for arg in args for value in items(arg))


@_add("substr", 2, 3)
def _substr(text: XPathValue, start: XPathValue, end: XPathValue | None = None) -> XPathValue:
    s = to_string(text)
    length = len(s)
    i = java_int(to_number(start))
    j = length if end is None else java_int(to_number(end))
    if i < 0:
        i += length
    if j < 0:
        j += length
    i = min(max(0, i), length)
    j = min(max(0, j), length)
    return s[i:j] if i <= j else ""


@_add("substring-before", 2, 2)
def _substring_before(text: XPathValue, part: XPathValue) -> XPathValue:
    s, p = to_string(text), to_string(part)
    at = s.find(p)
    return s[:at] if at >= 0 else ""


@_add("substring-after", 2, 2)
def _substring_after(text: XPathValue, part: XPathValue) -> XPathValue:
    s, p = to_string(text), to_string(part)
    at = s.find(p)
    return s[at + len(p) :] if at >= 0 else ""


@_add("translate", 3, 3)
def _translate(text: XPathValue, source: XPathValue, target: XPathValue) -> XPathValue:
    """XPath translate: map chars of ``source`` to ``target``; extra source chars are deleted."""
    src, dst = to_string(source), to_string(target)
    table: dict[str, str] = {}
    for k, char in enumerate(src):
        table.setdefault(char, dst[k] if k < len(dst) else "")
    return "".join(table.get(char, char) for char in to_string(text))


_add("contains", 2, 2)(lambda s, p: to_string(p) in to_string(s))
_add("starts-with", 2, 2)(lambda s, p: to_string(s).startswith(to_string(p)))
_add("ends-with", 2, 2)(lambda s, p: to_string(s).endswith(to_string(p)))
_add("string-length", 0, 1, current_if_no_args=True)(lambda s: float(len(to_string(s))))
_add("normalize-space", 0, 1, current_if_no_args=True)(lambda s: " ".join(to_string(s).split()))


@lru_cache(maxsize=256)
def _compile_regex(pattern: str) -> re.Pattern[str]:
    if len(pattern) > MAX_REGEX_LENGTH:
        raise _problem(
            "regex",
            f"pola regex terlalu panjang (lebih dari {MAX_REGEX_LENGTH} karakter)",
            f"the regex pattern is too long (more than {MAX_REGEX_LENGTH} characters)",
        )
    try:
        return re.compile(pattern, re.ASCII)
    except (re.error, RecursionError, OverflowError) as exc:
        detail = getattr(exc, "msg", "")
        raise _problem(
            "regex",
            f"pola regex tidak sah ({detail})",
            f"invalid regex pattern ({detail})",
        ) from None


@_add("regex", 2, 2, check=_check_regex)
def _regex(text: XPathValue, pattern: XPathValue) -> XPathValue:
    return _compile_regex(to_string(pattern)).fullmatch(to_string(text)) is not None


# -- context -------------------------------------------------------------------------------


@_add("once", 1, 1, needs_context=True, reads_current=True)
def _once(ctx: EvalContext, value: XPathValue) -> XPathValue:
    """The field's own value if it has one, else ``value``: calculate once, then keep."""
    current = atomise(ctx.current())
    return value if to_string(current) == "" else current


_ALPHANUMERIC = string.ascii_letters + string.digits


@_add("uuid", 0, 1)
def _uuid(length: XPathValue | None = None) -> XPathValue:
    if length is None:
        return str(uuid.uuid4())
    n = min(max(java_int(to_number(length)), 0), MAX_UUID_LENGTH)
    return "".join(secrets.choice(_ALPHANUMERIC) for _ in range(n))
