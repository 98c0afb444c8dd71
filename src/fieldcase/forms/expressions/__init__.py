"""The XLSForm expression engine: XPath 1.0 with the ODK functions, compiled once, run fast.

Used for ``relevant``, ``required``, ``constraint``, ``calculate``,
``readonly``, dynamic defaults and ``choice_filter``::

    expr = compile_expression("${age} < 18 and selected(${risks}, 'online')")
    expr.references                 # frozenset({'age', 'risks'})
    expr.evaluate_bool(context)     # context: an EvalContext (DictContext for tests)

Module map: ``grammar`` (lark grammar → nodes), ``nodes``, ``compiler``
(nodes → closures), ``functions`` (the function registry), ``values``
(XPath types and conversions; the comparison rules are documented there),
``dates``, ``context`` (what the engine asks of the form), ``expression``
(the ``Expression`` class and the cached ``compile_expression``).
"""

from __future__ import annotations

from .context import DictContext, EvalContext
from .errors import ExpressionError
from .expression import Expression, compile_expression, compile_flag
from .functions import FUNCTIONS
from .values import NodeSet, XPathValue

FUNCTION_NAMES = frozenset(FUNCTIONS)
"""Every function name an expression may call (for form linting and documentation)."""

__all__ = [
    "FUNCTION_NAMES",
    "DictContext",
    "EvalContext",
    "Expression",
    "ExpressionError",
    "NodeSet",
    "XPathValue",
    "compile_expression",
    "compile_flag",
]
