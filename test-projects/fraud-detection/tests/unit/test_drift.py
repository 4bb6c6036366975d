import math

import numpy as np
import pandas as pd
import pytest

from fraud.drift import Window, decide, psi, window_drift


def test_psi_of_a_sample_with_itself_is_zero():
    values = np.random.default_rng(1).normal(size=1000)
    assert psi(values, values) == pytest.approx(0.0, abs=1e-12)


def test_psi_by_hand_on_two_bins():
    # Median edge 1.5: reference shares 0.5/0.5, current 0.25/0.75.
    expected = (0.25 - 0.5) * math.log(0.25 / 0.5) + (0.75 - 0.5) * math.log(0.75 / 0.5)
    assert psi([1, 1, 2, 2], [1, 2, 2, 2], bins=2) == pytest.approx(expected)


def test_a_value_on_an_edge_falls_in_the_bin_below():
    # Edge 2.0: the current 2.0s are in the lower bin, so the shares match the reference's.
    assert psi([1, 2, 3, 4], [2, 2, 3, 4], bins=2) == pytest.approx(0.0)


def test_an_empty_bin_stays_finite():
    assert math.isfinite(psi(np.arange(100), np.full(50, 1000.0)))


def test_a_shift_of_half_a_standard_deviation_drifts():
    rng = np.random.default_rng(2)
    assert psi(rng.normal(size=5000), rng.normal(size=5000)) < 0.02
    assert psi(rng.normal(size=5000), rng.normal(0.5, size=5000)) > 0.2


def test_windows_after_the_reference_are_scored():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"week": np.repeat([1, 2, 3], 2000),
                          "amount": np.concatenate([rng.normal(0, 1, 2000), rng.normal(0, 1, 2000), rng.normal(1, 1, 2000)])})
    windows = window_drift(frame, "week", ["amount"], 1, 0.1)
    assert [w.window for w in windows] == [2, 3]
    assert [w.violated for w in windows] == [False, True]
    assert windows[1].rows == 2000


def _windows(*violated):
    return [Window(i + 2, 100, {"amount": 0.5 if v else 0.01}, v) for i, v in enumerate(violated)]


@pytest.mark.parametrize("violated, retrain", [
    ((), False),                          # only the reference so far
    ((True,), False),                     # one violation, two needed
    ((True, True), True),
    ((True, False, True), True),          # two of the last three, the latest included
    ((True, True, False), False),         # the latest is within the threshold
    ((True, False, False, True), False),  # the older violation is out of the last three
    ((False, True, True, True), True),
])
def test_retrain_when_n_of_the_last_m_windows_violate_and_the_latest_does(violated, retrain):
    decision = decide(_windows(*violated), violations_needed=2, last_windows=3, threshold=0.1, reference_window=1)
    assert decision.retrain is retrain
    assert decision.reason


def test_n_above_m_is_refused():
    with pytest.raises(ValueError, match="1 <= N <= M"):
        decide([], violations_needed=4, last_windows=3, threshold=0.1, reference_window=1)


def test_the_decision_serializes_with_its_windows():
    record = decide(_windows(True, True), 2, 3, 0.1, 1).as_dict()
    assert record["retrain"] is True
    assert record["windows"][0]["psi"] == {"amount": 0.5}
