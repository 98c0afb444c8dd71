"""Nodes → a tree of Python closures, built once per expression text.

Why closures: evaluating a compiled closure tree is a handful of direct calls,
with no dispatch on node types at run time, which is what makes re-running
every expression of a large form after each answer cheap. Common shapes get
their own closures (``${x} >= 18``, ``${x} = 'yes'``, ``${x} + 1``) with a
fast path for the usual value types and the general XPath rules behind it.

While compiling, the compiler also records what the expression depends on
(``${...}`` references, choice columns, ``.``) and checks every function
call: known name, argument count, argument shapes. All of that fails at
compile time, so a form with a bad expression is refused when it is loaded.
"""

from __future__ import annotations

import difflib
import math
import operator
from collections.abc import Callable
from dataclasses import dataclass, field

from .context import EvalContext
from .errors import EvalProblem, SyntaxProblem
from .functions import FUNCTIONS, VOLATILE, Evaluator, FunctionSpec
from .nodes import (
    BareName,
    Binary,
    Call,
    Chain,
    Current,
    Literal,
    Logical,
    Negate,
    Node,
    Parent,
    Ref,
)
from .values import (
    NAN,
    NodeSet,
    XPathValue,
    atomise,
    equals,
    numeric_pair,
    to_boolean,
    to_number,
)

MAX_DEPTH = 100
"""Nesting limit: far above real forms (a deep one nests ~15), far below Python's stack."""


@dataclass
class CompileInfo:
    """What an expression reads, gathered while it is compiled."""

    references: set[str] = field(default_factory=set)
    choice_columns: set[str] = field(default_factory=set)
    uses_current: bool = False
    volatile: bool = False
    function_columns: dict[str, int] = field(default_factory=dict)


def compile_tree(root: Node) -> tuple[Evaluator, CompileInfo]:
    if root.depth > MAX_DEPTH:
        raise SyntaxProblem(
            root.pos,
            f"ekspresi terlalu bertingkat (lebih dari {MAX_DEPTH} tingkat)",
            f"the expression is nested too deeply (more than {MAX_DEPTH} levels)",
        )
    info = CompileInfo()
    return _Compiler(info).compile(root), info


def _div(x: float, y: float) -> float:
    try:
        return x / y
    except ZeroDivisionError:
        if x != x or x == 0:
            return NAN
        return math.copysign(math.inf, x) * math.copysign(1.0, y)


def _mod(x: float, y: float) -> float:
    """Java's ``%``: the sign of the dividend; NaN for a zero divisor or infinite dividend."""
    try:
        return math.fmod(x, y)
    except ValueError:
        return NAN


_ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "div": _div,
    "mod": _mod,
}
_ORDERING: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class _Compiler:
    def __init__(self, info: CompileInfo) -> None:
        self.info = info
        # id(node) → (node, constant?); the node is kept so its id cannot be reused.
        self._constant_nodes: dict[int, tuple[Node, bool]] = {}

    def compile(self, node: Node) -> Evaluator:
        """Compile ``node``; a part without field, ``.`` or clock reads becomes a constant.

        Folding ``date('2000-01-01')`` or ``(6 + 1)`` once here saves the work on
        every evaluation. A constant part that fails (``date('2024-02-30')``)
        is left to fail at run time, where an untaken ``if`` branch never runs.
        """
        evaluator = self._compile(node)
        if isinstance(node, Literal) or not self._is_constant(node):
            return evaluator
        try:
            value = evaluator(None)  # type: ignore[arg-type]  # constant: never reads ctx
        except (EvalProblem, ArithmeticError):
            return evaluator
        return _constant(value)

    def _is_constant(self, node: Node) -> bool:
        known = self._constant_nodes.get(id(node))
        if known is not None:
            return known[1]
        if isinstance(node, Literal):
            constant = True
        elif isinstance(node, Ref | Current | BareName | Parent):
            constant = False
        elif isinstance(node, Call):
            spec = FUNCTIONS.get(node.name)
            constant = (
                spec is not None
                and spec.pure
                and not (spec.current_if_no_args and not node.args)
                and all(self._is_constant(arg) for arg in node.args)
            )
        else:
            constant = all(self._is_constant(child) for child in node.children())
        self._constant_nodes[id(node)] = (node, constant)
        return constant

    def _compile(self, node: Node) -> Evaluator:
        if isinstance(node, Literal):
            return _constant(node.value)
        if isinstance(node, Ref):
            self.info.references.add(node.name)
            return _reference(node.name)
        if isinstance(node, Current):
            self.info.uses_current = True
            return _current
        if isinstance(node, BareName):
            self.info.choice_columns.add(node.name)
            return _choice_column(node.name)
        if isinstance(node, Negate):
            return self._negate(node)
        if isinstance(node, Binary):
            return self._binary(node)
        if isinstance(node, Chain):
            return self._chain(node)
        if isinstance(node, Logical):
            return self._logical(node)
        if isinstance(node, Call):
            return self._call(node)
        if isinstance(node, Parent):
            raise SyntaxProblem(
                node.pos,
                "'..' hanya boleh dipakai sebagai position(..)",
                "'..' can only be used as position(..)",
            )
        raise AssertionError(f"unknown node {type(node).__name__}")

    def _negate(self, node: Negate) -> Evaluator:
        operand = node.operand
        if isinstance(operand, Literal) and isinstance(operand.value, float):
            return _constant(-operand.value)
        inner = self.compile(operand)

        def negate(ctx: EvalContext) -> XPathValue:
            return -to_number(inner(ctx))

        return negate

    def _binary(self, node: Binary) -> Evaluator:
        left, right = self.compile(node.left), self.compile(node.right)
        constant = node.right.value if isinstance(node.right, Literal) else None
        if node.op in _ARITHMETIC:
            return _arithmetic(_ARITHMETIC[node.op], left, right, constant)
        if node.op in _ORDERING:
            return _ordering(_ORDERING[node.op], left, right, constant)
        return _equality(node.op == "=", left, right, constant)

    def _chain(self, node: Chain) -> Evaluator:
        head = self.compile(node.first)
        steps = tuple((_ARITHMETIC[op], self.compile(operand)) for op, operand in node.steps)

        def chain(ctx: EvalContext) -> XPathValue:
            acc = head(ctx)
            for op, operand in steps:
                b = operand(ctx)
                if acc.__class__ is float and b.__class__ is float:
                    acc = op(acc, b)
                else:
                    x, y = numeric_pair(acc, b)
                    acc = op(x, y)
            return acc

        return chain

    def _logical(self, node: Logical) -> Evaluator:
        parts = tuple(self.compile(operand) for operand in node.operands)
        if node.op == "and":
            if len(parts) == 2:
                a, b = parts

                def and2(ctx: EvalContext) -> XPathValue:
                    return to_boolean(a(ctx)) and to_boolean(b(ctx))

                return and2

            def and_n(ctx: EvalContext) -> XPathValue:
                return all(to_boolean(part(ctx)) for part in parts)

            return and_n
        if len(parts) == 2:
            a, b = parts

            def or2(ctx: EvalContext) -> XPathValue:
                return to_boolean(a(ctx)) or to_boolean(b(ctx))

            return or2

        def or_n(ctx: EvalContext) -> XPathValue:
            return any(to_boolean(part(ctx)) for part in parts)

        return or_n

    def _call(self, node: Call) -> Evaluator:
        spec = FUNCTIONS.get(node.name)
        if spec is None:
            raise _unknown_function(node)
        _check_arity(spec, node)
        self.info.function_columns.setdefault(node.name, node.pos + 1)
        if spec.check is not None:
            spec.check(node)
        if spec.reads_current:
            self.info.uses_current = True
        if node.name in VOLATILE:
            self.info.volatile = True
        if not node.args and spec.current_if_no_args:
            node = Call(node.pos, node.depth + 1, name=node.name, args=(Current(node.pos),))
        if spec.build is not None:
            return spec.build(node, self.compile)
        nodesets = spec.nodeset_args(len(node.args)) if spec.nodeset_args else frozenset()
        args = [
            self._nodeset(arg) if i in nodesets and isinstance(arg, Ref) else self.compile(arg)
            for i, arg in enumerate(node.args)
        ]
        assert spec.impl is not None
        return _apply(spec.impl, args, with_context=spec.needs_context)

    def _nodeset(self, node: Ref) -> Evaluator:
        self.info.references.add(node.name)
        name = node.name

        def nodeset(ctx: EvalContext) -> XPathValue:
            return NodeSet(tuple(atomise(value) for value in ctx.values(name)))

        return nodeset


def _unknown_function(node: Call) -> SyntaxProblem:
    close = difflib.get_close_matches(node.name, FUNCTIONS, n=1)
    hint_id = f" (maksud Anda '{close[0]}'?)" if close else ""
    hint_en = f" (did you mean '{close[0]}'?)" if close else ""
    return SyntaxProblem(
        node.pos,
        f"fungsi '{node.name}' tidak dikenal{hint_id}",
        f"unknown function '{node.name}'{hint_en}",
    )


def _check_arity(spec: FunctionSpec, node: Call) -> None:
    given = len(node.args)
    low, high = spec.min_args, spec.max_args
    if low <= given and (high is None or given <= high):
        return
    if high is None:
        want_id, want_en = f"sedikitnya {low}", f"at least {low}"
    elif low == high:
        want_id = want_en = str(low)
    else:
        want_id, want_en = f"{low} sampai {high}", f"{low} to {high}"
    raise SyntaxProblem(
        node.pos,
        f"fungsi '{node.name}' memerlukan {want_id} argumen, tetapi diberi {given}",
        f"function '{node.name}' takes {want_en} argument(s) but was given {given}",
    )


# -- leaf evaluators -----------------------------------------------------------------------


def _constant(value: XPathValue) -> Evaluator:
    def constant(ctx: EvalContext) -> XPathValue:
        return value

    return constant


def _reference(name: str) -> Evaluator:
    def reference(ctx: EvalContext) -> XPathValue:
        value = ctx.value(name)
        if value.__class__ is str:
            return value
        return atomise(value)

    return reference


def _current(ctx: EvalContext) -> XPathValue:
    return atomise(ctx.current())


def _choice_column(name: str) -> Evaluator:
    def choice_column(ctx: EvalContext) -> XPathValue:
        return atomise(ctx.choice_column(name))

    return choice_column


# -- operators -----------------------------------------------------------------------------


def _arithmetic(
    op: Callable[[float, float], float],
    left: Evaluator,
    right: Evaluator,
    constant: str | float | None,
) -> Evaluator:
    if isinstance(constant, float):
        c = constant

        def arithmetic_constant(ctx: EvalContext) -> XPathValue:
            a = left(ctx)
            if a.__class__ is float:
                return op(a, c)
            x, y = numeric_pair(a, c)
            return op(x, y)

        return arithmetic_constant

    def arithmetic(ctx: EvalContext) -> XPathValue:
        a, b = left(ctx), right(ctx)
        if a.__class__ is float and b.__class__ is float:
            return op(a, b)
        x, y = numeric_pair(a, b)
        return op(x, y)

    return arithmetic


def _ordering(
    op: Callable[[float, float], bool],
    left: Evaluator,
    right: Evaluator,
    constant: str | float | None,
) -> Evaluator:
    if isinstance(constant, float):
        c = constant

        def ordering_constant(ctx: EvalContext) -> XPathValue:
            a = left(ctx)
            if a.__class__ is float:
                return op(a, c)
            x, y = numeric_pair(a, c)
            return op(x, y)

        return ordering_constant

    def ordering(ctx: EvalContext) -> XPathValue:
        a, b = left(ctx), right(ctx)
        if a.__class__ is float and b.__class__ is float:
            return op(a, b)
        x, y = numeric_pair(a, b)
        return op(x, y)

    return ordering


def _equality(
    want_equal: bool,
    left: Evaluator,
    right: Evaluator,
    constant: str | float | None,
) -> Evaluator:
    if constant == "":

        def equality_empty(ctx: EvalContext) -> XPathValue:
            a = left(ctx)
            cls = a.__class__
            if cls is str:
                return (a == "") is want_equal
            if cls is bool:
                return (not a) is want_equal
            if cls is NodeSet:
                return equals(a, "") is want_equal
            return not want_equal  # a number or a date never equals "" (NaN)

        return equality_empty

    if isinstance(constant, str):
        c = constant

        def equality_string(ctx: EvalContext) -> XPathValue:
            a = left(ctx)
            if a.__class__ is str:
                return (a == c) is want_equal
            return equals(a, c) is want_equal

        return equality_string

    def equality(ctx: EvalContext) -> XPathValue:
        return equals(left(ctx), right(ctx)) is want_equal

    return equality


def _apply(
    impl: Callable[..., XPathValue], args: list[Evaluator], *, with_context: bool
) -> Evaluator:
    """A call with its arguments evaluated first; small arities get unrolled closures."""
    count = len(args)
    if with_context:
        if count == 0:
            return lambda ctx: impl(ctx)
        if count == 1:
            (a,) = args
            return lambda ctx: impl(ctx, a(ctx))
        return lambda ctx: impl(ctx, *[arg(ctx) for arg in args])
    if count == 0:
        return lambda ctx: impl()
    if count == 1:
        (a,) = args
        return lambda ctx: impl(a(ctx))
    if count == 2:
        a, b = args
        return lambda ctx: impl(a(ctx), b(ctx))
    if count == 3:
        a, b, c = args
        return lambda ctx: impl(a(ctx), b(ctx), c(ctx))
    return lambda ctx: impl(*[arg(ctx) for arg in args])
