"""Facts about a post that rules may ask about, worked out once per post."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..post import Post
from ..profile import OrgProfile


@dataclass(frozen=True, slots=True)
class PostFacts:
    platform: str | None
    device: str | None
    account: str | None
    politically_restricted: bool
    #: Posted in the council's working hours (breaks excluded); None when the time is unknown.
    working_time: bool | None
    #: Posted in a pre-election period named in the profile; None when the time is unknown.
    election_period: bool | None

    def satisfies(self, constraints: dict[str, Any]) -> bool:
        """Every constraint holds; a list means any of its values. Unknown facts never hold."""
        for name, wanted in constraints.items():
            actual = getattr(self, name)
            if actual is None:
                return False
            if isinstance(wanted, list):
                if actual not in wanted:
                    return False
            elif actual != wanted:
                return False
        return True


def facts_for(post: Post, profile: OrgProfile) -> PostFacts:
    moment = post.posted_at
    return PostFacts(
        platform=post.platform,
        device=post.device,
        account=post.account,
        politically_restricted=post.politically_restricted,
        working_time=None if moment is None else profile.is_working_time(moment),
        election_period=None if moment is None else profile.election_period(moment) is not None,
    )
