"""Properties every benchmark table and placement must have, whatever the records."""

import itertools
import math
from collections import Counter, defaultdict
from dataclasses import fields
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.benchmark import (
    COMPLEMENTARY,
    GROUP_FIELDS,
    ROUND_FIELDS,
    TOO_FEW_ORGANISATIONS,
    BenchmarkRecord,
    Cell,
    DisclosureRules,
    MeasureSummary,
    Placement,
    aggregate,
    aggregate_cube,
    place_among_peers,
    slice_table,
)
from scoring.benchmark.aggregation import BenchmarkTable

DIMENSIONS = ("d1", "d2")
SETTINGS = settings(max_examples=100, deadline=None)
CUBE_SETTINGS = settings(max_examples=40, deadline=None)  # a cube is every table at once

COUNTRIES = ("AT", "BE", "CL", "DK")
# Each record is decoded from one integer (mixed radix), which keeps data generation
# fast. Hypothesis favours small integers, which would give every record the first
# organisation; multiplying by a prime (a bijection modulo RADIX) spreads them out,
# while 0 still decodes to the first choice of everything.
CHOICES = (
    ("organisation", tuple(f"o{n}" for n in range(35))),
    ("period", ("2025", "2026")),
    ("round_order", (0, 1)),
    ("country", COUNTRIES),
    ("government_level", ("national", "local")),
    ("sector", ("health", "tax", "education")),
    ("size_band", ("small", "large")),
    ("questionnaire_version", ("1.0.0", "1.1.0")),
    ("named", (False, False, False, True)),
    *((f"score {m}", (None, *(1 + n / 10 for n in range(41)))) for m in ("overall", *DIMENSIONS)),
    *((f"level {m}", (None, 1, 2, 3, 4, 5)) for m in ("overall", *DIMENSIONS)),
)
RADIX = 1
for _, options in CHOICES:
    RADIX *= len(options)
SPREAD = 1_000_000_007
assert math.gcd(RADIX, SPREAD) == 1, "SPREAD must be coprime with RADIX"


def decode(number):
    number = number * SPREAD % RADIX
    picked = {}
    for name, options in CHOICES:
        number, index = divmod(number, len(options))
        picked[name] = options[index]
    return picked


def build(picked):
    return BenchmarkRecord(
        organisation_key=picked["organisation"],
        country=picked["country"],
        government_level=picked["government_level"],
        sector=picked["sector"],
        size_band=picked["size_band"],
        questionnaire_version=picked["questionnaire_version"],
        period=picked["period"],
        dimension_scores={d: picked[f"score {d}"] for d in DIMENSIONS},
        dimension_levels={d: picked[f"level {d}"] for d in DIMENSIONS},
        overall_score=picked["score overall"],
        overall_level=picked["level overall"],
        questionnaire_id="leadership-mindsets",
        round_order=picked["round_order"],
        named=picked["named"],
    )


def benchmark_records():
    """Up to 70 records over few categories, so that cells of every size occur."""
    # Hypothesis favours short lists; drawing the size first gives big tables too.
    return (
        st.integers(0, 70)
        .flatmap(
            lambda size: st.lists(
                st.integers(0, RADIX - 1).map(decode),
                min_size=size,
                max_size=size,
                unique_by=lambda p: (p["organisation"], p["period"], p["round_order"]),
            )
        )
        .map(lambda picks: [build(p) for p in picks])
    )


groupings = (
    st.integers(0, 2)
    .flatmap(
        lambda size: st.lists(
            st.sampled_from(GROUP_FIELDS), min_size=size, max_size=size, unique=True
        )
    )
    .map(tuple)
)

# Grouped by organisation fields only, every margin is exactly the sum of its cells.
additive_groupings = (
    st.integers(0, 2)
    .flatmap(
        lambda size: st.lists(
            st.sampled_from(GROUP_FIELDS[:4]), min_size=size, max_size=size, unique=True
        )
    )
    .map(tuple)
)

rule_sets = st.sampled_from(
    (
        DisclosureRules(),
        DisclosureRules(count_base=1),
        DisclosureRules(organisation_threshold=3, distribution_threshold=6, country_threshold=2),
        DisclosureRules(dominance_share=None, country_threshold=4, named_known=False),
    )
)
EXACT = DisclosureRules(count_base=1)


def members(records, group_by, values):
    """The records counting in a cell, worked out again independently of the engine."""
    apart = [name for name in group_by if name in ROUND_FIELDS]
    latest = {}
    for r in sorted(records, key=lambda r: (r.period, r.round_order)):
        latest[(r.organisation_key, *(r.value(name) for name in apart))] = r
    chosen = {}
    for r in sorted(latest.values(), key=lambda r: (r.period, r.round_order)):
        if all(v is None or r.value(name) == v for name, v in zip(group_by, values, strict=True)):
            chosen[r.organisation_key] = r
    return list(chosen.values())


def unknown(records, rules):
    """The records a reader does not know already: named ones are public."""
    return [r for r in records if not (rules.named_known and r.named)]


def publishable(countries, threshold, rules):
    per_country = Counter(countries)
    if len(countries) < threshold:
        return False
    if all(n >= threshold for n in per_country.values()):
        return True
    if len(per_country) > 1:
        if len(per_country) < rules.country_threshold:
            return False
        share = rules.dominance_share
        if share is not None and max(per_country.values()) > share * len(countries) + 1e-9:
            return False
    return True


def lines(cells):
    """Every published-sum relation among the cells: (total, members), rebuilt here."""
    by_values = {cell.values: cell for cell in cells}
    grouped = defaultdict(list)
    for cell in cells:
        for i, value in enumerate(cell.values):
            if value is not None:
                parent = cell.values[:i] + (None,) + cell.values[i + 1 :]
                grouped[(parent, i)].append(cell)
    return [(by_values[parent], group) for (parent, _), group in grouped.items()]


def measures(cell):
    return [cell.overall, *cell.dimensions] if not cell.suppressed else []


def layer_views(table):
    """For each suppression layer, a function telling whether a cell's figure is hidden."""

    def summary(index):
        return lambda cell: cell.suppressed or measures(cell)[index].suppressed

    def distribution(index):
        return lambda cell: cell.suppressed or measures(cell)[index].level_shares is None

    views = [lambda cell: cell.suppressed]
    for index in range(1 + len(table.dimension_ids)):
        views += [summary(index), distribution(index)]
    return views


def position_members(records, table, values):
    """The records of a cube position: as a table by the fields it names would count."""
    filled = [(n, v) for n, v in zip(table.group_by, values, strict=True) if v is not None]
    return members(records, tuple(n for n, _ in filled), tuple(v for _, v in filled))


def check_published_figures(table, records, rules, members_of):
    """Every published figure meets its rule on the organisations a reader does not know."""
    for cell in table.cells:
        if cell.suppressed:
            continue
        inside = members_of(cell.values)
        assert cell.n_organisations == rules.round_count(len(inside))
        assert cell.n_countries == len({r.country for r in inside})
        hidden_from_reader = unknown(inside, rules)
        assert publishable(
            [r.country for r in hidden_from_reader], rules.organisation_threshold, rules
        )
        for summary in measures(cell):
            if summary.suppressed:
                continue
            scored = [r for r in inside if r.score(summary.dimension_id) is not None]
            assert summary.n == rules.round_count(len(scored))
            assert publishable(
                [r.country for r in unknown(scored, rules)], rules.organisation_threshold, rules
            )
            if summary.level_shares is not None:
                levelled = [r for r in scored if r.level(summary.dimension_id) is not None]
                at_level = Counter(r.level(summary.dimension_id) for r in levelled)
                assert summary.level_shares == tuple(
                    rules.round_share(at_level[level], len(levelled)) for level in range(1, 6)
                )
                assert publishable(
                    [r.country for r in unknown(levelled, rules)],
                    rules.distribution_threshold,
                    rules,
                )
                assert summary.p25 is not None and summary.p75 is not None
            else:
                assert summary.p25 is None and summary.p75 is None


@SETTINGS
@given(benchmark_records(), groupings, rule_sets)
def test_no_published_figure_covers_fewer_organisations_or_countries_than_its_rule(
    records, group_by, rules
):
    table = aggregate(records, group_by, DIMENSIONS, rules)

    check_published_figures(table, records, rules, lambda v: members(records, group_by, v))


@SETTINGS
@given(benchmark_records(), groupings, rule_sets)
def test_no_withheld_figure_is_alone_in_a_published_sum(records, group_by, rules):
    table = aggregate(records, group_by, DIMENSIONS, rules)

    for hidden in layer_views(table):
        for total, group in lines(table.cells):
            if not hidden(total):
                assert sum(1 for cell in group if hidden(cell)) != 1


@SETTINGS
@given(benchmark_records(), additive_groupings)
def test_a_withheld_small_cell_could_still_hold_any_count_its_note_allows(records, group_by):
    # What a reader knows: exact published counts (the worst case), the named
    # organisations, and from the notes that a "fewer than 5" cell holds 0 (with a named
    # organisation in it) or 1 to 4 others, and any other withheld cell at least 5.
    table = aggregate(records, group_by, DIMENSIONS, EXACT)

    def named(cell):
        return sum(1 for r in members(records, group_by, cell.values) if r.named)

    for total, group in lines(table.cells):
        withheld = [cell for cell in group if cell.suppressed]
        if total.suppressed or not withheld:
            continue
        hidden_sum = (total.n_organisations - named(total)) - sum(
            cell.n_organisations - named(cell) for cell in group if not cell.suppressed
        )
        bounds = [
            (0 if named(cell) else 1, 4)
            if cell.suppression_reason == TOO_FEW_ORGANISATIONS
            else (5, None)
            for cell in withheld
        ]
        for i, (low, high) in enumerate(bounds):
            if high is None:
                continue
            others = bounds[:i] + bounds[i + 1 :]
            assert hidden_sum - sum(lo for lo, _ in others) >= high
            if all(hi is not None for _, hi in others):
                assert hidden_sum - sum(hi for _, hi in others) <= low


@SETTINGS
@given(benchmark_records(), groupings, rule_sets)
def test_withheld_figures_carry_no_number_and_published_scores_are_rounded(
    records, group_by, rules
):
    table = aggregate(records, group_by, DIMENSIONS, rules)

    for cell in table.cells:
        if cell.suppressed:
            assert cell.suppression_reason is not None
            assert (cell.n_organisations, cell.n_countries, cell.overall) == (None, None, None)
            assert cell.dimensions == ()
        for summary in measures(cell):
            numbers = (summary.n, summary.mean, summary.median, summary.p25, summary.p75)
            if summary.suppressed:
                assert numbers == (None,) * 5 and summary.level_shares is None
                continue
            for value in numbers[1:]:
                assert value is None or value == round(value, rules.score_decimals)
            assert (summary.level_shares is None) == (summary.distribution_reason is not None)


@SETTINGS
@given(benchmark_records(), groupings)
def test_no_minimum_or_maximum_exists_anywhere_in_the_published_output(records, group_by):
    table = aggregate(records, group_by, DIMENSIONS)

    kinds = (BenchmarkTable, Cell, MeasureSummary, Placement)
    names = [f.name for kind in kinds for f in fields(kind)]
    names += [name for name in dir(BenchmarkTable) if not name.startswith("_")]
    names += [name for name in dir(table.total) if not name.startswith("_")]
    words = {word for name in names for word in name.lower().split("_")}
    assert {"cells", "suppressed", "median"} <= words  # the names really were collected
    assert not words & {"min", "max", "minimum", "maximum", "lowest", "highest", "range"}


@SETTINGS
@given(benchmark_records(), groupings, st.randoms(use_true_random=False))
def test_the_table_does_not_depend_on_the_order_of_the_records(records, group_by, random):
    shuffled = list(records)
    random.shuffle(shuffled)

    assert aggregate(shuffled, group_by, DIMENSIONS) == aggregate(records, group_by, DIMENSIONS)


@SETTINGS
@given(benchmark_records())
def test_complementary_suppression_never_hides_a_table_with_nothing_to_protect(records):
    table = aggregate(records, ("sector",), DIMENSIONS)

    primary = [c for c in table.cells if c.suppressed and c.suppression_reason != COMPLEMENTARY]
    if not primary:
        assert table.complementary_cells == 0


peer_lists = st.lists(st.integers(100, 500).map(lambda hundredths: hundredths / 100), max_size=40)
own_scores = st.integers(100, 500).map(lambda hundredths: hundredths / 100)


@SETTINGS
@given(own_scores, peer_lists, st.randoms(use_true_random=False))
def test_a_placement_is_deterministic_and_independent_of_the_peer_order(own, peers, random):
    shuffled = list(peers)
    random.shuffle(shuffled)

    first = place_among_peers(own, peers)

    assert first == place_among_peers(own, peers) == place_among_peers(own, shuffled)


@SETTINGS
@given(own_scores, peer_lists)
def test_a_shown_placement_lies_inside_its_interval_within_the_scale(own, peers):
    placement = place_among_peers(own, peers)

    assert placement.withheld == (len(peers) < 10)
    if not placement.withheld:
        assert 1 <= placement.band_low <= placement.band <= placement.band_high <= 5
        below = sum(1 for p in peers if p < own)
        ties = sum(1 for p in peers if p == own)
        share = (below + ties / 2) / len(peers)
        assert (placement.band - 1) / 5 <= share + 1e-9
        assert share < placement.band / 5 or placement.band == 5


# --- The cube: every table of up to two fields, protected as one --------------------


def determined(lines_of_cube, hidden):
    """The hidden positions whose value follows from the published ones, worked out here
    independently of the engine: each line is an equation (total minus members is 0)."""
    order = sorted(hidden, key=repr)
    index = {key: i for i, key in enumerate(order)}
    rows = []
    for total, group in lines_of_cube:
        row = [Fraction(0)] * len(order)
        for key, sign in ((total, 1), *((cell, -1) for cell in group)):
            if key in index:
                row[index[key]] += sign
        if any(row):
            rows.append(row)
    # Reduced row echelon form; a row with a single non-zero entry fixes that value.
    pivot_row = 0
    for column in range(len(order)):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][column]), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][column]
        rows[pivot_row] = [value / lead for value in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][column]:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    return {order[row.index(next(v for v in row if v))] for row in rows
            if sum(1 for v in row if v) == 1}  # fmt: skip


def cube_equations(table, records):
    """What a reader knows adds up: every exact sum between positions, and every pair of
    positions holding the same records (a margin across periods is not a sum: it holds
    each organisation once)."""
    by_values = {cell.values: cell for cell in table.cells}
    grouped = defaultdict(list)
    for cell in table.cells:
        for i, value in enumerate(cell.values):
            if value is not None and table.group_by[i] not in ROUND_FIELDS:
                parent = cell.values[:i] + (None,) + cell.values[i + 1 :]
                grouped[(parent, i)].append(cell.values)
    equations = [(parent, group) for (parent, _), group in grouped.items() if parent in by_values]
    same = defaultdict(list)
    for values in by_values:
        inside = position_members(records, table, values)
        same[frozenset((r.organisation_key, r.period, r.round_order) for r in inside)].append(
            values
        )
    for positions in same.values():
        equations += [(first, [other]) for first, other in itertools.pairwise(positions)]
    return equations


@CUBE_SETTINGS
@given(benchmark_records(), rule_sets)
def test_every_position_of_the_cube_meets_its_rules(records, rules):
    cube = aggregate_cube(records, DIMENSIONS, rules)

    assert all(sum(v is not None for v in cell.values) <= 2 for cell in cube.cells)
    check_published_figures(cube, records, rules, lambda v: position_members(records, cube, v))


@CUBE_SETTINGS
@given(benchmark_records(), rule_sets)
def test_no_withheld_figure_of_the_cube_can_be_worked_out_from_any_of_its_tables(records, rules):
    cube = aggregate_cube(records, DIMENSIONS, rules)

    equations = cube_equations(cube, records)
    for hidden in layer_views(cube):
        withheld = {cell.values for cell in cube.cells if hidden(cell)}
        assert not determined(equations, withheld)


@CUBE_SETTINGS
@given(benchmark_records(), groupings)
def test_every_table_cut_from_the_cube_shows_each_group_as_the_cube_does(records, group_by):
    cube = aggregate_cube(records, DIMENSIONS)
    by_position = {cell.values: cell for cell in cube.cells}

    table = slice_table(cube, group_by)

    for cell in table.cells:
        position = tuple(
            cell.values[group_by.index(name)] if name in group_by else None
            for name in cube.group_by
        )
        found = by_position.get(position)
        if found is None:  # only the stand-in total of an empty slice is not in the cube
            assert cell.values == (None,) * len(group_by) and cell.suppressed
            continue
        assert (cell.suppressed, cell.suppression_reason, cell.overall, cell.dimensions) == (
            found.suppressed, found.suppression_reason, found.overall, found.dimensions,
        )  # fmt: skip
