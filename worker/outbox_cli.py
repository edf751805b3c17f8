"""The outbox on the command line, plugged into `tiltak` through the `tiltak.cli` entry points:
`tiltak outbox` lists what was sent, what waits and what failed and why, `tiltak outbox retry`
sends a failed message again, and `tiltak summary` prints the weekly summary as chat shows it."""

from __future__ import annotations

import click
from redis.exceptions import RedisError

from chatops import digests
from chatops.render import render_text
from tracker.errors import DomainError
from tracker.i18n import N_
from tracker.models import OutboxStatus
from tracker.services import groups, outbox, schedule
from tracker.services.outbox import OutboxEntry
from worker.host import current_host
from worker.queue import connect, delivery_queue, redis_url
from worker.relay import relay

_STATUS = {
    OutboxStatus.PENDING: N_("waiting"),
    OutboxStatus.QUEUED: N_("queued"),
    OutboxStatus.SENT: N_("sent"),
    OutboxStatus.FAILED: N_("failed"),
}
_KIND = {
    schedule.SUMMARY: N_("weekly summary"),
    schedule.OVERVIEW: N_("group overview"),
    schedule.REMINDER: N_("reminders"),
    schedule.DIGEST: N_("meeting digest"),
}


def _status(entry: OutboxEntry) -> str:
    if entry.status == OutboxStatus.SENT and entry.platform_message_id is None:
        return N_("nothing to send")
    return _STATUS[entry.status]


@click.group(invoke_without_command=True)
@click.option("--failed", is_flag=True, help="Only the messages that failed.")
@click.option("--limit", type=int, default=30, show_default=True, help="How many to show.")
@click.pass_context
def outbox_command(context: click.Context, failed: bool, limit: int) -> None:
    """List the outbox: what was sent, what waits, what failed and why."""
    if context.invoked_subcommand is not None:
        return
    host = current_host()
    ctx = host.runtime.ctx
    entries = outbox.list_entries(ctx, status=OutboxStatus.FAILED if failed else None, limit=limit)
    if not entries:
        click.echo(host.t(N_("No message has failed.") if failed else N_("The outbox is empty.")))
        return
    for entry in entries:
        when = entry.created_at.astimezone(ctx.zone).strftime("%Y-%m-%d %H:%M")
        to = f"@{entry.destination}" if entry.direct else f"#{entry.destination}"
        click.echo(
            f"{entry.id:>5}  {host.t(_status(entry))}  {when}  "
            f"{host.t(_KIND.get(entry.kind, entry.kind))}  {entry.platform} {to}  "
            + host.t(N_("attempts: {count}"), count=entry.attempts)
        )
        if entry.last_error:
            # Our own reasons are message ids; a platform's come as the platform said them.
            reason = host.t(entry.last_error)
            click.echo("       " + host.t(N_("reason: {reason}"), reason=reason))
    counts = outbox.counts(ctx)
    click.echo(
        host.t(
            N_("In all: {sent} sent, {waiting} waiting, {failed} failed."),
            sent=counts[OutboxStatus.SENT],
            waiting=counts[OutboxStatus.PENDING] + counts[OutboxStatus.QUEUED],
            failed=counts[OutboxStatus.FAILED],
        )
    )


@outbox_command.command("retry")
@click.argument("outbox_id", type=int, metavar="ID")
def outbox_retry(outbox_id: int) -> None:
    """Send a failed message again."""
    host = current_host()
    ctx = host.runtime.ctx
    try:
        outbox.retry(ctx, outbox_id=outbox_id)
    except DomainError as exc:
        raise click.ClickException(exc.localized(host.language)) from exc
    url = redis_url(host.settings)
    try:
        if url is None:
            raise RedisError("no Redis URL")
        relay(ctx, delivery_queue(connect(url)))
    except RedisError:
        click.echo(
            host.t(
                N_("Message {id} will be sent again as soon as the queue is reachable."),
                id=outbox_id,
            )
        )
        return
    click.echo(host.t(N_("Message {id} is on its way again."), id=outbox_id))


@click.command()
@click.argument("workgroup", required=False)
def summary(workgroup: str | None) -> None:
    """Print the weekly status summary of WORKGROUP (number or name), or the overview."""
    host = current_host()
    ctx = host.runtime.ctx
    group_id = groups.default_group_id(ctx)
    if group_id is None:
        raise click.ClickException(host.t(N_("There is no group yet; import an invitation first.")))
    try:
        workgroup_id = None
        if workgroup:
            workgroup_id = digests.find_workgroup_id(
                ctx, group_id=group_id, ref=workgroup, language=host.language
            )
        reply = digests.summary_message(
            ctx, group_id=group_id, workgroup_id=workgroup_id, language=host.language
        )
    except DomainError as exc:
        raise click.ClickException(exc.localized(host.language)) from exc
    assert reply is not None
    click.echo(render_text(reply))
