import math
from datetime import datetime, timedelta, timezone

import pytest

from docclf.monitoring import EPSILON, label_shares, low_confidence_share, psi, windows

CLASSES = ["account", "billing", "shipping", "technical"]
EVEN = {c: 0.25 for c in CLASSES}


def test_low_confidence_share_counts_strictly_below_the_threshold():
    assert low_confidence_share([0.3, 0.6, 0.9, 0.59], 0.6) == 0.5
    assert low_confidence_share([], 0.6) == 0.0


def test_label_shares_lists_every_class():
    assert label_shares(["billing", "billing", "account", "shipping"], CLASSES) == \
        {"account": 0.25, "billing": 0.5, "shipping": 0.25, "technical": 0.0}


def test_label_shares_refuses_unknown_labels():
    with pytest.raises(ValueError, match="spam"):
        label_shares(["billing", "spam"], CLASSES)


def test_psi_of_identical_distributions_is_zero():
    assert psi(EVEN, dict(EVEN)) == 0.0


def test_psi_by_hand():
    current = {"account": 0.4, "billing": 0.1, "shipping": 0.25, "technical": 0.25}
    expected = (0.4 - 0.25) * math.log(0.4 / 0.25) + (0.1 - 0.25) * math.log(0.1 / 0.25)
    assert psi(EVEN, current) == pytest.approx(expected)


def test_psi_of_a_vanished_class_stays_finite():
    current = {"account": 1 / 3, "billing": 1 / 3, "shipping": 1 / 3, "technical": 0.0}
    value = psi(EVEN, current)
    assert math.isfinite(value)
    assert value == pytest.approx(3 * (1 / 3 - 0.25) * math.log((1 / 3) / 0.25)
                                  + (EPSILON - 0.25) * math.log(EPSILON / 0.25))


def test_windows_group_by_aligned_hour_and_alert():
    t0 = datetime(2026, 1, 31, 10, 0)
    calm = [(t0 + timedelta(minutes=i), CLASSES[i % 4], 0.9) for i in range(40)]
    # The next hour: all billing, half of it unsure.
    shifted = [(t0 + timedelta(hours=1, minutes=i), "billing", 0.9 if i % 2 else 0.4) for i in range(20)]
    result = windows(calm + shifted, timedelta(hours=1), EVEN)
    assert [w.start for w in result] == [t0, t0 + timedelta(hours=1)]
    assert [w.count for w in result] == [40, 20]
    assert result[0].low_confidence_share == 0.0 and result[0].label_psi == 0.0 and not result[0].alert
    assert result[1].low_confidence_share == 0.5 and result[1].label_psi > 0.2 and result[1].alert


def test_windows_alert_on_low_confidence_alone():
    t0 = datetime(2026, 1, 31, 10, 0)
    unsure = [(t0, CLASSES[i % 4], 0.3 if i < 5 else 0.95) for i in range(12)]
    [window] = windows(unsure, timedelta(hours=1), EVEN, max_low_confidence=0.4)
    assert window.label_psi == 0.0
    assert window.low_confidence_share == pytest.approx(5 / 12)
    assert window.alert


def test_windows_accept_aware_times_as_utc():
    aware = datetime(2026, 1, 31, 11, 30, tzinfo=timezone(timedelta(hours=1)))
    [window] = windows([(aware, "billing", 0.9)], timedelta(hours=1), EVEN)
    assert window.start == datetime(2026, 1, 31, 10, 0)


def test_windows_refuse_a_non_positive_size():
    with pytest.raises(ValueError, match="positive"):
        windows([], timedelta(0), EVEN)
