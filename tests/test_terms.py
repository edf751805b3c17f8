"""One Norwegian word for one thing, in the web, the chat and the catalog: a workgroup's lead is
its «leder», the person a task belongs to is its «ansvarlig», late work is «over fristen» and a
task that cannot move on «står fast»."""

import re

from test_catalog import norwegian_catalog

from tracker.i18n import translate


def test_the_lead_of_a_workgroup_and_the_owner_of_a_task_have_words_of_their_own() -> None:
    assert translate("Lead", "nb") == "Leder"
    assert translate("Owner", "nb") == "Ansvarlig"
    assert translate("Lead: {name}", "nb", name="Asbjørn Lunde") == "Leder: Asbjørn Lunde"
    assert translate("No lead", "nb") == "Ingen leder"
    assert translate("No owner", "nb") == "Ingen ansvarlig"


def test_overdue_work_is_over_its_deadline_not_forfalt_like_a_bill() -> None:
    assert translate("Overdue", "nb") == "Over fristen"
    assert translate("overdue", "nb") == "over fristen"
    assert not [n for n in norwegian_catalog().values() if "forfalt" in n.lower()]


def test_a_task_that_cannot_move_on_stands_stuck_rather_than_blokkert() -> None:
    assert translate("Blocked", "nb") == "Står fast"
    assert translate("Blocked: {reason}", "nb", reason="venter på tall") == (
        "Står fast: venter på tall"
    )
    assert not [n for n in norwegian_catalog().values() if "blokk" in n.lower()]


def test_no_norwegian_message_about_a_lead_calls_them_ansvarlig() -> None:
    about_leads = {
        english: norwegian
        for english, norwegian in norwegian_catalog().items()
        if re.search(r"\blead(s)?\b", english, re.IGNORECASE)
        and not re.search(r"\bown", english, re.IGNORECASE)
    }
    assert about_leads  # the catalog has them: the check below is not empty
    assert {e: n for e, n in about_leads.items() if "ansvarlig" in n.lower()} == {}
