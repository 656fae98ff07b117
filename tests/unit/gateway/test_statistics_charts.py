"""The statistics charts' value axis: people are counted in units."""

from services.gateway.statistics_charts import Series, whole_ticks


def test_a_charts_value_axis_counts_people_in_whole_round_steps() -> None:
    assert whole_ticks([Series("a", [0, None])]) == [0, 1]
    assert whole_ticks([Series("a", [2, 1]), Series("b", [None])]) == [0, 1, 2]
    assert whole_ticks([Series("a", [23])]) == [0, 5, 10, 15, 20, 25]
    assert whole_ticks([Series("a", [12_345])])[:3] == [0, 2_000, 4_000]
