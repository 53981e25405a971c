import Testing

@testable import TerminalUI

@Suite struct ButtonTests {

    @Test func drawsTheTitleInBrackets() {
        let button = Button("Validate & Save")
        #expect(button.width == 19)
        #expect(rendered(button, width: 21).lines == ["[ Validate & Save ]  "])
    }

    @Test func rolesFollowFocusAndEnabled() {
        let focused = rendered(Button("Save", isFocused: true), width: 10)
        #expect(focused.mismatch(lines: ["[ Save ]  "], roles: ["FFFFFFFF.."]) == nil)
        #expect(rendered(Button("Save"), width: 10).mismatch(lines: ["[ Save ]  "], roles: [".........."]) == nil)
        let disabled = rendered(Button("Save", isFocused: true, isEnabled: false), width: 10)
        #expect(disabled.mismatch(lines: ["[ Save ]  "], roles: ["DDDDDDDD.."]) == nil)
    }

    @Test func enterAndSpaceActivate() {
        #expect(Button.activates(.key(.enter)))
        #expect(Button.activates(.key(.character(" "))))
        #expect(!Button.activates(.key(.character("s"))))
        #expect(!Button.activates(.key(.escape)))
        #expect(!Button.activates(.text("\n")))
    }

    @Test func narrowAreaShortensTheTitleAndKeepsTheBrackets() {
        #expect(rendered(Button("Validate & Save"), width: 10).lines == ["[ Valid… ]"])
        #expect(rendered(Button("Validate & Save"), width: 3).lines == ["Va…"])
    }

    @Test func wideGlyphTitles() {
        let button = Button("設定を保存")
        #expect(button.width == 14)
        #expect(rendered(button, width: 14).lines == ["[ 設定を保存 ]"])
        // Five columns for the title: two glyphs and "…"; a third glyph would need six.
        #expect(rendered(button, width: 9).lines == ["[ 設定… ]"])
    }

    @Test func neverDrawsOutsideItsArea() {
        var buffer = ScreenBuffer(width: 12, height: 3, fill: Cell("#"))
        Button("Validate & Save", isFocused: true).render(in: Rect(x: 1, y: 1, width: 9, height: 1), into: &buffer)
        #expect(buffer.lines == ["############", "#[ Vali… ]##", "############"])
    }
}
