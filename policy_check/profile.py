"""The organisation profile: who the employer is and how its policy is configured."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .yamlio import YamlError, load_yaml

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class TimeWindow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: time
    end: time

    def contains(self, moment: time) -> bool:
        return self.start <= moment < self.end


class WorkingHours(BaseModel):
    model_config = ConfigDict(extra="forbid")
    days: list[Weekday] = ["mon", "tue", "wed", "thu", "fri"]
    start: time = time(9, 0)
    end: time = time(17, 0)
    #: Breaks count as the employee's own time.
    breaks: list[TimeWindow] = []


class DatePeriod(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = ""
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


class OrgProfile(BaseModel):
    """CONTRACT.md's minimum keys, plus what makes the checker sharper for one council."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str
    aliases: list[str] = []
    own_time_own_device: bool = True
    emergency: bool = False
    timezone: str = "Europe/London"
    working_hours: WorkingHours = Field(default_factory=WorkingHours)
    official_handles: list[str] = []
    official_domains: list[str] = []
    public_numbers: list[str] = []
    codenames: list[str] = []
    colleagues: list[str] = []
    election_periods: list[DatePeriod] = []

    @property
    def employer_names(self) -> list[str]:
        return [self.name, *self.aliases]

    def local_time(self, moment: datetime) -> datetime:
        """The moment in the council's own time zone; a naive time is taken as local."""
        zone = ZoneInfo(self.timezone)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=zone)
        return moment.astimezone(zone)

    def is_working_time(self, moment: datetime) -> bool:
        local = self.local_time(moment)
        hours = self.working_hours
        clock = local.time().replace(tzinfo=None)
        if _WEEKDAYS[local.weekday()] not in hours.days:
            return False
        if not (hours.start <= clock < hours.end):
            return False
        return not any(b.contains(clock) for b in hours.breaks)

    def election_period(self, moment: datetime) -> DatePeriod | None:
        day = self.local_time(moment).date()
        return next((p for p in self.election_periods if p.contains(day)), None)


class ProfileError(ValueError):
    """A profile that cannot be read; the message names the file and the field."""


def load_profile(path: str | Path) -> OrgProfile:
    path = Path(path)
    try:
        data = load_yaml(path)
    except YamlError as exc:
        raise ProfileError(str(exc)) from None
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: an organisation profile must be a mapping with at least 'name'")
    try:
        profile = OrgProfile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"field '{'.'.join(map(str, e['loc']))}': {e['msg']}" for e in exc.errors())
        raise ProfileError(f"{path}: {problems}") from None
    try:
        ZoneInfo(profile.timezone)
    except Exception:
        raise ProfileError(f"{path}: field 'timezone': unknown time zone {profile.timezone!r}") from None
    return profile
