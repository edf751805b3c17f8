"""A person's page: who they are and what they own, and for themselves (or the secretariat) the
keys to the rest: a one-time code that links a chat account, API tokens, and calendar feeds.

A secret is shown once, on the page that answers the form that made it, and never again: only
its hash is kept. A lost one is revoked and replaced."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from tracker.errors import DomainError, NotFound
from tracker.i18n import N_
from tracker.models import OPEN_STATUSES, FeedScope
from tracker.services import access, groups, reads
from tracker.services.access import WebRole, WebUser
from tracker.web.common import (
    bp,
    current_language,
    group_id_of,
    render,
    require_user,
    service_context,
    t,
    web_actor,
)
from tracker.web.forms import FormErrors, form_errors, parse_id

ROLE_LABELS = {
    WebRole.SECRETARIAT: N_("Secretariat"),
    WebRole.LEAD: N_("Workgroup lead"),
    WebRole.MEMBER: N_("Member"),
    WebRole.READONLY: N_("Read only"),
}
SCOPE_LABELS = {
    FeedScope.PERSON: N_("My tasks, the meetings, deadlines and events"),
    FeedScope.WORKGROUP: N_("Workgroup {number}: its tasks, the meetings and deadlines"),
    FeedScope.GROUP: N_("The whole group: meetings, deadlines, events and every task"),
}


def feed_url(token: str) -> str:
    """The secret address of a calendar feed."""
    return url_for("web.feed", token=token, _external=True)


def webcal(address: str) -> str:
    """The feed's address as a subscription link: a calendar app opens webcal: addresses and
    offers to subscribe, where an https: link would only download the file once."""
    return "webcal:" + address.partition(":")[2]


def _may_administer(user: WebUser, person_id: int) -> bool:
    return user.person.id == person_id or user.is_secretariat


def _person_page(
    person_id: int,
    *,
    status: int = 200,
    errors: FormErrors | None = None,
    secret: dict[str, str] | None = None,
) -> Response:
    user = require_user()
    ctx = service_context()
    group_id = group_id_of(user)
    member = next(
        (m for m in groups.roster(ctx, group_id=group_id) if m.person.id == person_id), None
    )
    workgroups = groups.list_workgroups(ctx, group_id=group_id)
    led = [w for w in workgroups if w.lead_id == person_id]
    if member is None and not led:
        abort(404)
    try:
        person = groups.get_person(ctx, person_id=person_id)
    except NotFound:
        abort(404)
    role = access.web_user(ctx, person_id=person_id)
    administer = _may_administer(user, person_id)
    shown = ({"code", "token"} if administer else set()) | (
        {"feed"} if user.person.id == person_id else set()
    )
    # A refusal of a form this person is not even shown goes at the top of the page.
    orphans = list(errors.messages.values()) if errors and errors.form not in shown else []
    return render(
        "person.html",
        status,
        person=person,
        role_label=t(ROLE_LABELS[role.role]) if role and role.role else None,
        on_roster=member.on_roster if member else False,
        led=led,
        # Of the tasks the person owns, those of groups the viewer reads.
        open_tasks=reads.list_tasks(
            ctx, actor=web_actor(), owner_id=person_id, statuses=OPEN_STATUSES
        ),
        is_self=user.person.id == person_id,
        administer=administer,
        api_tokens=access.list_api_tokens(ctx, actor=web_actor(), person_id=person_id)
        if administer
        else [],
        feeds=access.list_feeds(ctx, person_id=person_id) if user.person.id == person_id else [],
        workgroups=workgroups,
        scope_labels=SCOPE_LABELS,
        scope_label=scope_label,
        errors=errors or FormErrors(),
        orphan_errors=orphans,
        secret=secret or {},
        today=ctx.today(),
    )


@bp.get("/people/<int:person_id>")
def person(person_id: int) -> Response:
    """A person's page."""
    return _person_page(person_id)


@bp.get("/account")
def account() -> Response:
    """The signed-in person's own page."""
    user = require_user()
    return redirect(url_for("web.person", person_id=user.person.id))


def _refused(person_id: int, form: str, error: DomainError) -> Response:
    errors = form_errors(form, error, current_language(), fields={"name", "scope", "workgroup_id"})
    return _person_page(person_id, status=errors.status, errors=errors)


@bp.post("/people/<int:person_id>/link-code")
def make_link_code(person_id: int) -> Response:
    """A one-time code that links a chat account to this person (shown once)."""
    require_user()
    try:
        code = access.create_chat_link_code(
            service_context(), actor=web_actor(), person_id=person_id
        )
    except DomainError as error:
        return _refused(person_id, "code", error)
    return _person_page(person_id, secret={"code": code})


@bp.post("/people/<int:person_id>/tokens")
def create_token(person_id: int) -> Response:
    """A new API token for this person (shown once)."""
    require_user()
    try:
        token = access.create_api_token(
            service_context(),
            actor=web_actor(),
            person_id=person_id,
            name=request.form.get("name", ""),
        )
    except DomainError as error:
        return _refused(person_id, "token", error)
    return _person_page(person_id, status=201, secret={"token": token})


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int) -> Response:
    """Revoke an API token."""
    user = require_user()
    person_id = parse_id(request.form.get("person_id")) or user.person.id
    try:
        access.revoke_api_token(service_context(), actor=web_actor(), token_id=token_id)
    except DomainError as error:
        return _refused(person_id, "token", error)
    flash(t(N_("The token was revoked; programs using it are shut out.")), "success")
    return redirect(url_for("web.person", person_id=person_id, _anchor="tokens"), 303)


@bp.post("/feeds")
def create_feed() -> Response:
    """A new secret calendar address for the signed-in person (shown once)."""
    user = require_user()
    try:
        scope = FeedScope(request.form.get("scope", ""))
    except ValueError:
        scope = FeedScope.PERSON
    try:
        token = access.create_feed(
            service_context(),
            actor=web_actor(),
            group_id=group_id_of(user),
            scope=scope,
            workgroup_id=parse_id(request.form.get("workgroup_id")),
        )
    except DomainError as error:
        return _refused(user.person.id, "feed", error)
    address = feed_url(token)
    return _person_page(
        user.person.id, status=201, secret={"feed": address, "feed_webcal": webcal(address)}
    )


@bp.post("/feeds/<int:feed_id>/revoke")
def revoke_feed(feed_id: int) -> Response:
    """Revoke a calendar address; calendars subscribed to it stop updating."""
    user = require_user()
    try:
        access.revoke_feed(service_context(), actor=web_actor(), feed_id=feed_id)
    except DomainError as error:
        return _refused(user.person.id, "feed", error)
    flash(t(N_("The calendar address was revoked.")), "success")
    return redirect(url_for("web.person", person_id=user.person.id, _anchor="feeds"), 303)


def scope_label(feed: access.FeedView) -> str:
    """What a feed carries, in words."""
    return t(SCOPE_LABELS[feed.scope], number=feed.workgroup_number or "")
