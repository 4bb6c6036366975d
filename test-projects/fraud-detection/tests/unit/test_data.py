import numpy as np
import pytest

from fraud.data import WEEK_ID_SPAN, generate_week, holdout, next_week


def test_a_week_is_the_same_every_time_it_is_generated():
    first, again = generate_week(2, 500), generate_week(2, 500)
    assert first.equals(again)


def test_weeks_differ_and_their_ids_never_collide():
    one, two = generate_week(1, 500), generate_week(2, 500)
    assert not one["amount"].equals(two["amount"])
    assert set(one["transaction_id"]).isdisjoint(two["transaction_id"])
    assert two["transaction_id"].min() == 2 * WEEK_ID_SPAN
    assert (two["week"] == 2).all()


def test_the_event_hour_agrees_with_the_hour_column():
    week = generate_week(1, 300)
    assert (week["event_time"].dt.hour == week["hour"]).all()


def test_the_incident_week_flips_the_requested_share_of_labels():
    clean = generate_week(3, 4000, incident_week=99)
    incident = generate_week(3, 4000, incident_week=3, incident_share=0.35)
    flipped = (clean["is_fraud"] != incident["is_fraud"]).mean()
    assert flipped == pytest.approx(0.35, abs=0.03)
    assert generate_week(2, 500, incident_week=3).equals(generate_week(2, 500, incident_week=99))


def test_amounts_drift_upwards_week_after_week():
    medians = [generate_week(w, 2000)["amount"].median() for w in (1, 2, 3)]
    assert medians[0] < medians[1] < medians[2]


def test_the_holdout_is_fixed_and_apart_from_the_weeks():
    assert holdout(1000).equals(holdout(1000))
    assert (holdout(1000)["transaction_id"] < 0).all()


def test_the_next_week_follows_the_last_one_in_the_table():
    assert next_week([]) == 1
    assert next_week([1, 3, 2]) == 4
    assert next_week(np.array([5])) == 6


def test_week_zero_is_refused():
    with pytest.raises(ValueError, match="week must be 1 or more"):
        generate_week(0, 10)
