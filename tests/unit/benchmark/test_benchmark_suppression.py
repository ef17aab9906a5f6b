"""Complementary suppression on hand-made tables, and the exact-recovery check."""

from scoring.benchmark import (
    COMPLEMENTARY,
    TOO_FEW_COUNTRIES,
    TOO_FEW_ORGANISATIONS,
    Line,
    Suppression,
    protect,
    recoverable,
    table_lines,
)

FEW = Suppression(TOO_FEW_ORGANISATIONS, 1, 4)
MIXED = Suppression(TOO_FEW_COUNTRIES, 5, None)
TOTAL = (None,)


def one_way(**sizes):
    counts = {(name,): size for name, size in sizes.items()}
    counts[TOTAL] = sum(sizes.values())
    return table_lines(counts), counts


def two_way(cells):
    """Sizes of inner cells {(row, col): n} completed with their margins and total."""
    counts = dict(cells)
    for (row, col), size in cells.items():
        for key in ((row, None), (None, col), (None, None)):
            counts[key] = counts.get(key, 0) + size
    return table_lines(counts), counts


def small(sizes, *keys):
    return {key: FEW for key in keys if sizes[key] < 5}


def complements(hidden):
    return sorted((k for k, s in hidden.items() if s.reason == COMPLEMENTARY), key=str)


def test_a_one_way_table_has_one_line_from_its_cells_to_the_total():
    lines, _ = one_way(a=3, b=6)

    assert lines == (Line(TOTAL, (("a",), ("b",))),)


def test_a_two_way_table_has_rows_columns_and_both_lines_of_margins():
    lines, _ = two_way({("r1", "c1"): 1, ("r1", "c2"): 1, ("r2", "c1"): 1})

    assert set(lines) == {
        Line(("r1", None), (("r1", "c1"), ("r1", "c2"))),
        Line(("r2", None), (("r2", "c1"),)),
        Line((None, "c1"), (("r1", "c1"), ("r2", "c1"))),
        Line((None, "c2"), (("r1", "c2"),)),
        Line((None, None), (("r1", None), ("r2", None))),
        Line((None, None), ((None, "c1"), (None, "c2"))),
    }


def test_a_line_whose_total_is_not_in_the_table_is_not_a_line():
    assert table_lines([("a",), ("b",)]) == ()


def test_a_single_suppressed_cell_takes_the_next_smallest_with_it():
    lines, sizes = one_way(a=3, b=6, c=7, d=20)

    hidden = protect(lines, sizes, {("a",): FEW}, complement_low=5, bounded=False)

    assert complements(hidden) == [("b",)]


def test_nothing_is_added_when_nothing_is_suppressed_or_two_cells_already_are():
    lines, sizes = one_way(a=3, b=2, c=20)

    assert protect(lines, sizes, {}, complement_low=5, bounded=False) == {}
    assert (
        complements(
            protect(lines, sizes, {("a",): MIXED, ("b",): MIXED}, complement_low=5, bounded=True)
        )
        == []
    )


def test_a_complement_is_large_enough_that_the_small_cell_could_still_hold_up_to_four():
    # With a=1 and b=5, a reader would get a+b=6 and b>=5, hence a=1: b is too small.
    lines, sizes = one_way(a=1, b=5, c=6, d=9, e=30)

    hidden = protect(lines, sizes, {("a",): FEW}, complement_low=5, bounded=True)

    assert complements(hidden) == [("d",)]


def test_two_small_cells_do_not_protect_each_other_when_their_sum_gives_them_away():
    lines, sizes = one_way(a=1, b=1, c=20, d=30)

    hidden = protect(lines, sizes, small(sizes, ("a",), ("b",)), complement_low=5, bounded=True)

    assert complements(hidden) == [("c",)]


def test_two_small_cells_whose_sum_leaves_each_free_need_no_complement():
    # a+b=5 with each from 1 to 4: either could still be anything from 1 to 4.
    lines, sizes = one_way(a=2, b=3, c=20)

    hidden = protect(lines, sizes, small(sizes, ("a",), ("b",)), complement_low=5, bounded=True)

    assert complements(hidden) == []


def test_two_small_cells_that_could_each_be_four_still_reveal_a_lower_bound():
    # a+b=8 with both at most 4 means both are exactly 4.
    lines, sizes = one_way(a=4, b=4, c=20)
    floors = {("a",): Suppression(TOO_FEW_ORGANISATIONS, 0, 4), ("b",): FEW}

    assert protect(lines, sizes, floors, complement_low=5, bounded=True) != floors


def test_when_no_cell_can_hide_a_small_one_the_total_is_withheld_too():
    lines, sizes = one_way(a=1, b=5, c=6)

    hidden = protect(lines, sizes, {("a",): FEW}, complement_low=5, bounded=True)

    assert set(hidden) == {("a",), ("b",), ("c",), TOTAL}


def test_a_withheld_total_needs_no_protection_from_its_cells():
    lines, sizes = one_way(a=1, b=5)

    hidden = protect(lines, sizes, {("a",): FEW, TOTAL: FEW}, complement_low=5, bounded=True)

    assert complements(hidden) == []


def test_a_two_way_table_completes_a_rectangle_around_one_small_cell():
    cells = {(r, c): 10 for r in ("r1", "r2", "r3") for c in ("c1", "c2", "c3")}
    cells[("r1", "c1")] = 2
    lines, sizes = two_way(cells)

    hidden = protect(lines, sizes, {("r1", "c1"): FEW}, complement_low=5, bounded=False)

    assert complements(hidden) == [("r1", "c2"), ("r2", "c1"), ("r2", "c2")]
    assert recoverable(lines, hidden) == ()


def test_a_row_with_a_single_small_cell_loses_its_margin_and_another_row_its_margin():
    cells = {("r1", "c1"): 2, ("r2", "c1"): 30, ("r2", "c2"): 40, ("r3", "c1"): 25}
    cells[("r3", "c2")] = 26
    lines, sizes = two_way(cells)

    hidden = protect(lines, sizes, {("r1", "c1"): FEW}, complement_low=5, bounded=True)

    assert ("r1", None) in hidden
    assert lines
    for line in lines:
        withheld = sum(1 for key in line.members if key in hidden)
        assert line.total in hidden or withheld != 1
    assert recoverable(lines, hidden) == ()


def test_a_cell_joining_two_suppressed_rectangles_is_found_and_protected():
    # Every row and column has two suppressed cells, yet (r2, c3) is a bridge between
    # two rectangles: rows r1 + r2 minus columns c1 + c2 give it exactly.
    rows, cols = ("r1", "r2", "r3", "r4"), ("c1", "c2", "c3", "c4")
    cells = {(r, c): 20 for r in rows for c in cols}
    pattern = [
        ("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2"),
        ("r3", "c3"), ("r3", "c4"), ("r4", "c3"), ("r4", "c4"), ("r2", "c3"),
    ]  # fmt: skip
    lines, sizes = two_way(cells)
    primary = {key: MIXED for key in pattern}

    assert recoverable(lines, primary) == (("r2", "c3"),)
    hidden = protect(lines, sizes, primary, complement_low=5, bounded=False)
    assert len(hidden) > len(primary)
    assert recoverable(lines, hidden) == ()


def test_recovery_is_checked_through_margins_as_well_as_cells():
    # One row margin withheld alone in the line of row margins is recoverable.
    lines, _ = two_way({("r1", "c1"): 9, ("r2", "c1"): 9})

    assert recoverable(lines, {("r1", None): MIXED}) == (("r1", None),)
    assert recoverable(lines, {("r1", None): MIXED, ("r1", "c1"): MIXED}) == (
        ("r1", "c1"),
        ("r1", None),
    )


def test_nothing_is_recoverable_when_everything_is_withheld():
    lines, sizes = two_way({(r, c): 3 for r in ("r1", "r2") for c in ("c1", "c2")})

    assert recoverable(lines, {key: FEW for key in sizes}) == ()


def test_a_value_found_only_through_a_chain_of_lines_is_still_found():
    # Lines whose totals are withheld are equations too: here they chain.
    lines = (
        Line(("t",), (("a",), ("b",))),
        Line(("b",), (("c",), ("d",))),
        Line(("u",), (("t",), ("d",))),
    )
    hidden = {("a",): MIXED, ("b",): MIXED, ("c",): MIXED, ("t",): MIXED}

    assert recoverable(lines, hidden) == (("t",),)


def test_a_value_recoverable_only_through_other_lines_gets_its_complement_there():
    # x = y + z is fully withheld, but another published line gives y + z, hence x.
    lines = (Line(("x",), (("y",), ("z",))), Line(("p",), (("r",), ("y",), ("z",))))
    sizes = {("x",): 9, ("y",): 4, ("z",): 5, ("p",): 30, ("r",): 21}
    primary = {key: MIXED for key in (("x",), ("y",), ("z",))}

    assert recoverable(lines, primary) == (("x",),)
    hidden = protect(lines, sizes, primary, complement_low=5, bounded=False)
    assert complements(hidden) == [("r",)]
    assert recoverable(lines, hidden) == ()


def test_a_withheld_total_whose_members_are_all_published_takes_one_of_them_with_it():
    # A group with a single member is the same organisations under another name.
    lines = (Line(("a",), (("a", "x"),)), Line(TOTAL, (("a",), ("b",))))
    sizes = {("a",): 6, ("a", "x"): 6, ("b",): 9, TOTAL: 15}

    hidden = protect(lines, sizes, {("a",): MIXED}, complement_low=5, bounded=True)

    assert ("a", "x") in hidden and ("b",) in hidden


def test_only_the_lines_that_are_sums_decide_what_can_be_worked_out():
    # The second line is not a sum (a margin across periods): as an equation it would
    # pin "z" down (u - t), but a reader cannot use it.
    lines = (Line(("t",), (("x",), ("y",))), Line(("u",), (("x",), ("y",), ("z",))))
    sizes = {("t",): 12, ("u",): 14, ("x",): 6, ("y",): 6, ("z",): 6}
    hidden = {("x",): MIXED, ("y",): MIXED, ("z",): MIXED}

    assert recoverable(lines, hidden) == (("z",),)
    assert protect(lines, sizes, hidden, complement_low=5, bounded=False, equations=lines[:1]) == (
        hidden
    )


def test_nothing_more_is_withheld_when_every_position_already_is():
    # Each line says x = y, and x = y + z: z must be 0, a measure nobody in that group
    # has; there is nothing left to withhold, and nothing that tells anything.
    lines = (Line(("x",), (("y",),)), Line(("x",), (("y",), ("z",))))
    hidden = {key: FEW for key in (("x",), ("y",), ("z",))}

    assert recoverable(lines, hidden) == (("z",),)
    assert protect(lines, {k: 1 for k in hidden}, hidden, complement_low=5, bounded=False) == (
        hidden
    )


def test_rounded_counts_leave_a_small_cell_free_with_a_complement_of_the_threshold():
    # Exact counts: a=1 and b=5 summing to 6, with b "at least 5", would pin a to 1, so
    # only d (9) will do. Counts rounded to 5 leave the sum uncertain by 2 for the total
    # and for each published cell, so with b, a could still hold anything from 1 to 4.
    lines, sizes = one_way(a=1, b=5, c=5, d=9)

    exact = protect(lines, sizes, {("a",): FEW}, complement_low=5, bounded=True)
    rounded = protect(lines, sizes, {("a",): FEW}, complement_low=5, bounded=True, rounding=2)

    assert complements(exact) == [("d",)]
    assert complements(rounded) == [("b",)]
