import Testing

@testable import TerminalUI

@Suite struct SpinnerTests {

    @Test func frameFollowsTheTick() {
        let frames = (0..<10).map { Spinner(tick: $0).frame }
        #expect(frames.joined() == "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
        #expect(Spinner(tick: 10).frame == Spinner(tick: 0).frame)
        #expect(Spinner(tick: 23).frame == "⠸")
        #expect(Spinner(tick: -1).frame == "⠏")
    }

    @Test func asciiFallback() {
        let frames = (0..<5).map { Spinner(tick: $0, style: .ascii).frame }
        #expect(frames == ["|", "/", "-", "\\", "|"])
        #expect(Spinner(tick: Int.min, style: .ascii).frame == "|")
    }

    @Test func drawsTheFrameHotAndTheLabelNormal() {
        let buffer = rendered(Spinner(tick: 2, label: "Validating"), width: 14)
        #expect(buffer.mismatch(lines: ["⠹ Validating  "], roles: ["H............."]) == nil)
    }

    @Test func longLabelIsTruncated() {
        #expect(rendered(Spinner(tick: 0, label: "Validating credentials"), width: 10).lines == ["⠋ Validat…"])
        #expect(rendered(Spinner(tick: 0, label: "設定を確認しています"), width: 9).lines == ["⠋ 設定を…"])
        #expect(rendered(Spinner(tick: 1, label: "Validating"), width: 2).lines == ["⠙ "])
    }

    @Test func neverDrawsOutsideItsArea() {
        var buffer = ScreenBuffer(width: 12, height: 3, fill: Cell("#"))
        Spinner(tick: 0, label: "Loading everything").render(in: Rect(x: 1, y: 1, width: 8, height: 1), into: &buffer)
        #expect(buffer.lines == ["############", "#⠋ Loadi…###", "############"])
    }
}
