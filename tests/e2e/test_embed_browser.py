"""Issue 15, items 1, 2 and 5 in a real Chromium: the widget embedded on another site.

A second origin (a static page on its own port, with a strict CSP of its own) carries the
one-tag embed; the gateway runs with that origin in ``CANDOR_SOCKET_CORS_ORIGINS``. The buyer
chats there and asks for a person, the rep (on the gateway's console, which must keep its live
events although an allow-list is set) claims and replies, and the buyer sees it without a
reload. Both UIs say "disconnected — retrying" while their connection is down, and the
buyer's widget shows the rep message it missed once it is back. A script on the embedding site
cannot open the reps' /console namespace with the rep's cookie.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.db import session_scope
from bot.store import handoffs as handoff_store
from tests.handoff.factories import ALWAYS, PASSWORD, add_rep
from tests.support.host_site import HostSite, serving, stack_allowing
from tests.support.prestart import taken
from tests.support.stack import Stack

pytestmark = [pytest.mark.stack, pytest.mark.browser]

REP_EMAIL = "embed.rep@tessellate.example"
LONG = 90_000  # Rasa on a busy machine
ACCENT = "#0b7a5a"


@pytest.fixture(scope="module")
def site_and_stack(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[HostSite, Stack]]:
    """Somebody else's website (another port is another origin), and the real stack with that
    site in the allow-list; started in the background when the run was planned."""
    with taken("embed_stack") as started:
        if started is not None:
            yield started
            return
    with (
        serving(tmp_path_factory.mktemp("host-site")) as site,
        stack_allowing(site.url, tmp_path_factory.mktemp("embed-stack")) as running,
    ):
        yield site, running


@pytest.fixture(scope="module")
def host_site(site_and_stack: tuple[HostSite, Stack]) -> HostSite:
    return site_and_stack[0]


@pytest.fixture(scope="module")
def embed_stack(site_and_stack: tuple[HostSite, Stack]) -> Stack:
    return site_and_stack[1]


def write_host_pages(site: HostSite, gateway: str) -> None:
    """A product page with the README's embed snippet under the host's own strict CSP (no inline
    script anywhere), and a page whose script tries the reps' namespace."""
    ws = gateway.replace("http://", "ws://")
    csp = (
        f"default-src 'self'; script-src 'self' {gateway}; style-src 'self' {gateway}; "
        f"img-src 'self' {gateway} data:; connect-src 'self' {gateway} {ws}"
    )
    (site.root / "index.html").write_text(
        f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>Acme Analytics</title></head>
<body><h1>Acme Analytics</h1><p>Somebody else's website.</p>
<script src="{gateway}/static/embed.js" async
        data-color="{ACCENT}" data-title="Acme — honest answers"
        data-greeting="Hi! Ask me anything about Acme." data-position="left"
        data-lang="en"></script>
</body></html>
""",
        encoding="utf-8",
    )
    (site.root / "probe.js").write_text(
        """
var gateway = document.body.getAttribute("data-gateway");
["polling", "websocket"].forEach(function (transport) {
  var out = document.getElementById(transport);
  var socket = io(gateway + "/console",
                  { transports: [transport], withCredentials: true, reconnection: false });
  socket.on("connect", function () { out.textContent = "connected"; });
  socket.on("connect_error", function (e) { out.textContent = "refused: " + e.message; });
});
""",
        encoding="utf-8",
    )
    (site.root / "probe.html").write_text(
        f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>probe</title></head>
<body data-gateway="{gateway}"><p id="polling">pending</p><p id="websocket">pending</p>
<script src="{gateway}/static/vendor/socket.io.min.js"></script>
<script src="probe.js"></script></body></html>
""",
        encoding="utf-8",
    )


def open_handoff_id(database_url: str, conversation_id: str) -> int | None:
    with session_scope(database_url) as session:
        handoff = handoff_store.open_handoff_for(session, conversation_id=conversation_id)
        return handoff.id if handoff else None


def go_offline_and_drop(page, socket_expression: str) -> None:
    """Lose the network and the live connection with it (the client starts retrying)."""
    page.context.set_offline(True)
    page.evaluate(f"{socket_expression}.io.engine.close()")


def test_widget_on_another_site_chats_live_with_a_rep(
    embed_stack: Stack, host_site: HostSite, browser
) -> None:
    stack = embed_stack
    write_host_pages(host_site, stack.web_url)
    add_rep(
        stack.database_url, REP_EMAIL, name="Robin Ellis", role="Solutions Engineer", hours=ALWAYS
    )
    rep_context, buyer_context = browser.new_context(), browser.new_context()
    rep, buyer = rep_context.new_page(), buyer_context.new_page()
    csp_violations: list[str] = []
    buyer.on(
        "console",
        lambda m: csp_violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        rep.goto(stack.web_url + "/console")
        rep.get_by_test_id("login-email").fill(REP_EMAIL)
        rep.get_by_test_id("login-password").fill(PASSWORD)
        rep.get_by_test_id("login-submit").click()
        rep.get_by_test_id("me-name").filter(has_text="Robin Ellis").wait_for()
        # The allow-list names only the host site, yet the console's own socket connects.
        rep.locator("#presence.online").wait_for(timeout=15_000)

        buyer.goto(host_site.url + "/index.html")
        launcher = buyer.get_by_test_id("chat-launcher")
        launcher.wait_for(timeout=15_000)
        # The host's options: its colour, its side of the page, its title and greeting.
        assert launcher.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(11, 122, 90)"
        box = launcher.bounding_box()
        assert box is not None and box["x"] < 100
        launcher.click()
        assert buyer.locator(".cw-title").inner_text() == "Acme — honest answers"
        buyer.get_by_test_id("chat-greeting").filter(has_text="Ask me anything").wait_for()

        buyer.get_by_test_id("chat-input").fill("Can I talk to a real person please?")
        buyer.get_by_test_id("chat-send").click()
        buyer.get_by_test_id("rep-card").filter(has_text="Robin Ellis").wait_for(timeout=LONG)
        conversation_id = buyer.evaluate(
            "JSON.parse(localStorage.getItem('candor.conversation')).id"
        )
        handoff_id = open_handoff_id(stack.database_url, conversation_id)
        assert handoff_id is not None

        # The console heard of it live, without a reload.
        item = rep.locator(f'[data-testid="queue-item"][data-handoff-id="{handoff_id}"]')
        item.wait_for(timeout=15_000)
        # The alert banner announces it and opens it.
        rep.get_by_test_id("alert-open").click()
        rep.get_by_test_id("summary").filter(has_text="Trigger").wait_for()
        rep.get_by_test_id("claim").click()
        buyer.get_by_test_id("chat-mode").filter(has_text="With a person").wait_for(timeout=15_000)
        # The card that said when the rep would be free now says they are here.
        buyer.get_by_test_id("rep-card").filter(has_text="In the conversation now").wait_for()
        buyer.get_by_test_id("chat-input").fill("Great, are you there?")
        buyer.get_by_test_id("chat-send").click()
        rep.get_by_test_id("transcript").filter(has_text="Great, are you there?").wait_for(
            timeout=15_000
        )
        rep.get_by_test_id("reply-input").fill("Hi, Robin here. Yes, happy to help.")
        rep.get_by_test_id("reply-send").click()
        buyer.locator('.cw-msg[data-sender="rep"]').filter(has_text="happy to help").wait_for(
            timeout=15_000
        )

        # The buyer's connection drops: the widget says so, and keeps trying.
        connection = buyer.get_by_test_id("chat-connection")
        assert connection.is_hidden()
        go_offline_and_drop(buyer, "window.candorWidget.socket")
        connection.filter(has_text="Disconnected").wait_for(state="visible", timeout=10_000)
        rep.get_by_test_id("reply-input").fill("Sent while you were offline: pricing is per seat.")
        rep.get_by_test_id("reply-send").click()
        rep.get_by_test_id("transcript").filter(has_text="while you were offline").wait_for(
            timeout=15_000
        )
        missed = buyer.locator('.cw-msg[data-sender="rep"]').filter(
            has_text="while you were offline"
        )
        assert missed.count() == 0
        buyer_context.set_offline(False)
        connection.wait_for(state="hidden", timeout=30_000)
        missed.wait_for(timeout=15_000)  # replayed from the transcript, no reload
        assert missed.count() == 1

        # The console's connection drops: it says so, and comes back on its own.
        offline = rep.get_by_test_id("console-connection")
        assert offline.is_hidden()
        go_offline_and_drop(rep, "window.candorConsole.socket")
        offline.filter(has_text="Disconnected").wait_for(state="visible", timeout=10_000)
        rep_context.set_offline(False)
        offline.wait_for(state="hidden", timeout=30_000)
        rep.locator("#presence.online").wait_for(timeout=15_000)
        assert csp_violations == []
    finally:
        rep_context.close()
        buyer_context.close()


def test_a_script_on_the_embedding_site_cannot_open_the_console_namespace(
    embed_stack: Stack, host_site: HostSite, browser
) -> None:
    """The rep's cookie is sent to the gateway from the host site (same host, other port: the
    same *site* for SameSite), and the host is in the allow-list: the console still says no."""
    stack = embed_stack
    write_host_pages(host_site, stack.web_url)
    add_rep(stack.database_url, "probe.rep@tessellate.example", name="Probe Rep")
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(stack.web_url + "/console")
        page.get_by_test_id("login-email").fill("probe.rep@tessellate.example")
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.locator("#presence.online").wait_for(timeout=15_000)

        page.goto(host_site.url + "/probe.html")
        for transport in ("polling", "websocket"):
            result = page.locator(f"#{transport}")
            result.filter(has_text="refused").wait_for(timeout=15_000)
            assert "own pages only" in result.inner_text()
    finally:
        context.close()
