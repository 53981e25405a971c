import Testing

@testable import TerminalUI

@Suite struct DialogTests {
    private func background(width: Int, height: Int) -> ScreenBuffer {
        ScreenBuffer(width: width, height: height, fill: Cell("#"))
    }

    private let discard = Dialog.confirm(
        title: "Discard changes?",
        message: "The mapping has unsaved changes.",
        state: ConfirmState()
    )

    // MARK: - ConfirmState

    @Test func focusStartsOnCancelAndMovesWithArrowsAndTab() {
        var state = ConfirmState()
        #expect(state.focused == .cancel)
        #expect(state.handle(.key(.left)) == .handled)
        #expect(state.focused == .confirm)
        #expect(state.handle(.key(.left)) == .handled)
        #expect(state.focused == .confirm)
        #expect(state.handle(.key(.right)) == .handled)
        #expect(state.focused == .cancel)
        #expect(state.handle(.key(.tab)) == .handled)
        #expect(state.focused == .confirm)
        #expect(state.handle(.key(.backTab)) == .handled)
        #expect(state.focused == .cancel)
    }

    @Test func enterChoosesTheFocusedButton() {
        var state = ConfirmState()
        #expect(state.handle(.key(.enter)) == .cancelled)
        state.focused = .confirm
        #expect(state.handle(.key(.enter)) == .confirmed)
        #expect(state.handle(.key(.character(" "))) == .confirmed)
    }

    @Test func escapeAndShortcutsDecideWhateverHasFocus() {
        var state = ConfirmState(focused: .confirm)
        #expect(state.handle(.key(.escape)) == .cancelled)
        #expect(state.handle(.key(.character("n"))) == .cancelled)
        #expect(state.handle(.key(.character("N"))) == .cancelled)
        state.focused = .cancel
        #expect(state.handle(.key(.character("y"))) == .confirmed)
        #expect(state.handle(.key(.character("Y"))) == .confirmed)
    }

    @Test func otherEventsAreIgnored() {
        var state = ConfirmState()
        #expect(state.handle(.key(.character("x"))) == .ignored)
        #expect(state.handle(.key(.up)) == .ignored)
        #expect(state.handle(.text("yes")) == .ignored)
        #expect(state.handle(.mouse(MouseEvent(.click, x: 1, y: 1))) == .ignored)
        #expect(state.focused == .cancel)
    }

    // MARK: - Rendering

    @Test func drawsACenteredBoxThatHidesTheScreenBehind() {
        var buffer = background(width: 40, height: 12)
        let area = Rect(x: 0, y: 0, width: 40, height: 12)
        discard.render(in: area, into: &buffer)
        #expect(discard.box(in: area) == Rect(x: 2, y: 2, width: 36, height: 7))
        let hashes = String(repeating: "#", count: 40)
        let blank = "##│" + String(repeating: " ", count: 34) + "│##"
        let eight = String(repeating: " ", count: 8)
        #expect(
            buffer.lines == [
                hashes, hashes,
                "##┌─ Discard changes? " + String(repeating: "─", count: 15) + "┐##",
                blank,
                "##│ The mapping has unsaved changes. │##",
                blank,
                "##│" + eight + "[ OK ]  [ Cancel ]" + eight + "│##",
                blank,
                "##└──────────────────────────────────┘##",
                hashes, hashes, hashes,
            ]
        )
        #expect(buffer[5, 2].role == .header)
        #expect(buffer[3, 3].role == .normal)
    }

    @Test func focusedButtonIsDrawnWithFocus() {
        var buffer = background(width: 40, height: 12)
        discard.render(in: Rect(x: 0, y: 0, width: 40, height: 12), into: &buffer)
        #expect((19..<29).allSatisfy { buffer[$0, 6].role == .focus })
        #expect((11..<17).allSatisfy { buffer[$0, 6].role == .normal })

        var confirmFocused = discard
        confirmFocused.focusedButton = 0
        confirmFocused.render(in: Rect(x: 0, y: 0, width: 40, height: 12), into: &buffer)
        #expect((11..<17).allSatisfy { buffer[$0, 6].role == .focus })
        #expect(buffer[19, 6].role == .normal)
    }

    @Test func errorDialogTitleIsError() {
        var buffer = background(width: 60, height: 10)
        let dialog = Dialog(title: "Connection failed", message: "401 Unauthorized: check the secret.", isError: true)
        dialog.render(in: Rect(x: 0, y: 0, width: 60, height: 10), into: &buffer)
        let box = dialog.box(in: Rect(x: 0, y: 0, width: 60, height: 10))
        let titleStart = box.x + 3
        #expect(buffer[titleStart, box.y].text == "C")
        #expect(buffer[titleStart, box.y].role == .error)
        #expect(buffer.lines.contains { $0.contains("[ OK ]") })

        var plain = background(width: 60, height: 10)
        Dialog(title: "Connection failed", message: "401 Unauthorized: check the secret.")
            .render(in: Rect(x: 0, y: 0, width: 60, height: 10), into: &plain)
        #expect(plain[titleStart, box.y].role == .header)
    }

    @Test func longMessageIsWrappedWithinTheMaximumWidth() {
        let message =
            "Autotask rejected the request because the API user has no permission to create tickets "
            + "in queue Monitoring. Ask an administrator to grant the permission, then validate again."
        var buffer = background(width: 100, height: 20)
        let area = Rect(x: 0, y: 0, width: 100, height: 20)
        let dialog = Dialog(title: "Permission missing", message: message, isError: true)
        dialog.render(in: area, into: &buffer)
        let box = dialog.box(in: area)
        #expect(box.width == 60)
        let content = (box.y + 2)..<(box.y + 2 + 4)
        let rows = content.map { y in
            String(buffer.line(y).dropFirst(box.x + 2).prefix(box.width - 4)).trimmingSpaces
        }
        #expect(rows.joined(separator: " ") == message)
        #expect(rows.allSatisfy { DisplayWidth.columns(of: $0) <= 56 })
    }

    @Test func lineBreaksInTheMessageStartNewLinesAndControlsAreEscaped() {
        var buffer = background(width: 50, height: 12)
        Dialog(title: "Error", message: "First line\nServer said \u{1B}[31mNO").render(
            in: Rect(x: 0, y: 0, width: 50, height: 12),
            into: &buffer
        )
        #expect(buffer.lines.contains { $0.contains("│ First line ") })
        #expect(buffer.lines.contains { $0.contains("│ Server said \\e[31mNO │") })
    }

    @Test func shortAreaKeepsTheButtonsAndCutsTheMessage() {
        var buffer = background(width: 30, height: 5)
        let area = Rect(x: 0, y: 0, width: 30, height: 5)
        let dialog = Dialog.confirm(
            title: "Delete",
            message: "Delete the mapping for Contoso and every queue setting that goes with it?",
            state: ConfirmState(focused: .confirm)
        )
        dialog.render(in: area, into: &buffer)
        #expect(dialog.box(in: area).height == 5)
        #expect(buffer.lines[3].contains("[ OK ]  [ Cancel ]"))
        #expect(buffer.lines[2].trimmingCharacters(in: "│ ").hasSuffix("…"))
        #expect(buffer.lines[4].hasPrefix("└"))
    }

    @Test func wideGlyphsBehindTheBoxEdgeAreSplitCleanly() {
        var buffer = ScreenBuffer(width: 40, height: 12)
        for y in 0..<12 { buffer.put(String(repeating: "設", count: 20), x: 0, y: y) }
        let area = Rect(x: 1, y: 0, width: 40, height: 12)
        discard.render(in: area, into: &buffer)
        #expect(discard.box(in: area).x == 3)
        for line in buffer.lines { #expect(DisplayWidth.columns(of: line) == 40, "\(line)") }
        #expect(buffer.lines[4].hasPrefix("設 │ The mapping"))
        #expect(buffer.lines[4].hasSuffix("changes. │ "))
        #expect(buffer.lines[0] == String(repeating: "設", count: 20))
    }

    @Test func wideGlyphMessagesWrapByColumns() {
        var buffer = background(width: 30, height: 12)
        let message = "設定 を 保存 しますか 変更 は 失われます 設定 を 保存 しますか"
        let dialog = Dialog(title: "設定", message: message, buttons: ["はい", "いいえ"])
        dialog.render(in: Rect(x: 0, y: 0, width: 30, height: 12), into: &buffer)
        for line in buffer.lines { #expect(DisplayWidth.columns(of: line) == 30, "\(line)") }
        #expect(buffer.lines.contains { $0.contains("[ はい ]  [ いいえ ]") })
        #expect(buffer.lines.contains { $0.contains(" 設定 ") })
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }

    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
