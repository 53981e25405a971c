import Testing

@testable import TerminalUI

@Suite struct CheckboxTests {

    @Test func drawsTheMarkAndTheLabel() {
        #expect(rendered(Checkbox("Send email", isChecked: true), width: 16).lines == ["[x] Send email  "])
        #expect(rendered(Checkbox("Send email", isChecked: false), width: 16).lines == ["[ ] Send email  "])
    }

    @Test func focusMarksTheWholeCheckboxButNotTheRestOfTheRow() {
        let buffer = rendered(Checkbox("Send email", isChecked: true, isFocused: true), width: 16)
        #expect(buffer.mismatch(lines: ["[x] Send email"], roles: ["FFFFFFFFFFFFFF.."]) == nil)
        let unfocused = rendered(Checkbox("Send email", isChecked: true), width: 16)
        #expect(unfocused.mismatch(lines: ["[x] Send email"], roles: ["................"]) == nil)
    }

    @Test func disabledIsDrawnDisabledEvenWhenFocused() {
        let buffer = rendered(Checkbox("Send email", isChecked: false, isFocused: true, isEnabled: false), width: 16)
        #expect(buffer[0, 0].role == .disabled)
        #expect(buffer[5, 0].role == .disabled)
    }

    @Test func spaceAndEnterToggle() {
        #expect(Checkbox.toggles(.key(.character(" "))))
        #expect(Checkbox.toggles(.key(.enter)))
        #expect(!Checkbox.toggles(.key(.character("x"))))
        #expect(!Checkbox.toggles(.key(.tab)))
        #expect(!Checkbox.toggles(.text(" ")))
    }

    @Test func longLabelIsTruncatedWithAnEllipsis() {
        #expect(rendered(Checkbox("Send email", isChecked: true), width: 8).lines == ["[x] Sen…"])
    }

    @Test func wideGlyphLabelsTakeTwoColumns() {
        let buffer = rendered(Checkbox("設定", isChecked: true, isFocused: true), width: 9)
        #expect(buffer.mismatch(lines: ["[x] 設定 "], roles: ["FFFFFFFF."]) == nil)
        #expect(rendered(Checkbox("設定", isChecked: true), width: 6).lines == ["[x] … "])
    }

    @Test func controlCharactersInTheLabelAreEscaped() {
        #expect(rendered(Checkbox("A\u{1B}[2J", isChecked: false), width: 12).lines == ["[ ] A\\e[2J  "])
    }

    @Test func neverDrawsOutsideItsArea() {
        var buffer = ScreenBuffer(width: 10, height: 3, fill: Cell("#"))
        Checkbox("A long label", isChecked: true, isFocused: true).render(
            in: Rect(x: 2, y: 1, width: 6, height: 1), into: &buffer)
        #expect(buffer.lines == ["##########", "##[x] A…##", "##########"])
    }
}
