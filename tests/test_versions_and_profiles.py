"""The version in force follows the post's date; the profile decides the council's own terms."""

from __future__ import annotations

from datetime import date, datetime, timezone

from policy_check.profile import OrgProfile


def test_a_2023_post_is_judged_by_the_2022_version_and_a_2025_post_by_the_revision(checker):
    insult = "my manager is a useless idiot"
    old = checker.check({"text": insult, "posted_at": "2023-06-01T19:00:00+01:00"})
    new = checker.check({"text": insult, "posted_at": "2025-06-01T19:00:00+01:00"})
    assert old.policy.version == "2022-04"
    assert new.policy.version == "2025-01"


def test_without_a_date_the_current_version_applies(pack, checker):
    assert checker.check("hello").policy.version == pack.current.version


def test_the_revision_takes_effect_on_its_effective_date(pack):
    revision = pack.version("2025-01")
    assert pack.version_in_force(revision.effective_from).version == "2025-01"
    assert pack.version_in_force(date.fromordinal(revision.effective_from.toordinal() - 1)).version == "2022-04"


def test_a_clause_with_a_profile_condition_applies_only_to_matching_councils(pack):
    version = pack.version("2025-01")
    own_time = pack.clauses(version, OrgProfile(name="A", own_time_own_device=True))
    anywhere = pack.clauses(version, OrgProfile(name="B", own_time_own_device=False))
    assert "own-time-own-device" in own_time and "own-time-own-device" not in anywhere
    assert "personal-use-at-work" in anywhere


def test_working_time_excludes_breaks_evenings_and_weekends():
    profile = OrgProfile.model_validate(
        {"name": "X", "working_hours": {"start": "08:30", "end": "17:00", "breaks": [{"start": "12:00", "end": "13:30"}]}}
    )
    monday = datetime(2025, 3, 3, tzinfo=timezone.utc)  # GMT in March before the clocks change
    assert profile.is_working_time(monday.replace(hour=10))
    assert not profile.is_working_time(monday.replace(hour=12, minute=30))
    assert not profile.is_working_time(monday.replace(hour=18))
    assert not profile.is_working_time(monday.replace(day=8, hour=10))  # Saturday


def test_working_time_is_read_in_the_councils_time_zone():
    profile = OrgProfile(name="X")
    # 08:30 UTC in July is 09:30 in London: working time.
    assert profile.is_working_time(datetime(2025, 7, 7, 8, 30, tzinfo=timezone.utc))
    assert not profile.is_working_time(datetime(2025, 7, 7, 7, 30, tzinfo=timezone.utc))
