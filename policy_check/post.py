"""A post as the contract defines it, and how raw input becomes one."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, ValidationError, field_validator

Platform = Literal["linkedin", "x", "facebook", "instagram", "tiktok", "other"]

#: Posts longer than this are refused rather than checked: no platform allows them and a
#: pasted document would otherwise dominate a batch.
MAX_TEXT_CHARS = 20_000


class Post(BaseModel):
    """One draft or published post (CONTRACT.md, "A post"). Unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: StrictStr | None = None
    text: StrictStr = Field(max_length=MAX_TEXT_CHARS)
    platform: Platform | None = None
    posted_at: datetime | None = None
    device: Literal["personal", "council"] | None = None
    account: Literal["personal", "official"] | None = None
    politically_restricted: StrictBool = False

    @field_validator("platform", "device", "account", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().lower()
            if value == "twitter":
                return "x"
            return value or None
        return value

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        # Spreadsheets and JSON exports often carry numeric ids; echo them back as text.
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("posted_at", mode="before")
    @classmethod
    def _blank_date(cls, value: Any) -> Any:
        return None if value == "" else value


class PostError(ValueError):
    """Raised when raw input cannot be read as a post; the message is for a person."""


def parse_post(raw: Any, default_id: str | None = None) -> Post:
    """Build a `Post` from a mapping, or raise `PostError` saying what was wrong."""
    if isinstance(raw, Post):
        return raw if raw.id is not None or default_id is None else raw.model_copy(update={"id": default_id})
    if not isinstance(raw, dict):
        raise PostError(f"a post must be a JSON object, not {type(raw).__name__}")
    if "text" not in raw or raw["text"] is None:
        raise PostError("the post has no 'text'")
    try:
        post = Post.model_validate(raw)
    except ValidationError as exc:
        raise PostError(describe_validation_error(exc)) from None
    if post.id is None and default_id is not None:
        post = post.model_copy(update={"id": default_id})
    return post


def describe_validation_error(exc: ValidationError) -> str:
    """One line per problem: `field: what was wrong`."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "post"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)
