"""Signing in without a password: a one-time link from the chat bot or by e-mail, a button that
spends it, a session that expires, and every page but the sign-in pages behind it."""

from __future__ import annotations

import re
import socketserver
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from email import message_from_bytes
from email.message import EmailMessage, Message

import pytest
from flask.testing import FlaskClient
from flask_openapi3 import OpenAPI
from sqlalchemy import select
from web_support import Text, csrf_token, nb, sign_in, text_of

from chatops.core import ChatCore
from chatops.messages import IncomingMessage
from chatops.reply import Paragraph, Visibility
from tracker import schemas as s
from tracker.clock import FixedClock
from tracker.config import WebSettings
from tracker.i18n import translate
from tracker.models import Channel, Person, SignInLink, WebSession
from tracker.services import access, groups, identity
from tracker.services.context import Actor, ServiceContext
from tracker.web.mail import EXTENSION, SmtpMailer

BASE = "https://tiltak.example.no"
LINK = re.compile(re.escape(BASE) + r"/sign-in/[A-Za-z0-9_-]+")


def ask_the_bot(
    ctx: ServiceContext, person_id: int, text: str, event: str = "e1"
) -> tuple[str, Visibility]:
    """Say something to the bot as a linked Slack user; returns the reply's text and visibility."""
    identity.link_identity(ctx, person_id=person_id, platform="slack", user_id="U1")
    reply = ChatCore(ctx, web_base_url=BASE).handle(
        IncomingMessage(platform="slack", room_id="C1", sender_id="U1", text=text, event_id=event)
    )
    assert reply is not None
    words = " ".join(b.text for b in reply.blocks if isinstance(b, Paragraph))
    return words, reply.visibility


def link_from(words: str) -> str:
    found = LINK.search(words)
    assert found is not None, words
    return found.group(0).removeprefix(BASE)


def test_the_bot_hands_out_a_link_that_only_the_asker_sees(
    ctx: ServiceContext, client: FlaskClient, person_id: Callable[[str], int]
) -> None:
    words, visibility = ask_the_bot(ctx, person_id("Eli Bryhni"), "logg inn")
    assert visibility == Visibility.PRIVATE
    assert nb("Do not share it: whoever opens it is signed in as you.") in words
    link = link_from(words)
    # Opening the link (as a chat preview or a mail scanner would) does not spend it.
    for _ in range(2):
        page = client.get(link)
        assert page.status_code == 200
        assert nb("Press the button to sign in to Tiltak in this browser.") in text_of(page)
    response = client.post(link, data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert "Eli Bryhni" in text_of(client.get("/"))


def test_a_link_works_once(
    ctx: ServiceContext, client: FlaskClient, app: OpenAPI, person_id: Callable[[str], int]
) -> None:
    link = link_from(ask_the_bot(ctx, person_id("Eli Bryhni"), "log in")[0])
    token = csrf_token(client.get(link).get_data(as_text=True))
    assert client.post(link, data={"csrf_token": token}).status_code == 303
    # Signing in starts a new session, so the form needs the new session's token.
    fresh = csrf_token(client.get("/").get_data(as_text=True))
    again = client.post(link, data={"csrf_token": fresh})
    assert again.status_code == 400
    refused = app.test_client().get(link)
    assert refused.status_code == 400
    message = nb("That sign-in link is unknown, used or expired. Ask for a new one.")
    assert message in text_of(refused)
    assert message in text_of(again)


def test_a_link_expires_after_fifteen_minutes(
    ctx: ServiceContext, client: FlaskClient, clock: FixedClock, person_id: Callable[[str], int]
) -> None:
    link = link_from(ask_the_bot(ctx, person_id("Eli Bryhni"), "logg inn")[0])
    clock.advance(access.SIGN_IN_TTL + timedelta(seconds=1))
    assert client.get(link).status_code == 400


def test_only_the_hash_of_a_link_is_stored(
    ctx: ServiceContext, person_id: Callable[[str], int]
) -> None:
    token = access.create_sign_in_link(ctx, person_id=person_id("Eli Bryhni"), requested_via="x")
    with ctx.uow() as uow:
        stored = uow.session.execute(select(SignInLink.token_hash, SignInLink.requested_via)).all()
    assert len(stored) == 1
    assert token not in stored[0]
    assert len(stored[0].token_hash) == 64


def test_an_unlinked_chat_user_gets_no_link(ctx: ServiceContext, seeded: object) -> None:
    reply = ChatCore(ctx, web_base_url=BASE).handle(
        IncomingMessage(
            platform="slack", room_id="C1", sender_id="U9", text="logg inn", event_id="x"
        )
    )
    assert reply is not None
    assert reply.is_error
    assert "/sign-in/" not in str(reply)


def test_without_the_web_address_the_bot_says_so(
    ctx: ServiceContext, person_id: Callable[[str], int]
) -> None:
    identity.link_identity(ctx, person_id=person_id("Eli Bryhni"), platform="slack", user_id="U1")
    reply = ChatCore(ctx).handle(
        IncomingMessage(
            platform="slack", room_id="C1", sender_id="U1", text="logg inn", event_id="y"
        )
    )
    assert reply is not None
    assert reply.is_error


def test_too_many_links_in_an_hour_are_refused(
    ctx: ServiceContext, person_id: Callable[[str], int]
) -> None:
    eli = person_id("Eli Bryhni")
    for n in range(access.MAX_LINKS_PER_HOUR):
        ask_the_bot(ctx, eli, "logg inn", event=f"e{n}")
    words, _ = ask_the_bot(ctx, eli, "logg inn", event="one-too-many")
    assert words == nb("Too many sign-in links were asked for; wait a while and try again.")


@pytest.mark.parametrize(
    "path", ["/", "/my-tasks", "/deadlines", "/roster", "/meetings", "/account", "/tasks.csv"]
)
def test_every_page_needs_a_signed_in_person(
    client: FlaskClient, seeded: object, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/sign-in?next={path}"


def test_the_sign_in_page_explains_the_chat_and_returns_to_the_page_asked_for(
    ctx: ServiceContext, client: FlaskClient, person_id: Callable[[str], int]
) -> None:
    page = client.get("/sign-in?next=/roster")
    assert nb(
        "Write «logg inn» (or «log in») to the Tiltak bot in Slack or Matrix. "
        "It answers you alone with your link."
    ) in text_of(page)
    eli = person_id("Eli Bryhni")
    for wanted, landing in [("/roster", "/roster"), ("//evil.example/", "/")]:
        token = access.create_sign_in_link(ctx, person_id=eli, requested_via="test")
        form = client.get(f"/sign-in/{token}")
        response = client.post(
            f"/sign-in/{token}",
            data={"csrf_token": csrf_token(form.get_data(as_text=True)), "next": wanted},
        )
        assert response.headers["Location"] == landing  # never off the site


def test_a_session_expires(
    ctx: ServiceContext,
    client: FlaskClient,
    clock: FixedClock,
    as_person: Callable[[str], int],
) -> None:
    as_person("Eli Bryhni")
    assert client.get("/").status_code == 200
    clock.advance(timedelta(hours=11, minutes=59))
    assert client.get("/").status_code == 200
    clock.advance(timedelta(minutes=2))
    response = client.get("/roster")
    assert response.status_code == 302
    assert nb("Your session has expired. Sign in again.") in text_of(
        client.get(response.headers["Location"])
    )


def test_the_session_cookie_is_http_only_and_has_a_lifetime(
    client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    as_person("Eli Bryhni")
    cookie = client.get_cookie("tiltak_session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.expires is not None
    assert cookie.same_site == "Lax"


def test_signing_out_ends_the_session(client: FlaskClient, as_person: Callable[[str], int]) -> None:
    as_person("Eli Bryhni")
    page = client.get("/")
    response = client.post(
        "/sign-out", data={"csrf_token": csrf_token(page.get_data(as_text=True))}
    )
    assert response.status_code == 303
    assert client.get("/").status_code == 302


def copy_of_session(app: OpenAPI, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of the client's session cookie, as a thief would."""
    cookie = client.get_cookie("tiltak_session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("tiltak_session", cookie.value)
    return thief


def sign_out(client: FlaskClient, action: str = "/sign-out", page_url: str = "/") -> None:
    """Press a sign-out button on a page."""
    page = client.get(page_url, follow_redirects=True)
    token = csrf_token(page.get_data(as_text=True))
    assert client.post(action, data={"csrf_token": token}).status_code == 303


def test_a_session_cookie_copied_before_signing_out_stops_working_at_once(
    app: OpenAPI, client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    as_person("Eli Bryhni")
    thief = copy_of_session(app, client)
    assert thief.get("/roster").status_code == 200
    sign_out(client)
    response = thief.get("/roster")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")
    assert nb("You have been signed out. Sign in again.") in text_of(
        thief.get(response.headers["Location"])
    )


def test_signing_out_everywhere_ends_every_session_of_that_person_only(
    app: OpenAPI, ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    eli = as_person("Eli Bryhni")
    laptop = copy_of_session(app, client)
    phone = app.test_client()
    sign_in(phone, ctx, eli)
    colleague = app.test_client()
    sign_in(colleague, ctx, groups.find_people(ctx, name="Asbjørn Lunde")[0].id)
    account = client.get("/account", follow_redirects=True)
    assert nb("Sign out everywhere") in text_of(account)
    sign_out(client, "/sign-out-everywhere", "/account")
    for browser in (client, laptop, phone):
        assert browser.get("/").status_code == 302
    assert colleague.get("/").status_code == 200
    # Signing in again works as before.
    sign_in(phone, ctx, eli)
    assert phone.get("/").status_code == 200


def test_only_the_hash_of_a_session_is_kept(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    as_person("Eli Bryhni")
    with ctx.uow() as uow:
        stored = uow.session.scalars(select(WebSession.token_hash)).all()
    assert len(stored) == 1
    assert len(stored[0]) == 64
    cookie = client.get_cookie("tiltak_session")
    assert cookie is not None
    assert stored[0] not in cookie.value


def test_ended_and_expired_sessions_are_cleared_when_the_person_signs_in_again(
    ctx: ServiceContext, client: FlaskClient, clock: FixedClock, as_person: Callable[[str], int]
) -> None:
    eli = as_person("Eli Bryhni")
    sign_out(client)
    sign_in(client, ctx, eli)
    clock.advance(timedelta(hours=13))
    sign_in(client, ctx, eli)
    with ctx.uow() as uow:
        assert len(uow.session.scalars(select(WebSession.id)).all()) == 1


def test_someone_on_no_roster_is_turned_away(
    ctx: ServiceContext, client: FlaskClient, seeded: object
) -> None:
    with ctx.uow() as uow:
        outsider = Person(first_name="Per", last_name="Utenfor", name_key="per utenfor")
        uow.session.add(outsider)
        uow.commit()
    sign_in(client, ctx, outsider.id)
    response = client.get("/")
    assert response.status_code == 403
    assert nb("You are not on the roster of any group. Ask the secretariat.") in text_of(response)


# --- by e-mail ------------------------------------------------------------------------------


class RecordingMailer:
    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


@pytest.fixture
def mailer(app: OpenAPI) -> RecordingMailer:
    """E-mail switched on, delivered to a list."""
    recording = RecordingMailer()
    runtime = app.extensions["tiltak"]
    web = WebSettings(smtp_host="127.0.0.1", mail_from="tiltak@example.no")
    app.extensions["tiltak"] = replace(
        runtime, settings=runtime.settings.model_copy(update={"web": web})
    )
    app.extensions[EXTENSION] = recording
    return recording


def test_a_link_comes_by_email_to_a_known_address(
    ctx: ServiceContext, client: FlaskClient, mailer: RecordingMailer, seeded: object
) -> None:
    (eli,) = groups.find_people(ctx, name="Eli Bryhni")
    groups.update_person(
        ctx,
        actor=Actor.system_actor(Channel.CLI),
        person_id=eli.id,
        data=s.PersonUpdate(email="eli@example.no"),
    )
    page = client.get("/sign-in")
    assert nb("By e-mail") in text_of(page)
    token = csrf_token(page.get_data(as_text=True))
    answer = client.post("/sign-in", data={"csrf_token": token, "email": "ELI@example.no "})
    assert answer.status_code == 200
    (message,) = mailer.sent
    assert message["To"] == "eli@example.no"
    assert message["Subject"] == nb("Your sign-in link to Tiltak")
    link = re.search(r"http://127\.0\.0\.1:5000(/sign-in/\S+)", message.get_content())
    assert link is not None
    form = client.get(link.group(1))
    assert form.status_code == 200
    # An unknown address gets the very same answer, and no mail.
    other = client.post("/sign-in", data={"csrf_token": token, "email": "nobody@example.no"})
    assert text_of(other).replace("nobody@example.no", "X") == text_of(answer).replace(
        "ELI@example.no", "X"
    ).replace("eli@example.no", "X")
    assert len(mailer.sent) == 1


def test_without_smtp_there_is_no_email_form(
    ctx: ServiceContext, client: FlaskClient, person_id: Callable[[str], int]
) -> None:
    assert nb("By e-mail") not in text_of(client.get("/sign-in"))
    link = access.create_sign_in_link(ctx, person_id=person_id("Eli Bryhni"), requested_via="t")
    token = csrf_token(client.get(f"/sign-in/{link}").get_data(as_text=True))
    assert client.post("/sign-in", data={"csrf_token": token, "email": "a@b.no"}).status_code == 404


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to take one message."""

    def handle(self) -> None:
        self.wfile.write(b"220 localhost test\r\n")
        while line := self.rfile.readline():
            verb = line.decode().strip().upper()
            if verb.startswith(("EHLO", "HELO")):
                self.wfile.write(b"250-localhost\r\n250 8BITMIME\r\n")
            elif verb.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.wfile.write(b"250 OK\r\n")
            elif verb == "DATA":
                self.wfile.write(b"354 go ahead\r\n")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                self.server.received.append(message_from_bytes(data))  # type: ignore[attr-defined]
                self.wfile.write(b"250 queued\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"502 no\r\n")


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, list[Message]]]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler)
    server.daemon_threads = True
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], server.received  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_smtp_mailer_delivers_over_smtp(smtp_server: tuple[int, list[Message]]) -> None:
    port, received = smtp_server
    settings = WebSettings(
        smtp_host="127.0.0.1", smtp_port=port, smtp_security="none", mail_from="tiltak@example.no"
    )
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = (
        "tiltak@example.no",
        "eli@example.no",
        "Hei",
    )
    message.set_content(translate("Sign in", "nb"))
    SmtpMailer(settings, timeout=5).send(message)
    (got,) = received
    assert got["To"] == "eli@example.no"


def test_english_is_remembered_for_the_session(
    client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    as_person("Eli Bryhni")
    assert '<html lang="nb">' in client.get("/roster").get_data(as_text=True)
    english = client.get("/roster?lang=en")
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert english.headers["Content-Language"] == "en"
    later = client.get("/deadlines").get_data(as_text=True)
    assert '<html lang="en">' in later
    assert "Week 2: today is Friday, 10 January 2025" in Text(later).text
    assert '<html lang="nb">' in client.get("/?lang=nb").get_data(as_text=True)
    assert '<html lang="nb">' in client.get("/roster").get_data(as_text=True)


def test_forms_work_over_https_where_the_referrer_is_checked(
    ctx: ServiceContext, app: OpenAPI, person_id: Callable[[str], int]
) -> None:
    client = app.test_client()
    https = "https://tiltak.example.no"
    token = access.create_sign_in_link(ctx, person_id=person_id("Eli Bryhni"), requested_via="t")
    page = client.get(f"/sign-in/{token}", base_url=https)
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["Cache-Control"] == "no-store"
    form = {"csrf_token": csrf_token(page.get_data(as_text=True))}
    # Over HTTPS Flask-WTF wants the page's own address as the referrer, which
    # `same-origin` lets the browser send; from elsewhere the form is refused.
    elsewhere = client.post(
        f"/sign-in/{token}", data=form, base_url=https, headers={"Referer": "https://evil.example/"}
    )
    assert elsewhere.status_code == 400
    response = client.post(
        f"/sign-in/{token}",
        data=form,
        base_url=https,
        headers={"Referer": f"{https}/sign-in/{token}"},
    )
    assert response.status_code == 303
