from flask.testing import FlaskClient

from tracker import schemas as s
from tracker.models import Channel, TaskStatus
from tracker.services import groups, tasks
from tracker.services.context import Actor, ServiceContext


def test_healthz_reports_the_database_ok(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_a_task_created_by_the_system_can_be_listed(ctx: ServiceContext) -> None:
    admin = Actor.system_actor(Channel.CLI)
    group = groups.create_group(ctx, actor=admin, name="Næringssamarbeid")
    wg = groups.create_workgroup(
        ctx,
        actor=admin,
        group_id=group.id,
        data=s.WorkgroupCreate(number=1, name="Sirkulærøkonomi"),
    )
    created = tasks.create_task(
        ctx, actor=admin, data=s.TaskCreate(title="Skriv notat", workgroup_id=wg.id)
    )
    assert created.status == TaskStatus.TODO
    listed = tasks.list_tasks(ctx, group_id=group.id)
    assert [t.title for t in listed] == ["Skriv notat"]
