import Testing

@testable import TerminalUI

@Suite struct LayoutTests {
    @Test func rowsShareWhatFixedPiecesLeave() {
        let rows = Layout.rows(Rect(x: 0, y: 0, width: 80, height: 24), [.fixed(1), .fill(1), .fixed(2)])
        #expect(rows.map(\.height) == [1, 21, 2])
        #expect(rows.map(\.y) == [0, 1, 22])
    }

    @Test func fillsSplitByWeightAndCoverTheWidth() {
        let columns = Layout.columns(
            Rect(x: 2, y: 0, width: 31, height: 1), [.fill(1), .fill(2), .fixed(4)], spacing: 1)
        #expect(columns.map(\.width) == [8, 17, 4])
        #expect(columns.map(\.x) == [2, 11, 29])
        #expect(columns.last!.maxX == 33)
    }

    @Test func fixedPiecesShrinkWhenSpaceRunsOut() {
        let rows = Layout.rows(Rect(x: 0, y: 0, width: 10, height: 3), [.fixed(2), .fixed(5), .fill(1)])
        #expect(rows.map(\.height) == [2, 1, 0])
    }

    @Test func centeredAndInset() {
        let area = Rect(x: 0, y: 0, width: 80, height: 24)
        #expect(area.centered(width: 40, height: 10) == Rect(x: 20, y: 7, width: 40, height: 10))
        #expect(area.centered(width: 100, height: 30) == area)
        #expect(area.inset(by: 1) == Rect(x: 1, y: 1, width: 78, height: 22))
        #expect(Rect(x: 0, y: 0, width: 1, height: 1).inset(by: 2).isEmpty)
    }
}

@Suite struct FocusRingTests {
    @Test func tabAndShiftTabWrapAround() {
        var ring = FocusRing(["name", "secret", "save"])
        #expect(ring.isFocused("name"))
        ring.next()
        ring.next()
        #expect(ring.focused == "save")
        ring.next()
        #expect(ring.focused == "name")
        ring.previous()
        #expect(ring.focused == "save")
    }

    @Test func reorderKeepsFocusWhenPossible() {
        var ring = FocusRing(["a", "b", "c"], focused: "b")
        ring.reorder(["c", "b"])
        #expect(ring.focused == "b")
        ring.reorder(["x"])
        #expect(ring.focused == "x")
    }
}

@Suite struct KeyMapTests {
    enum Command: Hashable, Sendable { case quit, help, save }

    let map = KeyMap<Command>([
        KeyBinding([.character("q"), .control("c")], .quit, "Quit", hint: "Quit"),
        KeyBinding([.character("?")], .help, "Help", hint: "Help"),
        KeyBinding([.control("s")], .save, "Save"),
    ])

    @Test func keysBecomeCommands() {
        #expect(map.command(for: .control("c")) == .quit)
        #expect(map.command(for: .character("?")) == .help)
        #expect(map.command(for: .character("x")) == nil)
    }

    @Test func hintsAndHelpComeFromTheSameTable() {
        #expect(map.hints == [KeyHint(key: "q", label: "Quit"), KeyHint(key: "?", label: "Help")])
        #expect(map.helpEntries.map(\.key) == ["q/Ctrl-C", "?", "Ctrl-S"])
    }
}
