"""The compiled expression and the cached entry point that makes one."""

from __future__ import annotations

from functools import lru_cache

from .compiler import compile_tree
from .context import EvalContext
from .errors import EvalProblem, ExpressionError, SyntaxProblem
from .functions import Evaluator
from .grammar import parse
from .values import XPathValue, to_boolean, to_number, to_string


class Expression:
    """One compiled XLSForm expression, immutable and safe to share between threads.

    ``references``: names used as ``${name}`` (what it must be re-run for);
    ``uses_current``: it reads ``.`` (directly, or through ``once()``,
    ``string-length()``...); ``choice_columns``: bare names, which only a
    ``choice_filter`` can resolve (elsewhere they are always empty, so a form
    loader can flag them as a forgotten ``${}``); ``volatile``: it calls
    ``today()``, ``now()``, ``random()`` or ``uuid()``.
    """

    __slots__ = (
        "_function_columns",
        "_run",
        "choice_columns",
        "references",
        "source",
        "uses_current",
        "volatile",
    )

    def __init__(self, source: str) -> None:
        try:
            run, info = compile_tree(parse(source))
        except SyntaxProblem as problem:
            raise ExpressionError.invalid(
                problem.pos + 1, problem.problem_id, problem.problem_en, source
            ) from None
        except RecursionError:
            raise ExpressionError.invalid(
                1,
                "ekspresi terlalu bertingkat",
                "the expression is nested too deeply",
                source,
            ) from None
        self.source = source
        self.references = frozenset(info.references)
        self.choice_columns = frozenset(info.choice_columns)
        self.uses_current = info.uses_current
        self.volatile = info.volatile
        self._function_columns = info.function_columns
        self._run: Evaluator = run

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"

    def evaluate(self, ctx: EvalContext) -> XPathValue:
        """The XPath value: str, float, bool, or a date/datetime (from date functions).

        Raises ExpressionError only: a function given a value it cannot use
        (``date('not a date')``) or an arithmetic failure.
        """
        try:
            return self._run(ctx)
        except EvalProblem as problem:
            column = self._function_columns.get(problem.function)
            raise ExpressionError.failed(
                column, problem.function, problem.problem_id, problem.problem_en, self.source
            ) from None
        except (ArithmeticError, RecursionError):
            raise ExpressionError.failed(
                None,
                None,
                "perhitungan gagal (angka terlalu besar?)",
                "the calculation failed (a number too large?)",
                self.source,
            ) from None

    def evaluate_bool(self, ctx: EvalContext) -> bool:
        """XPath ``boolean()`` of the result: for relevant, required, constraint, readonly."""
        return to_boolean(self.evaluate(ctx))

    def evaluate_str(self, ctx: EvalContext) -> str:
        """XPath ``string()`` of the result: for calculate into text fields, labels."""
        return to_string(self.evaluate(ctx))

    def evaluate_number(self, ctx: EvalContext) -> float:
        """XPath ``number()`` of the result (NaN when empty or not a number)."""
        return to_number(self.evaluate(ctx))


@lru_cache(maxsize=4096)
def compile_expression(text: str) -> Expression:
    """Compile ``text`` once; the same text returns the same Expression afterwards.

    Raises ExpressionError (with ``column``) for bad syntax, an unknown
    function, a wrong number of arguments or an argument of the wrong shape.
    """
    return Expression(text)


_FLAGS = {"yes": True, "true": True, "true()": True, "no": False, "false": False, "false()": False}


def compile_flag(text: str | bool | None) -> Expression:
    """An XLSForm ``required``/``readonly`` cell: yes/no/true/false, or an expression.

    pyxform reads those words (any case) as constants; an empty cell is "no".
    """
    if text is None or isinstance(text, bool):
        flag: bool | None = bool(text)
    else:
        word = text.strip().lower()
        flag = _FLAGS.get(word) if word else False
    if flag is None:
        assert isinstance(text, str)
        return compile_expression(text)
    return compile_expression("true()" if flag else "false()")
