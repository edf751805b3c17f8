"""The HTTP endpoint `POST /api/messages` on the Agents SDK's aiohttp hosting: the Bot Connector's
token is checked first (auth.py, 401 without a valid one, before anything is read), then the
token's `serviceurl` claim must name the activity's serviceUrl, then the SDK's CloudAdapter runs
the turn. Replies go back through the connector at the activity's serviceUrl, with a token from
Entra ID (MSAL, the app's client secret)."""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration, Connections

from adapters.teams import PLATFORM, auth
from adapters.teams.bot import TeamsBot
from adapters.teams.references import References
from chatops.core import ChatCore
from chatops.rooms import Rooms
from chatops.runtime import Runtime

MESSAGES_PATH = "/api/messages"
BOT_KEY = web.AppKey("tiltak.teams.bot", TeamsBot)


def connections_for(runtime: Runtime) -> Connections:
    """MSAL client credentials for the bot's app registration (its token to the connector)."""
    teams = runtime.settings.teams
    config = AgentAuthConfiguration(
        client_id=teams.app_id,
        client_secret=teams.app_password.get_secret_value(),
        tenant_id=teams.tenant_id or None,
    )
    return MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": config})


def build_app(runtime: Runtime, *, connections: Connections | None = None) -> web.Application:
    """The aiohttp app serving the bot; `connections` gives the outgoing tokens (MSAL if None)."""
    teams = runtime.settings.teams
    tokens = auth.ConnectorTokens(
        app_id=teams.app_id, metadata_url=teams.openid_metadata, issuers=teams.issuers
    )
    settings = runtime.settings
    core = ChatCore(runtime.ctx, default_language=settings.language, web_base_url=settings.base_url)
    bot = TeamsBot(core, References(Rooms(runtime.ctx, PLATFORM)))
    adapter = CloudAdapter(connection_manager=connections or connections_for(runtime))

    async def messages(request: web.Request) -> web.StreamResponse:
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"error": "Invalid JSON"}, status=400)
        if not isinstance(body, dict) or not _same_service(request, body):
            return web.json_response(
                {"error": "Invalid token or authentication failed."}, status=401
            )
        return await adapter.process(request, bot) or web.Response(status=202)

    app = web.Application(middlewares=[auth.middleware(tokens)], client_max_size=256 * 1024)
    app.router.add_post(MESSAGES_PATH, messages)
    app[BOT_KEY] = bot
    return app


def _same_service(request: web.Request, body: dict[str, object]) -> bool:
    """The token was issued for the connector the activity names as its serviceUrl."""
    claims = request[auth.CLAIMS_KEY].claims
    claimed, named = str(claims.get("serviceurl") or ""), str(body.get("serviceUrl") or "")
    return bool(claimed and named) and _origin(claimed) == _origin(named)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()
