"""The stable topic codes of CONTRACT.md, and the severity scale."""

from enum import Enum


class Topic(str, Enum):
    OWN_TIME_OWN_DEVICE = "own-time-own-device"
    SPEAKING_FOR_EMPLOYER = "speaking-for-employer"
    AFFILIATION = "affiliation"
    CONFIDENTIALITY = "confidentiality"
    PERSONAL_DATA = "personal-data"
    COLLEAGUE_CONDUCT = "colleague-conduct"
    DISCRIMINATION = "discrimination"
    PUBLIC_CONDUCT = "public-conduct"
    DISREPUTE = "disrepute"
    POLITICAL_NEUTRALITY = "political-neutrality"
    BRANDING = "branding"
    COMMERCIAL_INTEREST = "commercial-interest"
    SERVICE_USER_BOUNDARIES = "service-user-boundaries"
    SAFEGUARDING = "safeguarding"
    RAISING_CONCERNS = "raising-concerns"


class Severity(str, Enum):
    ADVICE = "advice"
    REVIEW = "review"
    BREACH = "breach"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ADVICE: 1, Severity.REVIEW: 2, Severity.BREACH: 3}

TOPICS: tuple[str, ...] = tuple(t.value for t in Topic)
VERDICTS: tuple[str, ...] = ("clear", "advice", "review", "breach")
