import Testing

@testable import TerminalUI

@Suite struct TextFieldTests {
    private func typed(_ text: String, into state: inout TextFieldState) {
        for character in text { #expect(state.handle(.key(.character(character))) == true) }
    }

    private func press(_ key: Key, _ times: Int = 1, on state: inout TextFieldState) {
        for _ in 0..<times { state.handle(.key(key)) }
    }

    private func rendered(
        _ field: TextField,
        width: Int,
        bufferWidth: Int? = nil,
        x: Int = 0
    ) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: bufferWidth ?? width, height: 1)
        field.render(in: Rect(x: x, y: 0, width: width, height: 1), into: &buffer)
        return buffer
    }

    // MARK: - Editing

    @Test func typingInsertsAtTheCursor() {
        var state = TextFieldState()
        typed("abc", into: &state)
        press(.left, 2, on: &state)
        typed("X", into: &state)
        #expect(state.text == "aXbc")
        #expect(state.cursor == 2)
    }

    @Test func backspaceAndDeleteRemoveAroundTheCursor() {
        var state = TextFieldState(text: "abcd")
        press(.left, 2, on: &state)
        press(.backspace, on: &state)
        #expect(state.text == "acd")
        #expect(state.cursor == 1)
        press(.delete, on: &state)
        #expect(state.text == "ad")
        #expect(state.cursor == 1)
        press(.home, on: &state)
        #expect(state.handle(.key(.backspace)) == true)
        #expect(state.text == "ad")
        press(.end, on: &state)
        #expect(state.handle(.key(.delete)) == true)
        #expect(state.text == "ad")
    }

    @Test func homeEndAndTheirControlKeysMoveTheCursor() {
        var state = TextFieldState(text: "hello")
        press(.home, on: &state)
        #expect(state.cursor == 0)
        press(.end, on: &state)
        #expect(state.cursor == 5)
        press(.control("a"), on: &state)
        #expect(state.cursor == 0)
        press(.control("E"), on: &state)
        #expect(state.cursor == 5)
        press(.right, on: &state)
        #expect(state.cursor == 5)
    }

    @Test func controlUAndControlKClearToEitherEnd() {
        var state = TextFieldState(text: "client-secret")
        press(.home, on: &state)
        press(.right, 6, on: &state)
        press(.control("k"), on: &state)
        #expect(state.text == "client")
        #expect(state.cursor == 6)

        state.text = "client-secret"
        press(.left, 6, on: &state)
        press(.control("u"), on: &state)
        #expect(state.text == "secret")
        #expect(state.cursor == 0)
    }

    @Test func keysForTheScreenAreNotConsumed() {
        var state = TextFieldState(text: "abc")
        let before = state
        for key: Key in [.enter, .tab, .backTab, .escape, .up, .down, .pageUp, .function(1), .control("q")] {
            #expect(state.handle(.key(key)) == false, "\(key)")
        }
        #expect(state.handle(.key(.character("\u{1B}"))) == false)
        #expect(state.handle(.key(.character("\n"))) == false)
        #expect(state.handle(.mouse(MouseEvent(.click, x: 0, y: 0))) == false)
        #expect(state == before)
    }

    @Test func pasteBecomesOneLineWithoutControlCharacters() {
        var state = TextFieldState(text: "ab")
        press(.left, on: &state)
        #expect(state.handle(.text("line1\nline2\r\n\tx\u{1B}[2J\u{7F}\n")) == true)
        #expect(state.text == "aline1 line2  x[2Jb")
        #expect(state.cursor == "aline1 line2  x[2J".count)
    }

    @Test func settingTheTextKeepsItOnOneLine() {
        var state = TextFieldState(text: "a\nb\u{202E}c\n", maxLength: 3)
        #expect(state.text == "a b")
        state.text = "x\ty"
        #expect(state.text == "x y")
        #expect(state.cursor == 3)
    }

    @Test func pasteOfTenThousandCharactersGoesInWhole() {
        var state = TextFieldState(text: "<>")
        press(.left, on: &state)
        let long = String(repeating: "0123456789", count: 1_000)
        state.handle(.text(long))
        #expect(state.count == 10_002)
        #expect(state.cursor == 10_001)
        #expect(state.text == "<" + long + ">")

        let buffer = rendered(TextField(state, isFocused: true), width: 8)
        #expect(buffer.lines == ["3456789>"])
        #expect(buffer[7, 0].role == .focus)
    }

    @Test func longPasteTakesLinearTime() {
        var state = TextFieldState(text: String(repeating: "x", count: 100_000))
        press(.left, 50_000, on: &state)
        let pasted = String(repeating: "設定 ab\n", count: 25_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            state.handle(.text(pasted))
            _ = rendered(TextField(state, isFocused: true), width: 80)
        }
        #expect(state.count == 100_000 + 25_000 * 6 - 1)
        // Linear work is a few milliseconds here; a quadratic insertion takes minutes.
        #expect(elapsed < .seconds(2))
    }

    @Test func maxLengthCutsPastesAndIgnoresExtraTyping() {
        var state = TextFieldState(maxLength: 5)
        state.handle(.text("abcdefgh"))
        #expect(state.text == "abcde")
        #expect(state.handle(.key(.character("z"))) == true)
        #expect(state.text == "abcde")
        state.maxLength = 3
        #expect(state.text == "abc")
        #expect(state.cursor == 3)
    }

    @Test func aCombiningMarkJoinsThePreviousCharacter() {
        var state = TextFieldState()
        typed("e", into: &state)
        state.handle(.key(.character("\u{301}")))
        #expect(state.count == 1)
        #expect(state.text == "é")
        press(.backspace, on: &state)
        #expect(state.text.isEmpty)
    }

    // MARK: - Rendering

    @Test func unfocusedFieldShowsTextAndItsExtent() {
        let buffer = rendered(TextField(TextFieldState(text: "abc")), width: 6)
        #expect(buffer.mismatch(lines: ["abc___"], roles: ["...DDD"]) == nil)
    }

    @Test func focusedFieldMarksTheCursorCellWithFocus() {
        var state = TextFieldState(text: "abc")
        let atEnd = rendered(TextField(state, isFocused: true), width: 6)
        #expect(atEnd.mismatch(lines: ["abc   "], roles: ["SSSFSS"]) == nil)

        press(.left, 2, on: &state)
        let inside = rendered(TextField(state, isFocused: true), width: 6)
        #expect(inside.mismatch(lines: ["abc   "], roles: ["SFSSSS"]) == nil)
    }

    @Test func viewScrollsToKeepTheCursorVisible() {
        var state = TextFieldState(text: "abcdefghij")
        state.scrollToCursor(columns: 5)
        let atEnd = rendered(TextField(state, isFocused: true), width: 5)
        #expect(atEnd.lines == ["ghij "])
        #expect(atEnd[4, 0].role == .focus)

        press(.home, on: &state)
        state.scrollToCursor(columns: 5)
        let atStart = rendered(TextField(state, isFocused: true), width: 5)
        #expect(atStart.lines == ["abcde"])
        #expect(atStart[0, 0].role == .focus)
    }

    @Test func storedScrollKeepsTheViewStillUntilTheCursorReachesAnEdge() {
        var state = TextFieldState(text: "abcdefghij")
        state.scrollToCursor(columns: 5)
        for _ in 0..<3 {
            press(.left, on: &state)
            state.scrollToCursor(columns: 5)
        }
        let buffer = rendered(TextField(state, isFocused: true), width: 5)
        #expect(buffer.lines == ["ghij "])
        #expect(buffer[1, 0].role == .focus)
        #expect(state.scrollOffset == 6)
    }

    @Test func deletingAtTheEndPullsHiddenTextBackIntoView() {
        var state = TextFieldState(text: "abcdefghij")
        state.scrollToCursor(columns: 5)
        press(.backspace, 3, on: &state)
        let buffer = rendered(TextField(state, isFocused: true), width: 5)
        #expect(buffer.lines == ["defg "])
    }

    @Test func wideGlyphsScrollByTheirColumns() {
        var state = TextFieldState(text: "設定設定設定")
        let atEnd = rendered(TextField(state, isFocused: true), width: 7)
        #expect(atEnd.lines == ["定設定 "])
        #expect(atEnd[6, 0].role == .focus)
        #expect(atEnd[5, 0].role == .selection)

        press(.home, on: &state)
        let atStart = rendered(TextField(state, isFocused: true), width: 5)
        // Two glyphs fit; the third would need columns 4 and 5, so column 4 stays blank.
        #expect(atStart.lines == ["設定 "])
        #expect(atStart[0, 0].role == .focus)
        #expect(atStart[1, 0].role == .focus)
        #expect(atStart[2, 0].role == .selection)
    }

    @Test func aWideGlyphUnderTheCursorIsShownWhole() {
        var state = TextFieldState(text: "ab設")
        press(.left, on: &state)
        let buffer = rendered(TextField(state, isFocused: true), width: 3)
        #expect(buffer.mismatch(lines: ["b設"], roles: ["SFF"]) == nil)
    }

    @Test func placeholderShowsWhenEmpty() {
        let unfocused = rendered(TextField(TextFieldState(), placeholder: "Client ID"), width: 12)
        #expect(unfocused.lines == ["Client ID___"])
        #expect(unfocused[0, 0].role == .disabled)

        let focused = rendered(
            TextField(TextFieldState(), placeholder: "A very long placeholder", isFocused: true), width: 8)
        #expect(focused.lines == ["A very …"])
        #expect(focused[0, 0].role == .focus)
        #expect(focused[1, 0].role == .disabled)
    }

    @Test func neverDrawsOutsideItsArea() {
        var buffer = ScreenBuffer(width: 12, height: 3, fill: Cell("#"))
        let state = TextFieldState(text: "a long value 設定 that scrolls")
        TextField(state, placeholder: "x", isFocused: true).render(
            in: Rect(x: 3, y: 1, width: 6, height: 1), into: &buffer)
        #expect(buffer.lines[0] == String(repeating: "#", count: 12))
        #expect(buffer.lines[2] == String(repeating: "#", count: 12))
        #expect(buffer.lines[1].hasPrefix("###"))
        #expect(buffer.lines[1].hasSuffix("###"))
    }

    // MARK: - Secrets

    @Test func secretValueIsNeverDrawn() {
        let secret = "ZQ9XW7KJ-MVP"
        for isFocused in [false, true] {
            let buffer = rendered(
                TextField(TextFieldState(text: secret, isSecret: true), isFocused: isFocused), width: 20)
            #expect(buffer.lines[0].hasPrefix(TextField.secretMask))
            for x in 0..<buffer.width {
                #expect(!secret.contains(buffer[x, 0].text) || buffer[x, 0].text.isEmpty)
            }
        }
    }

    @Test func secretMaskDoesNotRevealTheLength() {
        let short = rendered(TextField(TextFieldState(text: "ab", isSecret: true)), width: 20)
        let long = rendered(
            TextField(TextFieldState(text: String(repeating: "Z", count: 40), isSecret: true)), width: 20)
        #expect(short == long)
    }

    @Test func emptySecretShowsTheCallersPlaceholder() {
        let field = TextField(TextFieldState(isSecret: true), placeholder: "(stored, type to replace)", isFocused: true)
        let buffer = rendered(field, width: 30)
        #expect(buffer.lines == ["(stored, type to replace)     "])
        #expect(buffer[0, 0].role == .focus)
        #expect(buffer[1, 0].role == .disabled)
    }

    @Test func secretCursorStaysAtTheEnd() {
        var state = TextFieldState(isSecret: true)
        typed("ab", into: &state)
        press(.home, on: &state)
        press(.left, on: &state)
        typed("c", into: &state)
        #expect(state.text == "abc")
        #expect(state.cursor == 3)
        press(.backspace, on: &state)
        #expect(state.text == "ab")
        press(.control("u"), on: &state)
        #expect(state.text.isEmpty)

        let buffer = rendered(TextField(TextFieldState(text: "abc", isSecret: true), isFocused: true), width: 12)
        #expect(buffer[8, 0].role == .focus)
        #expect(buffer[7, 0].role == .selection)
    }

    @Test func secretStateDescriptionsAndDumpHideTheValue() {
        let secret = "ZQ9XW7KJ-MVP"
        let state = TextFieldState(text: secret, isSecret: true)
        var printed = ""
        print(state, to: &printed)
        var dumped = ""
        dump(state, to: &dumped)
        var dumpedField = ""
        dump(TextField(state), to: &dumpedField)
        let texts = [
            printed, dumped, dumpedField, String(describing: state), String(reflecting: state), "\(state)",
            String(describing: TextField(state)), String(reflecting: [state]),
        ]
        for text in texts {
            #expect(!text.contains(secret), "\(text)")
            #expect(text.contains("<secret>"), "\(text)")
        }
        // The same field, not secret, does show its text: the hiding above is not an accident.
        let plain = TextFieldState(text: secret)
        #expect(String(describing: plain).contains(secret))
    }
}
