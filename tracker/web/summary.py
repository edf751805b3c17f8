"""The weekly status summary as a page: `/summary` for the overview across the workgroups and
`/summary/<number>` for one workgroup, built from the same GroupSummary the chat message and
`tiltak summary` render, in the same sections and order, with the same words."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from werkzeug.wrappers import Response

from tracker import schemas as s
from tracker.i18n import N_
from tracker.services import groups, summaries
from tracker.web.common import bp, group_id_of, render, require_user, service_context, t


@dataclass(frozen=True)
class Section:
    """A titled list of tasks of one workgroup's summary."""

    title: str
    tasks: list[s.TaskView]


def sections(part: s.WorkgroupSummary) -> list[Section]:
    """The non-empty sections of a workgroup's summary, in the chat message's order."""
    return [Section(t(title), tasks) for title, tasks in part.sections()]


def _page(summary: s.GroupSummary, *, single: bool) -> Response:
    shown = [part for part in summary.workgroups if not part.quiet or single]
    quiet = [part for part in summary.workgroups if part.quiet and not single]
    if single:
        workgroup = summary.workgroups[0].workgroup
        title = t(
            N_("Status week {week} for workgroup {number} {name}"),
            week=summary.iso_week,
            number=workgroup.number,
            name=workgroup.name,
        )
    else:
        title = t(N_("Status week {week}"), week=summary.iso_week)
    return render(
        "summary.html",
        summary=summary,
        title=title,
        single=single,
        parts=[(part, sections(part)) for part in shown],
        quiet_names=", ".join(f"{p.workgroup.number} {p.workgroup.name}" for p in quiet),
        workgroups=groups.list_workgroups(service_context(), group_id=summary.group.id),
    )


@bp.get("/summary")
def summary() -> Response:
    """This week's summary across the group's workgroups, as the overview message shows it."""
    group_id = group_id_of(require_user())
    return _page(summaries.group_summary(service_context(), group_id=group_id), single=False)


@bp.get("/summary/<int:number>")
def workgroup_summary(number: int) -> Response:
    """This week's summary of one workgroup, by its number."""
    group_id = group_id_of(require_user())
    ctx = service_context()
    found = [wg for wg in groups.list_workgroups(ctx, group_id=group_id) if wg.number == number]
    if not found:
        abort(404)
    built = summaries.group_summary(ctx, group_id=group_id, workgroup_id=found[0].id)
    return _page(built, single=True)
