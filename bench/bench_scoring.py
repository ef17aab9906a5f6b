"""Scoring throughput against the cost of merely loading the same answers.

Generates seeded organisations (10 respondents each) answering a full instrument, keeps
each organisation's answers as the JSON text an app would store, then measures
(a) json.loads of every organisation into RespondentAnswers objects, and
(b) scoring every loaded organisation with scoring.score (the full result: dimensions,
    overall, principles, agreement, role-group views and instrument views),
each as CPU time on batches of 500 organisations timed back to back, best of
--rounds per batch.
Prints one line: BENCH scoring ratio=<b/a> target<=3 PASS|FAIL (details on stderr).

    python bench/bench_scoring.py [--organisations N] [--seed S] [--rounds R]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from types import MappingProxyType

from questionnaires.model import (
    DONT_KNOW,
    MATURITY,
    MATURITY_KIND,
    NOT_APPLICABLE,
    Dimension,
    Item,
    Option,
    Questionnaire,
    Text,
)
from scoring import AssessmentResult, RespondentAnswers, score

RESPONDENTS = 10
TARGET = 3.0
BATCH = 500


def generated_questionnaire() -> Questionnaire:
    """About 25 items in 6 dimensions, used when the bundled definitions are unavailable."""
    dimensions = tuple(
        Dimension(f"d{n}", MATURITY_KIND, Text(f"D{n}", f"D{n}"), Text("", "")) for n in range(6)
    )
    items = []
    for n in range(25):
        options = tuple(Option(f"l{lv}", Text(f"{lv}", f"{lv}"), lv) for lv in range(1, 6))
        roles = frozenset({"leader"}) if n % 7 == 0 else frozenset({"leader", "staff", "partner"})
        items.append(
            Item(
                id=f"item-{n}",
                dimension=f"d{n % 6}",
                answer_type=MATURITY,
                prompt=Text(f"Item {n}", f"Question {n}"),
                options=options,
                roles=roles,
                principles=(1 + n % 5,),
                tags=MappingProxyType({}),
                allow_not_applicable=n % 4 == 0,
            )
        )
    return Questionnaire(
        "generated", "1.0.0", Text("G", "G"), Text("", ""), 10, (), dimensions, tuple(items)
    )


def instrument() -> Questionnaire:
    try:
        from questionnaires import bundled_library

        return bundled_library().get("leadership-mindsets")
    except Exception as error:  # any failure means "not available (yet)"
        print(f"bundled leadership-mindsets unavailable ({error}); generating", file=sys.stderr)
        return generated_questionnaire()


def organisations(questionnaire: Questionnaire, count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    roles = ["leader"] * 2 + ["staff"] * 6 + ["partner"] * 2
    asked = {role: questionnaire.items_for_role(role) for role in set(roles)}
    documents = []
    for _ in range(count):
        # Each organisation has its own typical level, so results vary across them.
        centre = rnd.randint(1, 5)
        respondents = []
        for _ in range(RESPONDENTS):
            role = rnd.choice(roles)
            answers: dict[str, int | str] = {}
            for item in asked[role]:
                draw = rnd.random()
                if draw < 0.05:
                    continue  # left unanswered
                if draw < 0.12:
                    answers[item.id] = DONT_KNOW
                elif draw < 0.15 and item.allow_not_applicable:
                    answers[item.id] = NOT_APPLICABLE
                else:
                    level = min(5, max(1, centre + rnd.choice((-1, 0, 0, 1))))
                    answers[item.id] = level if draw < 0.8 else f"l{level}"
            respondents.append({"role": role, "answers": answers})
        documents.append(json.dumps(respondents))
    return documents


def load(documents: list[str]) -> list[list[RespondentAnswers]]:
    return [
        [RespondentAnswers(r["role"], r["answers"]) for r in json.loads(document)]
        for document in documents
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20250)
    parser.add_argument("--rounds", type=int, default=3, help="best of this many timings")
    arguments = parser.parse_args()

    questionnaire = instrument()
    documents = organisations(questionnaire, arguments.organisations, arguments.seed)
    score(questionnaire, load(documents[:1])[0])  # build the per-questionnaire index once

    # The machine is shared, so each phase is timed in CPU time, on batches of
    # organisations measured back to back (load a batch, then score it), best of a few
    # rounds per batch: both phases of a batch see the same machine conditions.
    batches = [documents[start : start + BATCH] for start in range(0, len(documents), BATCH)]
    best_load = [float("inf")] * len(batches)
    best_score = [float("inf")] * len(batches)
    results: list[AssessmentResult] = []
    for _ in range(arguments.rounds):
        results = []
        for number, batch in enumerate(batches):
            gc.collect()
            gc.disable()  # collector pauses would land at random in one phase or the other
            try:
                start = time.process_time()
                loaded = load(batch)
                best_load[number] = min(best_load[number], time.process_time() - start)

                start = time.process_time()
                results += [score(questionnaire, respondents) for respondents in loaded]
                best_score[number] = min(best_score[number], time.process_time() - start)
            finally:
                gc.enable()
    load_seconds, score_seconds = sum(best_load), sum(best_score)

    levels = [r.overall.level for r in results]
    ratio = score_seconds / load_seconds
    print(
        f"{questionnaire.id}: {len(documents)} organisations x {RESPONDENTS} respondents x"
        f" {len(questionnaire.items)} items; load {load_seconds:.2f} s, score"
        f" {score_seconds:.2f} s ({1e6 * score_seconds / len(documents):.0f} us per"
        f" organisation); overall levels {sorted(set(levels), key=str)}",
        file=sys.stderr,
    )
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"BENCH scoring ratio={ratio:.2f} target<=3 {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
