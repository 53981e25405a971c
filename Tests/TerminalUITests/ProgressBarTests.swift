import Testing

@testable import TerminalUI

@Suite struct ProgressBarTests {

    private func filledCells(_ buffer: ScreenBuffer) -> Int {
        (0..<buffer.width).filter { buffer[$0, 0].text == "█" }.count
    }

    @Test func fractionDrawsABarAndAPercentage() {
        // 14 columns of bar, then 6 for "   42%"; 42% of 14 is 5.88 cells, so 5 are filled.
        let buffer = rendered(ProgressBar(fraction: 0.42), width: 20)
        #expect(buffer.lines == ["█████░░░░░░░░░   42%"])
        #expect(buffer[0, 0].role == .ok)
        #expect(buffer[4, 0].role == .ok)
        #expect(buffer[5, 0].role == .disabled)
        #expect(buffer[19, 0].role == .normal)
    }

    @Test func countShowsDoneAndTotalWithThousandsSeparators() {
        let bar = ProgressBar(done: 4_200, total: 10_000)
        #expect(bar.countText == "(4,200 of 10,000)")
        #expect(bar.percentText == "42%")
        let buffer = rendered(bar, width: 40)
        #expect(buffer.lines == ["█████░░░░░░░░░   42%  (4,200 of 10,000) "])
    }

    @Test func barWidthDoesNotDependOnTheCountSoFar() {
        let early = rendered(ProgressBar(done: 999, total: 10_000), width: 40).lines[0]
        let late = rendered(ProgressBar(done: 9_999, total: 10_000), width: 40).lines[0]
        #expect(early.firstIndex(of: "%").map { early.distance(from: early.startIndex, to: $0) } == 19)
        #expect(late.firstIndex(of: "%").map { late.distance(from: late.startIndex, to: $0) } == 19)
    }

    @Test func badInputIsClamped() {
        #expect(ProgressBar(fraction: .nan).percentText == "0%")
        #expect(ProgressBar(fraction: -0.5).percentText == "0%")
        #expect(ProgressBar(fraction: 1.7).percentText == "100%")
        #expect(ProgressBar(fraction: .infinity).percentText == "100%")
        #expect(ProgressBar(fraction: -.infinity).fraction == 0)
        #expect(ProgressBar(done: 12, total: 10).countText == "(10 of 10)")
        #expect(ProgressBar(done: -3, total: 10).percentText == "0%")
        #expect(ProgressBar(done: 0, total: 0).percentText == "100%")

        #expect(filledCells(rendered(ProgressBar(fraction: .nan), width: 20)) == 0)
        #expect(filledCells(rendered(ProgressBar(fraction: 1.7), width: 20)) == 14)
        #expect(filledCells(rendered(ProgressBar(fraction: -2), width: 20)) == 0)
    }

    @Test func almostDoneIsNotShownAsDone() {
        let bar = ProgressBar(fraction: 0.999)
        #expect(bar.percentText == "99%")
        #expect(filledCells(rendered(bar, width: 20)) == 13)
        #expect(ProgressBar(done: 9_999, total: 10_000).percentText == "99%")
        #expect(ProgressBar(done: 29, total: 100).percentText == "29%")
        #expect(ProgressBar(fraction: 0.29).percentText == "29%")
    }

    @Test func unknownTotalIsIndeterminate() {
        let bar = ProgressBar(done: 4_200, total: nil)
        #expect(bar.fraction == nil)
        #expect(rendered(bar, width: 30).lines == ["4,200 done, total unknown     "])
        #expect(rendered(bar, width: 12).lines == ["4,200 done,…"])
        #expect(filledCells(rendered(ProgressBar(done: 5, total: -1), width: 30)) == 0)
    }

    @Test func narrowAreasDropTheCountThenTheBar() {
        let bar = ProgressBar(done: 4_200, total: 10_000)
        #expect(rendered(bar, width: 12).lines == ["██░░░░   42%"])
        #expect(rendered(bar, width: 6).lines == ["42%   "])
        #expect(rendered(bar, width: 2).lines == ["░░"])
    }

    @Test func neverDrawsOutsideItsArea() {
        var buffer = ScreenBuffer(width: 30, height: 3, fill: Cell("#"))
        ProgressBar(done: 4_200, total: 10_000).render(in: Rect(x: 3, y: 1, width: 20, height: 1), into: &buffer)
        #expect(buffer.lines[0] == String(repeating: "#", count: 30))
        #expect(buffer.lines[2] == String(repeating: "#", count: 30))
        #expect(buffer.lines[1].hasPrefix("###█"))
        #expect(buffer.lines[1].hasSuffix("%#######"))
    }
}
