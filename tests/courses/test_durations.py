import pytest

from courses.durations import duration_iso, duration_label


@pytest.mark.parametrize(
    ("minutes", "label", "iso"),
    [
        (1020, "17 h", "PT17H"),
        (90, "1 h 30", "PT1H30M"),
        (45, "45 min", "PT45M"),
        (65, "1 h 05", "PT1H5M"),
        (0, "", ""),
    ],
)
def test_durations_read_the_french_way(minutes, label, iso):
    assert duration_label(minutes) == label
    assert duration_iso(minutes) == iso
