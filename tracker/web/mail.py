"""Sign-in links by e-mail, where SMTP is configured. Sent at once from the request rather than
through the outbox, so that the link's secret is never written to the database in clear."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Protocol

from flask import Flask

from tracker.config import WebSettings
from tracker.i18n import N_, translate

EXTENSION = "tiltak.mailer"


class Mailer(Protocol):
    """Something that delivers an e-mail or raises."""

    def send(self, message: EmailMessage) -> None:
        """Deliver the message."""
        ...


class SmtpMailer:
    """Delivers through an SMTP server (STARTTLS, TLS or plain, with or without a login)."""

    def __init__(self, settings: WebSettings, *, timeout: float = 20.0) -> None:
        self.settings = settings
        self.timeout = timeout

    def send(self, message: EmailMessage) -> None:
        """Deliver the message over one short SMTP session."""
        web = self.settings
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if web.smtp_security == "ssl":
            smtp = smtplib.SMTP_SSL(
                web.smtp_host, web.smtp_port, timeout=self.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(web.smtp_host, web.smtp_port, timeout=self.timeout)
        with smtp:
            if web.smtp_security == "starttls":
                smtp.starttls(context=context)
            if web.smtp_user:
                smtp.login(web.smtp_user, web.smtp_password.get_secret_value())
            smtp.send_message(message)


def install_mailer(app: Flask, settings: WebSettings) -> None:
    """Give the app an SMTP mailer when SMTP is configured (tests put their own in its place)."""
    app.extensions[EXTENSION] = SmtpMailer(settings) if settings.smtp_enabled else None


def mailer_of(app: Flask) -> Mailer | None:
    """The app's mailer, or None when e-mail is off."""
    mailer: Mailer | None = app.extensions.get(EXTENSION)
    return mailer


def sign_in_message(
    *, sender: str, to: str, name: str, link: str, minutes: int, language: str
) -> EmailMessage:
    """The e-mail that carries a sign-in link, in the person's language."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = translate(N_("Your sign-in link to Tiltak"), language)
    message.set_content(
        translate(
            N_(
                "Hello {name},\n\n"
                "open this link to sign in to Tiltak. It works once, for {minutes} minutes:\n\n"
                "{link}\n\n"
                "If you did not ask for it, you can ignore this e-mail."
            ),
            language,
            name=name,
            minutes=minutes,
            link=link,
        )
    )
    return message
