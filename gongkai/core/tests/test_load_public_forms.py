"""Load and fault tests of the public forms against a real gunicorn and a real database (docs/load-tests.md).

Citizens submit 依申请公开 applications, 网民留言 and 举报 at the same moment, each from its own address
(the server trusts X-Real-IP as behind nginx, so the per-client rate limits hold as in production). What
must hold: no 500, no dropped connection while the server lives, every acknowledged submission stored
exactly once with its number and audit entry, no number given twice — and after a kill -9 of every
server process mid-load, every submission the citizen saw acknowledged is still there.
"""

import threading
import time

import pytest

from gongkai.audit import chain
from gongkai.core.tests.load_support import (
    APPLICATION,
    AUDIT_CHAIN_KEY,
    COMPLAINT,
    MESSAGE,
    PNG_1PX,
    AppServer,
    Citizen,
    Outcome,
    Target,
    citizens,
    fresh_database,
    identity_files,
    logged_submissions,
    open_forms,
    percentile,
    stored,
    submit_all,
)

KINDS = [MESSAGE, COMPLAINT, APPLICATION]
CROWD = 200
THREADS = 100
# The fault test needs fewer: enough in flight when the server dies, and a budget of 2 minutes per database.
KILL_CROWD = 100
AFTER_RESTART = 30


@pytest.fixture(scope="module")
def target():
    with fresh_database() as database:
        yield database


@pytest.fixture
def server(target: Target):
    app = AppServer(target, audit_chain="load")
    try:
        app.start()
        yield app
    finally:
        app.stop()


def _report(label: str, outcomes: list[Outcome], seconds: float, **extra: object) -> None:
    """The figures docs/load-tests.md quotes (shown with ``pytest -s``)."""
    acknowledged = [o for o in outcomes if o.acknowledged]
    latencies = [o.seconds for o in outcomes if o.post_status is not None]
    details = "".join(f", {key} {value}" for key, value in extra.items())
    print(
        f"\n[{label}] {len(outcomes)} submissions, {len(acknowledged)} acknowledged in {seconds:.1f} s "
        f"({len(acknowledged) / seconds:.1f}/s); POST latency p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms{details}"
    )


def _check_storage(target: Target, outcomes: list[Outcome]) -> tuple[int, set[int]]:
    """Acknowledged ⇒ stored exactly once, with the number the citizen was shown; nothing stored by halves."""
    by_marker = {o.marker: o for o in outcomes}
    stored_markers = 0
    entries: set[int] = set()
    for kind in KINDS:
        rows = stored(target, kind)
        numbers = [row.number for row in rows]
        assert len(numbers) == len(set(numbers)), f"{kind.name}: a number was given twice"
        assert all(kind.number_re.fullmatch(n) for n in numbers), f"{kind.name}: a row without its number"
        logged = logged_submissions(target, kind)
        assert not [row for row in rows if row.pk not in logged], f"{kind.name}: a row without its audit entry"
        mine = [row for row in rows if row.marker in by_marker]
        entries |= {logged[row.pk] for row in mine}
        per_marker: dict[str, list] = {}
        for row in mine:
            per_marker.setdefault(row.marker, []).append(row)
        assert all(len(found) == 1 for found in per_marker.values()), f"{kind.name}: a submission stored twice"
        for outcome in (o for o in outcomes if o.kind is kind):
            found = per_marker.get(outcome.marker, [])
            if outcome.acknowledged:
                assert len(found) == 1, f"{kind.name}: acknowledged but not stored: {outcome}"
                if outcome.number:
                    assert found[0].number == outcome.number, f"{kind.name}: shown {outcome.number}, stored {found}"
        if kind is APPLICATION:
            # The identity proof is part of the application: row and file on disk, or no application at all.
            proofs = identity_files(target)
            for row in rows:
                assert len(proofs.get(row.pk, [])) == 1, f"application {row.number} without its identity proof"
                assert proofs[row.pk][0].read_bytes() == PNG_1PX, f"application {row.number}: proof not on disk"
        stored_markers += len(mine)
    return stored_markers, entries


def test_simultaneous_submissions_are_each_stored_once(target: Target, server: AppServer, settings):
    settings.GONGKAI_AUDIT_CHAIN_KEY = AUDIT_CHAIN_KEY
    crowd = citizens(server, KINDS, CROWD)
    began = time.monotonic()
    open_forms(crowd)
    forms_seconds = time.monotonic() - began
    assert [c.outcome.form_status for c in crowd] == [200] * CROWD, server.log()
    assert all({"csrfmiddlewaretoken", "form_token"} <= c.hidden.keys() for c in crowd)

    seconds = submit_all(crowd, threads=THREADS)
    outcomes = [c.outcome for c in crowd]
    _report("load", outcomes, seconds, server_start=f"{server.start_seconds:.1f} s", forms=f"{forms_seconds:.1f} s")

    assert [o.error for o in outcomes if o.error] == [], server.log()
    assert not [o for o in outcomes if o.post_status is None or o.post_status >= 500], server.log()
    # Every citizen had a fresh address and a valid form: each one must have got through.
    assert [o for o in outcomes if not o.acknowledged] == []
    assert all(o.done_status == 200 and o.number for o in outcomes), "提交成功 page without its number"
    numbers = [o.number for o in outcomes]
    assert len(set(numbers)) == CROWD
    stored_count, entries = _check_storage(target, outcomes)
    assert stored_count == CROWD
    # Eight threads in two processes appended to one audit chain: every line linked, every submission in it.
    verification = chain.verify(target.chain_file("load"))
    assert verification.problems == []
    assert entries <= {pk for log, pk in verification.records if log == "model"}


def test_kill_9_mid_load_loses_no_acknowledged_submission(target: Target, settings):
    settings.GONGKAI_AUDIT_CHAIN_KEY = AUDIT_CHAIN_KEY
    first = AppServer(target, audit_chain="kill")
    second = AppServer(target, audit_chain="kill")
    lock = threading.Lock()
    progress = {"answered": 0, "acknowledged": 0, "answered_at_kill": KILL_CROWD}
    kill_now = threading.Event()

    def on_answer(outcome: Outcome) -> None:
        with lock:
            progress["answered"] += 1
            progress["acknowledged"] += outcome.acknowledged
            if progress["acknowledged"] >= KILL_CROWD // 5:
                kill_now.set()

    crowd: list[Citizen] = []
    later: list[Citizen] = []
    try:
        first.start()
        crowd = citizens(first, KINDS, KILL_CROWD, first_address=10_000)
        # These open the form before the crash and send it after the restart: the signed tokens must survive it.
        later = citizens(first, KINDS, AFTER_RESTART, first_address=20_000)
        open_forms(crowd + later)
        assert [c.outcome.form_status for c in crowd + later] == [200] * (KILL_CROWD + AFTER_RESTART), first.log()
        runner = threading.Thread(target=submit_all, args=(crowd,), kwargs={"threads": THREADS, "on_answer": on_answer})
        began = time.monotonic()
        runner.start()
        kill_now.wait(timeout=120)
        with lock:
            progress["answered_at_kill"] = progress["answered"]
            acknowledged_at_kill = progress["acknowledged"]
        first.kill()
        until_kill = time.monotonic() - began
        runner.join(timeout=180)
        assert not runner.is_alive()

        second.start()
        for citizen in later:
            citizen.client.server = second
        seconds = submit_all(later, threads=AFTER_RESTART)
    finally:
        first.stop()
        second.stop()

    before = [c.outcome for c in crowd]
    after = [c.outcome for c in later]
    _report(
        "until kill -9",
        before,
        until_kill,
        answered_at_kill=progress["answered_at_kill"],
        acknowledged_at_kill=acknowledged_at_kill,
        connection_errors=sum(bool(o.error) for o in before),
    )
    _report("after restart", after, seconds, server_start=f"{second.start_seconds:.1f} s")
    # The kill came part-way: some submissions acknowledged, others' POSTs still unanswered.
    assert progress["acknowledged"] >= KILL_CROWD // 5
    assert progress["answered_at_kill"] < KILL_CROWD
    assert not [o for o in before if o.post_status is not None and o.post_status >= 500], first.log()
    # The restarted server takes submissions as if nothing had happened.
    assert all(o.acknowledged and o.number for o in after), second.log()
    stored_count, _ = _check_storage(target, before + after)
    acknowledged = sum(o.acknowledged for o in before + after)
    print(f"[kill -9] stored {stored_count}, of which acknowledged {acknowledged}")
    assert acknowledged <= stored_count <= KILL_CROWD + AFTER_RESTART
    # Lines are appended whole under a lock: a kill -9 leaves no torn or forked line in the audit chain.
    verification = chain.verify(target.chain_file("kill"))
    assert verification.problems == []
    # Each acknowledged submission's entry was appended at its commit, before the citizen got the answer.
    assert verification.lines >= acknowledged
