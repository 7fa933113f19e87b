"""Try it without a council: the first run's demo button makes a practice laptop and a practice
hub beside (never in) the real profile, and the whole loop runs in the app's own screens:
packet written on the laptop, imported at the hub, the prepared conflict settled, the receipt
written and brought back, the news shown; the tour panel ticks each step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QApplication, QDockWidget, QFileDialog

from tafapp.demo import pair
from tafapp.storage.profile import Profile
from tafapp.storage.store import open_profile
from tafapp.ui import ops
from tafapp.ui.app import app
from tafapp.ui.connect.tour import TourPanel, attach_tour
from tafapp.ui.first_run import FirstRunDialog
from tafapp.ui.hub.conflicts import ConflictsPage
from tafapp.ui.hub.import_page import ImportPage
from tafapp.ui.hub.laptops_page import LaptopsPage
from tafapp.ui.main_window import MainWindow
from tafapp.ui.sync_page import SyncPage
from tests.qt_fixtures import inline_ops, temp_settings  # noqa: F401 - autouse here
from tests.ui_sync.test_sync_page import Boxes, save_as


@pytest.fixture
def real(tmp_path: Path, memory_keyring: Any) -> Profile:
    return Profile(tmp_path / "default")


def test_first_run_demo_button_opens_the_practice_laptop(qtbot, real: Profile,
                                                         monkeypatch) -> None:
    dialog = FirstRunDialog(needs_passphrase=False)
    qtbot.addWidget(dialog)
    dialog.demo_button.click()  # no name typed: the demo has its own
    choice = dialog.choice()
    assert dialog.result() == 1 and choice.demo and choice.name == "Sam Demo"
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, *a, **k: choice))
    seen: dict[str, Any] = {}

    def fake_exec() -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if w.objectName() == "mainWindow" and w.isVisible())
        seen["docks"] = [d.windowTitle() for d in window.findChildren(QDockWidget)]
        seen["rows"] = window.caseload.model.total
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert app.main(profile=str(real.root)) == 0
    assert not real.exists, "the real profile is not created by the demo"
    assert pair.exists(real) and pair.pair_folder(real) == real.root.with_name("default-demo")
    assert seen["docks"] == ["Try the sync loop"] and seen["rows"] == pair.SHARED
    # The next first run offers to open the same demo again, not to make another.
    again = FirstRunDialog(needs_passphrase=False, demo_exists=True)
    qtbot.addWidget(again)
    assert again.demo_button.text() == "Open the &demo again"


def test_the_whole_loop_in_the_app(qtbot, real: Profile, monkeypatch, tmp_path: Path) -> None:
    made = pair.build(real, "Sam Demo", "Oak Primary School (demo)", "school")
    laptop = open_profile(Profile(made.laptop), check=False)
    hub = None
    try:
        boxes = Boxes(monkeypatch)
        # 1. The laptop writes its packet.
        ops.set_store(laptop)
        window = MainWindow(role="practitioner", owner="Sam Demo")
        qtbot.addWidget(window)
        attach_tour(window)
        panel: TourPanel = window.tour_panel  # type: ignore[attr-defined]
        assert "Practice laptop" in panel.intro.text() and "✓" not in panel.steps.text()
        started: list[list[str]] = []
        monkeypatch.setattr(QProcess, "startDetached",
                            lambda prog, args: (started.append(args), True)[1])
        panel.other_button.click()
        assert started == [["-m", "tafapp", "--profile", str(made.hub)]]
        assert "second window" in panel.note.text()
        hub = open_profile(Profile(made.hub), check=False)  # as that second window does
        panel.other_button.click()
        assert len(started) == 1 and "already open" in panel.note.text()
        panel.sig_go.emit("sync")
        sync = window.page("sync")
        assert isinstance(sync, SyncPage) and window.current_key() == "sync"
        assert "Connected to Demo hub" in sync.connection_box.stage_label.text()
        out = tmp_path / "Documents" / "changes-0001"
        out.parent.mkdir()
        save_as(monkeypatch, out)
        sync.write_button.click()
        packet = out.with_name("changes-0001.tafpacket")
        assert packet.is_file()
        panel.show_state(pair.tour_state_of(laptop))
        assert panel.steps.text().count("✓") == 1
        # 2-4. The hub imports it, sees the prepared conflict, keeps the laptop's address.
        ops.set_store(hub)
        imp = ImportPage()
        qtbot.addWidget(imp)
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(packet)], ""))
        imp.choose_button.click()
        assert "1 conflicts" in imp.summary_label.text()
        conflicts = ConflictsPage()
        qtbot.addWidget(conflicts)
        assert conflicts.model.rowCount() == 1
        values = conflicts.values_model
        mine = next(r for r in range(values.rowCount())
                    if values.data(values.index(r, 0)) == pair.LAPTOP_ADDRESS)
        conflicts.values_view.selectRow(mine)
        conflicts.keep_button.click()
        assert conflicts.model.rowCount() == 0
        laptops = LaptopsPage()
        qtbot.addWidget(laptops)
        laptops.view.selectRow(0)
        receipt = tmp_path / "Documents" / "receipt"
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, **k: (str(receipt), ""))
        laptops.receipt_button.click()
        state = pair.tour_state_of(hub)
        assert (state.packet_imported, state.conflict_settled, state.receipt_written) == \
            (True, True, True)
        # 6. Back on the laptop: the receipt, and the news it brought.
        ops.set_store(laptop)
        sync.import_receipt(receipt.with_name("receipt.tafpacket"))
        assert "Receipt imported" in sync.result_label.text()
        assert window.pending_label.text() == "All changes confirmed by the hub"
        news = sync.news_box.list_label.text()
        assert not sync.news_box.isHidden()
        assert "settled a conflict" in news and "moved in with grandmother" in news
        assert "Referral outcome" in news and "first session booked" in news
        panel.show_state(pair.tour_state_of(laptop))
        assert panel.steps.text().count("✓") == 2
        assert [b[0] for b in boxes.shown].count("warning") == 0
    finally:
        laptop.close()
        if hub is not None:
            hub.close()


def test_a_failed_build_leaves_nothing_and_a_second_is_refused(real: Profile,
                                                               monkeypatch) -> None:
    from tafapp.core.errors import InputRejected

    def broken(*_a: Any, **_k: Any) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr("tafapp.demo.generate", broken)
        with pytest.raises(OSError):
            pair.build(real, "Sam Demo", "Oak", "school")
    assert not pair.pair_folder(real).exists() and not real.exists
    pair.build(real, "Sam Demo", "Oak", "school")
    with pytest.raises(InputRejected, match="already"):
        pair.build(real, "Sam Demo", "Oak", "school")
    assert not pair.is_open(pair.hub_profile(real))
