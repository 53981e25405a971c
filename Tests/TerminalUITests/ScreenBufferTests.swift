import Testing

@testable import TerminalUI

@Suite struct ScreenBufferTests {
    @Test func writesTextWithRole() {
        var buffer = ScreenBuffer(width: 10, height: 2)
        let used = buffer.put("Halo", x: 2, y: 1, role: .hot)
        #expect(used == 4)
        #expect(buffer.lines == ["          ", "  Halo    "])
        #expect(buffer[2, 1].role == .hot)
        #expect(buffer[6, 1].role == .normal)
    }

    @Test func wideGlyphsTakeTwoCells() {
        var buffer = ScreenBuffer(width: 8, height: 1)
        buffer.put("設定ok", x: 1, y: 0)
        #expect(buffer[1, 0].text == "設")
        #expect(buffer[2, 0].isContinuation)
        #expect(buffer[3, 0].text == "定")
        #expect(buffer[5, 0].text == "o")
        #expect(buffer.lines == [" 設定ok "])
    }

    @Test func emojiWithVariationSelectorIsWide() {
        var buffer = ScreenBuffer(width: 4, height: 1)
        buffer.put("☁️x", x: 0, y: 0)
        #expect(buffer[0, 0].text == "☁️")
        #expect(buffer[1, 0].isContinuation)
        #expect(buffer[2, 0].text == "x")
    }

    @Test func wideGlyphThatDoesNotFitBecomesSpace() {
        var buffer = ScreenBuffer(width: 5, height: 1)
        buffer.put("ab設定", x: 0, y: 0)
        #expect(buffer.lines == ["ab設 "])
        #expect(!buffer[4, 0].isContinuation)
    }

    @Test func overwritingHalfAWideGlyphClearsTheOtherHalf() {
        var buffer = ScreenBuffer(width: 4, height: 1)
        buffer.put("設定", x: 0, y: 0)
        buffer.put("x", x: 1, y: 0)
        #expect(buffer.lines == [" x定"])
        buffer.put("y", x: 2, y: 0)
        #expect(buffer.lines == [" xy "])
    }

    @Test func limitStopsWriting() {
        var buffer = ScreenBuffer(width: 10, height: 1)
        let used = buffer.put("abcdef", x: 1, y: 0, limit: 3)
        #expect(used == 3)
        #expect(buffer.lines == [" abc      "])
    }

    @Test func truncationEndsWithEllipsisAndPads() {
        var buffer = ScreenBuffer(width: 12, height: 2)
        buffer.put(truncating: "Contoso Pharmaceuticals", x: 0, y: 0, width: 10, role: .selection)
        buffer.put(truncating: "設定設定設定", x: 0, y: 1, width: 6)
        #expect(buffer.line(0) == "Contoso P…  ")
        #expect(buffer[9, 0].role == .selection)
        #expect(buffer[10, 0].role == .normal)
        #expect(buffer.line(1) == "設定…       ")
    }

    @Test func alignmentCentersAndRightAligns() {
        var buffer = ScreenBuffer(width: 8, height: 2)
        buffer.put(truncating: "ab", x: 0, y: 0, width: 8, alignment: .center)
        buffer.put(truncating: "ab", x: 0, y: 1, width: 8, alignment: .trailing)
        #expect(buffer.lines == ["   ab   ", "      ab"])
    }

    @Test func controlCharactersAndEscapesAreShownEscaped() {
        var buffer = ScreenBuffer(width: 24, height: 1)
        buffer.put("Evil\u{1B}[2J\u{07}Co\u{202E}", x: 0, y: 0)
        #expect(buffer.line(0) == "Evil\\e[2J\\x07Co\\u{202E} ")
        #expect(buffer.cells.allSatisfy { cell in cell.text.unicodeScalars.allSatisfy { $0.value >= 0x20 } })
    }

    @Test func writesOutsideTheBufferAreClipped() {
        var buffer = ScreenBuffer(width: 4, height: 1)
        buffer.put("abcdef", x: -2, y: 0)
        buffer.put("zz", x: 0, y: 5)
        #expect(buffer.lines == ["cdef"])
    }

    @Test func fillAndSetRoleStayInsideBounds() {
        var buffer = ScreenBuffer(width: 4, height: 2)
        buffer.put("abcd", x: 0, y: 1)
        buffer.fill(Rect(x: 2, y: -1, width: 10, height: 2), with: "#", role: .error)
        buffer.setRole(.focus, in: Rect(x: 0, y: 1, width: 2, height: 5))
        #expect(buffer.lines == ["  ##", "abcd"])
        #expect(buffer[3, 0].role == .error)
        #expect(buffer[1, 1].role == .focus && buffer[2, 1].role == .normal)
    }
}

@Suite struct FrameDiffTests {
    @Test func firstFrameIsOneRunPerRoleChange() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.put("ab", x: 2, y: 0, role: .hot)
        let runs = buffer.changedRuns(since: nil)
        #expect(runs.map(\.text) == ["  ", "ab", "  "])
        #expect(runs.map(\.role) == [.normal, .hot, .normal])
    }

    @Test func unchangedFrameHasNoRuns() {
        var buffer = ScreenBuffer(width: 6, height: 3)
        buffer.put("same", x: 0, y: 1)
        #expect(buffer.changedRuns(since: buffer).isEmpty)
    }

    @Test func onlyChangedCellsAreRewritten() {
        var old = ScreenBuffer(width: 10, height: 2)
        old.put("Health ok", x: 0, y: 1)
        var new = old
        new.put("no", x: 7, y: 1, role: .error)
        let runs = new.changedRuns(since: old)
        #expect(runs == [CellRun(x: 7, y: 1, role: .error, text: "no", columns: 2)])
    }

    @Test func runStartingOnContinuationIncludesTheWholeGlyph() {
        var old = ScreenBuffer(width: 4, height: 1)
        old.put("設", x: 0, y: 0)
        var new = old
        new[1, 0] = Cell("", role: .hot)
        let runs = new.changedRuns(since: old)
        #expect(runs.first?.x == 0)
        #expect(runs.first?.text == "設")
    }

    @Test func sizeChangeRedrawsEverything() {
        let old = ScreenBuffer(width: 4, height: 1)
        let new = ScreenBuffer(width: 5, height: 1)
        #expect(new.changedRuns(since: old).map(\.columns).reduce(0, +) == 5)
    }
}
