"""Input and minutes lines without an item: the next meeting's item that asks for them takes
them, and where no one item does, the bot asks which, one choice per item, each the typed
command. The seed's Sak 3 asks for written input, its Sak 4 is the round-the-table item."""

from __future__ import annotations

from chat_support import Chat, run

from chatops.commands import Contribute
from chatops.render import render_text
from chatops.reply import Choice
from tracker import schemas as s
from tracker.importer.apply import ImportReport
from tracker.models import Channel, ContributionKind, DeadlineKind
from tracker.services import contributions, meetings
from tracker.services.context import Actor, ServiceContext

SECRETARIAT = Actor.system_actor(Channel.CLI)


def own_item(ctx: ServiceContext, seeded: ImportReport, label: str) -> s.AgendaItemView:
    """An item of the group's own part of the next meeting."""
    meeting = meetings.next_meeting(ctx, group_id=seeded.group_id)
    assert meeting is not None
    (part,) = [p for p in meeting.parts if p.is_group_part]
    (item,) = [i for i in part.items if i.label == label]
    return item


def test_input_without_an_item_goes_to_the_item_that_asks_for_written_input(
    chat: Chat, ctx: ServiceContext, seeded: ImportReport
) -> None:
    reply = run(chat("Anne Huse"), Contribute(None, "Flere webinarer om kraft"))
    assert render_text(reply) == "Innspillet ditt til sak 3 (Handlingsprogram 2025) er registrert."
    (made,) = contributions.list_contributions(ctx)
    assert (made.agenda_item_id, made.kind, made.body) == (
        own_item(ctx, seeded, "3").id,
        ContributionKind.INPUT,
        "Flere webinarer om kraft",
    )


def test_a_minutes_line_without_an_item_goes_to_the_round_the_table_item(
    chat: Chat, ctx: ServiceContext, seeded: ImportReport
) -> None:
    reply = run(
        chat("Gunhild Paulsen"),
        Contribute(None, "Nammo skal ansette 250 i 2025", ContributionKind.MINUTES),
    )
    assert render_text(reply) == (
        "Referatlinjen din til sak 4 (Runde rundt bordet: Aktuelle saker i regionen og mål for "
        "2025) er registrert."
    )
    (made,) = contributions.list_contributions(ctx)
    assert (made.agenda_item_id, made.kind) == (
        own_item(ctx, seeded, "4").id,
        ContributionKind.MINUTES,
    )


def test_with_two_items_asking_for_input_the_bot_asks_which_and_the_choice_does_it(
    chat: Chat, ctx: ServiceContext, seeded: ImportReport
) -> None:
    sixth = own_item(ctx, seeded, "6")
    meetings.create_deadline(
        ctx,
        actor=SECRETARIAT,
        group_id=seeded.group_id,
        data=s.DeadlineCreate(
            title="Innspill til arealdiskusjonen", agenda_item_id=sixth.id,
            kind=DeadlineKind.CONTRIBUTION, offset_days=-1,
        ),
    )  # fmt: skip
    member = chat("Anne Huse")
    reply = run(member, Contribute(None, "Vi trenger mer areal"))
    assert reply.choices == (
        Choice("3. Handlingsprogram 2025", "innspill sak 3: Vi trenger mer areal"),
        Choice(f"6. {sixth.title}", "innspill sak 6: Vi trenger mer areal"),
    )
    assert render_text(reply).startswith("Hvilken sak gjelder det?")
    assert contributions.list_contributions(ctx) == []
    # Writing the second choice's command registers it on that item.
    assert member.say(reply.choices[1].command).startswith("Innspillet ditt til sak 6")
    (made,) = contributions.list_contributions(ctx)
    assert (made.agenda_item_id, made.body) == (sixth.id, "Vi trenger mer areal")


def test_with_no_item_asking_for_input_the_bot_offers_every_item_it_can_reach(
    chat: Chat, ctx: ServiceContext, seeded: ImportReport
) -> None:
    for deadline in meetings.list_deadlines(ctx, group_id=seeded.group_id):
        meetings.delete_deadline(ctx, actor=SECRETARIAT, deadline_id=deadline.id)
    reply = run(chat("Anne Huse"), Contribute(None, "Et innspill"))
    assert render_text(reply).startswith("Hvilken sak gjelder det?")
    # The group's own part has items 1–7; the common part's 1–4 go by the same numbers.
    assert [choice.label for choice in reply.choices][:2] == [
        "1. Godkjenning av innkalling og dagsorden",
        "2. Godkjenning av referat fra møte 7. november 2024",
    ]
    assert [choice.command for choice in reply.choices] == [
        f"innspill sak {n}: Et innspill" for n in range(1, 8)
    ]
    assert contributions.list_contributions(ctx) == []


def test_an_item_is_found_by_words_of_its_title_with_a_typo(
    chat: Chat, ctx: ServiceContext, seeded: ImportReport
) -> None:
    member = chat("Anne Huse")
    answer = render_text(run(member, Contribute("til handlingsprogramet", "Prioriter webinarer")))
    assert answer == "Innspillet ditt til sak 3 (Handlingsprogram 2025) er registrert."
    (made,) = contributions.list_contributions(ctx)
    # The group's own Sak 3, not the common part's item of the same title.
    assert made.agenda_item_id == own_item(ctx, seeded, "3").id
    refused = run(member, Contribute("budsjettet", "tekst"))
    assert render_text(refused) == "Neste møte har ingen sak budsjettet på sakskartet."
    assert len(contributions.list_contributions(ctx)) == 1


def test_words_that_fit_several_items_equally_give_a_question(
    chat: Chat, ctx: ServiceContext, seeded: ImportReport
) -> None:
    reply = run(chat("Anne Huse"), Contribute("godkjenning", "OK for meg"))
    assert [choice.command for choice in reply.choices] == [
        "innspill sak 1: OK for meg",
        "innspill sak 2: OK for meg",
    ]
    assert contributions.list_contributions(ctx) == []
