"""Organisations, people and the chat identities that point at them (never display names)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from tracker.db import Base, UTCDateTime
from tracker.text import normalise_email


class Organisation(Base):
    """A municipality, region or company that members come from."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    people: Mapped[list[Person]] = relationship(back_populates="organisation")


class Person(Base):
    """A member, lead or secretariat officer; keyed by id, never by name."""

    __tablename__ = "person"
    __table_args__ = (Index("ix_person_name_key", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(120))
    last_name: Mapped[str] = mapped_column(String(120))
    # Case-folded "first last", for finding a person by the name people type.
    name_key: Mapped[str] = mapped_column(String(250))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(5), default="nb")
    matrix_id: Mapped[str | None] = mapped_column(String(255), unique=True)

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")
    identities: Mapped[list[ChatIdentity]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )

    @property
    def full_name(self) -> str:
        """First and last name as people write them."""
        return f"{self.first_name} {self.last_name}".strip()

    @validates("email")
    def _one_form_of_email(self, _key: str, value: str | None) -> str | None:
        # Whatever path writes an address (API, form, importer), it is stored in the one form
        # that lookups and the unique constraint compare.
        return normalise_email(value) if value else value


class ChatIdentity(Base):
    """A stable platform user id (Slack U…, Matrix @…:server) linked to a person."""

    __tablename__ = "chat_identity"
    __table_args__ = (UniqueConstraint("platform", "platform_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    platform_user_id: Mapped[str] = mapped_column(String(255))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship(back_populates="identities")


class ApiToken(Base):
    """A bearer token for the REST API; only its hash is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()
