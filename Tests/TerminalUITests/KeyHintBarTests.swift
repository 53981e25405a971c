import Testing

@testable import TerminalUI

@Suite struct KeyHintBarTests {
    private let hints = [
        KeyHint(key: "q", label: "Quit"), KeyHint(key: "?", label: "Help"), KeyHint(key: "Tab", label: "Next"),
    ]

    @Test func drawsKeysHotAndLabelsNormal() {
        let buffer = rendered(KeyHintBar(hints), width: 26)
        #expect(buffer.mismatch(lines: ["q Quit  ? Help  Tab Next  "], roles: ["H.......H.......HHH......."]) == nil)
    }

    @Test func dropsHintsThatDoNotFitWhole() {
        let exact = rendered(KeyHintBar(hints), width: 24)
        #expect(exact.lines == ["q Quit  ? Help  Tab Next"])
        let short = rendered(KeyHintBar(hints), width: 23)
        #expect(short.lines == ["q Quit  ? Help         "])
        #expect(KeyHintBar(hints).fittingCount(width: 23) == 2)
        #expect(rendered(KeyHintBar(hints), width: 5).lines == ["     "])
    }

    @Test func hintsComeFromTheKeyMap() {
        enum Command: Hashable, Sendable { case save, quit, secret }
        let keyMap = KeyMap<Command>([
            KeyBinding([.control("s")], .save, "Save", hint: "Save"),
            KeyBinding([.function(9)], .secret, "Not a hint"),
            KeyBinding([.character("q"), .escape], .quit, "Quit", hint: "Quit"),
        ])
        let buffer = rendered(KeyHintBar(keyMap.hints), width: 30)
        #expect(buffer.lines == ["Ctrl-S Save  q Quit           "])
    }

    @Test func wideGlyphLabelsCountTwoColumns() {
        let wide = [KeyHint(key: "s", label: "設定"), KeyHint(key: "q", label: "終了")]
        #expect(rendered(KeyHintBar(wide), width: 14).lines == ["s 設定  q 終了"])
        #expect(rendered(KeyHintBar(wide), width: 13).lines == ["s 設定       "])
    }

    @Test func escapedControlCharactersCountAsDrawn() {
        // "\e" takes two columns once escaped, so the hint needs 6 columns, not 5.
        let hint = [KeyHint(key: "x", label: "a\u{1B}b")]
        #expect(rendered(KeyHintBar(hint), width: 6).lines == ["x a\\eb"])
        #expect(rendered(KeyHintBar(hint), width: 5).lines == ["     "])
    }

    @Test func neverDrawsOutsideItsArea() {
        var buffer = ScreenBuffer(width: 20, height: 3, fill: Cell("#"))
        KeyHintBar(hints).render(in: Rect(x: 2, y: 1, width: 15, height: 1), into: &buffer)
        #expect(
            buffer.lines == [
                String(repeating: "#", count: 20), "##q Quit  ? Help ###", String(repeating: "#", count: 20),
            ])
    }
}
