"""The one error type of the expression engine, and the two internal signals behind it.

A form author causes most of these (a typo in a ``relevant`` cell), a field
worker a few (a date answer the form then fails to convert). Either way the
message names the column of the expression and what is wrong, in Bahasa
Indonesia and English, and never quotes an answer: answers are case content.
The expression text itself is form definition, not case data; it is kept on the
error (``source``) for the form loader to show next to the row it came from.
"""

from __future__ import annotations

from fieldcase.core.errors import FieldcaseError

_FIX_ID = "Perbaiki formulir (XLSForm) atau hubungi admin tim."
_FIX_EN = "Fix the form (XLSForm) or contact your team admin."


class ExpressionError(FieldcaseError):
    """An expression that cannot be compiled, or that failed while being evaluated.

    ``column`` is 1-based and counts characters from the start of the
    expression (a multi-line cell counts its newlines as characters);
    ``None`` when the failure has no single place.
    """

    def __init__(
        self,
        message_id: str,
        message_en: str,
        *,
        column: int | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(message_id, message_en)
        self.column = column
        self.source = source

    @classmethod
    def invalid(
        cls, column: int, problem_id: str, problem_en: str, source: str | None = None
    ) -> ExpressionError:
        """A compile-time error: bad syntax, unknown function, wrong argument count."""
        return cls(
            f"Ekspresi tidak sah di kolom {column}: {problem_id}. {_FIX_ID}",
            f"Invalid expression at column {column}: {problem_en}. {_FIX_EN}",
            column=column,
            source=source,
        )

    @classmethod
    def failed(
        cls,
        column: int | None,
        function: str | None,
        problem_id: str,
        problem_en: str,
        source: str | None = None,
    ) -> ExpressionError:
        """A run-time error: a value a function cannot work with (e.g. not a date)."""
        where_id = f" di kolom {column}" if column is not None else ""
        where_en = f" at column {column}" if column is not None else ""
        what = f" ({function})" if function else ""
        return cls(
            f"Ekspresi tidak dapat dihitung{where_id}{what}: {problem_id}. "
            "Periksa jawaban yang dipakai ekspresi ini; jika benar, hubungi admin tim.",
            f"Expression cannot be evaluated{where_en}{what}: {problem_en}. "
            "Check the answers this expression uses; if they are right, contact your team admin.",
            column=column,
            source=source,
        )


class SyntaxProblem(Exception):
    """Raised while parsing or compiling; ``compile_expression`` turns it into an ExpressionError.

    ``pos`` is the 0-based offset into the expression text.
    """

    def __init__(self, pos: int, problem_id: str, problem_en: str) -> None:
        super().__init__(problem_en)
        self.pos = pos
        self.problem_id = problem_id
        self.problem_en = problem_en


class EvalProblem(Exception):
    """Raised by a function implementation on a value it cannot use.

    Kept free of position data so implementations stay small; ``Expression``
    adds the function's column when it turns this into an ExpressionError.
    """

    def __init__(self, function: str, problem_id: str, problem_en: str) -> None:
        super().__init__(problem_en)
        self.function = function
        self.problem_id = problem_id
        self.problem_en = problem_en
