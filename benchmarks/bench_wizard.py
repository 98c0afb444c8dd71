"""Wizard engine speed: one answer changed → its dependent expressions re-evaluated.

Takes the built-in form with the most expression slots (with three rows in
each repeat, as a real intake with three perpetrators), fills it with
answers, then repeatedly changes one input answer (a random input, toggled
between two valid values) and times ``FormEngine.set_answer``: normalising
the answer, walking the dependency index and re-evaluating, in dependency
order, exactly the expressions whose inputs changed.

The baseline is ``FormEngine.recompute_all``: every expression of the form
for every instance, what a wizard without a dependency index would do after
each keystroke. Passes of the two are interleaved so machine noise falls on
both alike.

Figures: median and p95 (ms) of each, the ratio of the p95s, and the mean
number of expressions evaluated per change vs per full pass.
Target: p95 of one change < 2 ms (a keystroke must never lag on an old laptop).

Run: .venv/bin/python benchmarks/bench_wizard.py [--changes 2000] [--strict]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone

from fieldcase.core.changes import JsonValue
from fieldcase.forms import builtin_forms
from fieldcase.forms.model import Form, Question, QuestionType
from fieldcase.ui.wizard.engine import FormEngine, Row

TARGET_P95_MS = 2.0
REPEAT_ROWS = 3
WIB = timezone(timedelta(hours=7))
NOW = datetime(2025, 3, 1, 9, 30, tzinfo=WIB)


def two_values(form: Form, q: Question) -> tuple[JsonValue, JsonValue]:
    """Two different valid answers for ``q``."""
    kind = q.type
    if kind is QuestionType.SELECT_ONE:
        names = [c.name for c in form.choices_for(q)]
        return names[0], names[-1]
    if kind is QuestionType.SELECT_MULTIPLE:
        names = [c.name for c in form.choices_for(q)]
        return [names[0]], names[1:3]
    if kind is QuestionType.INTEGER:
        return 5, 15
    if kind is QuestionType.DECIMAL:
        return 1.5, 2.5
    if kind is QuestionType.DATE:
        return "2025-02-27", "2024-06-01"
    if kind is QuestionType.DATETIME:
        return "2025-03-01T01:00:00Z", "2025-02-20T08:00:00Z"
    if kind is QuestionType.ACKNOWLEDGE:
        return "OK", None
    return "satu", "dua"


def largest_form() -> Form:
    def slots(form: Form) -> int:
        return FormEngine(form, clock=lambda: NOW, zone=WIB).slot_count

    return max(builtin_forms().values(), key=slots)


Input = tuple[str, Row, tuple[JsonValue, JsonValue]]


def filled_engine(form: Form) -> tuple[FormEngine, list[Input]]:
    engine = FormEngine(form, clock=lambda: NOW, zone=WIB)
    for repeat in engine.rows:
        for _ in range(REPEAT_ROWS):
            engine.add_row(repeat)
    for page in range(len(form.pages)):
        engine.apply_defaults(page)
    inputs: list[Input] = []
    for q in form.questions():
        if q.type in (QuestionType.NOTE, QuestionType.CALCULATE) or q.is_context:
            continue
        if engine.is_readonly(q.name):
            continue
        values = two_values(form, q)
        for row in engine.rows_of(q.name):
            engine.set_answer(q.name, row, values[0])
            inputs.append((q.name, row, values))
    return engine, inputs


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    form = largest_form()
    engine, inputs = filled_engine(form)
    rng = random.Random(args.seed)
    state = {(name, row): 0 for name, row, _ in inputs}
    changed_ms: list[float] = []
    full_ms: list[float] = []
    changed_evals: list[int] = []
    full_evals: list[int] = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(args.changes):
            name, row, values = rng.choice(inputs)
            state[(name, row)] ^= 1
            value = values[state[(name, row)]]
            before = engine.evaluations
            start = time.perf_counter_ns()
            engine.set_answer(name, row, value)
            changed_ms.append((time.perf_counter_ns() - start) / 1e6)
            changed_evals.append(engine.evaluations - before)

            before = engine.evaluations
            start = time.perf_counter_ns()
            engine.recompute_all()
            full_ms.append((time.perf_counter_ns() - start) / 1e6)
            full_evals.append(engine.evaluations - before)
    finally:
        gc.enable()

    p95_changed, p95_full = percentile(changed_ms, 95), percentile(full_ms, 95)
    print(
        f"form {form.form_id}: {engine.slot_count} expression slots, "
        f"{len(inputs)} input instances ({REPEAT_ROWS} rows per repeat), {args.changes} changes"
    )
    print(
        f"  one answer changed (dependents only): median {statistics.median(changed_ms):.3f} ms,"
        f" p95 {p95_changed:.3f} ms, {statistics.mean(changed_evals):.1f} evaluations"
    )
    print(
        f"  baseline (every expression):          median {statistics.median(full_ms):.3f} ms,"
        f" p95 {p95_full:.3f} ms, {statistics.mean(full_evals):.1f} evaluations"
    )
    busy = [ms for ms, n in zip(changed_ms, changed_evals, strict=True) if n > 0]
    if busy:
        print(
            f"  only the {len(busy)} changes that had dependents:"
            f" median {statistics.median(busy):.3f} ms, p95 {percentile(busy, 95):.3f} ms,"
            f" max {max(busy):.3f} ms"
        )
    print(f"  p95 ratio baseline / dependents: {p95_full / p95_changed:.1f}x")
    ok = p95_changed < TARGET_P95_MS
    print(f"  target p95 < {TARGET_P95_MS} ms: {'ok' if ok else 'FAIL'}")
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
