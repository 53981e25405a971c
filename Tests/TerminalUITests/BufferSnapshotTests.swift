import Testing

@testable import TerminalUI

@Suite struct BufferSnapshotTests {
    private func sample() -> ScreenBuffer {
        var buffer = ScreenBuffer(width: 8, height: 2)
        buffer.put("Name", x: 0, y: 0, role: .hot)
        buffer.put("ok", x: 5, y: 0, role: .ok)
        buffer.put("設定", x: 1, y: 1, role: .error)
        return buffer
    }

    @Test func rolesAreOneLetterPerCell() {
        #expect(sample().roleLines == ["HHHH.OO.", ".EEEE..."])
        #expect(Set(Role.allCases.map(\.letter)).count == Role.allCases.count)
    }

    @Test func anEqualBufferHasNoMismatch() {
        let buffer = sample()
        #expect(buffer.mismatch(lines: ["Name ok ", " 設定   "], roles: ["HHHH.OO.", ".EEEE..."]) == nil)
        // The blank end of a row may be left out, of the text and of the roles.
        #expect(buffer.mismatch(lines: ["Name ok", " 設定"], roles: ["HHHH.OO", ".EEEE"]) == nil)
        #expect(buffer.mismatch(lines: ["Name ok", " 設定"]) == nil)
    }

    @Test func aDifferentRoleIsShownRowByRow() throws {
        let report = try #require(sample().mismatch(lines: ["Name ok", " 設定"], roles: ["HHHH.KK", ".EEEE"]))
        #expect(
            report.hasPrefix(
                """
                row 0:
                  expected  |Name ok |
                            |HHHH.KK.|
                  drawn     |Name ok |
                            |HHHH.OO.|
                drawn, each row's text over its roles:
                """))
        #expect(!report.contains("row 1:"))
        #expect(report.hasSuffix("  | 設定   |\n  |.EEEE...|"))
    }

    @Test func differentTextOrRowCountIsAMismatch() {
        let buffer = sample()
        #expect(buffer.mismatch(lines: ["Name ok", " 設"])?.contains("row 1:") == true)
        #expect(buffer.mismatch(lines: ["Name ok"])?.contains("expected 1 lines, the area has 2 rows") == true)
        // Padding is compared too: a trailing character where blanks were expected differs.
        #expect(buffer.mismatch(lines: ["Name", " 設定"]) != nil)
        #expect(buffer.mismatch(lines: ["Name ok", " 設定"], roles: ["HHHH", ".EEEE"]) != nil)
    }

    @Test func anAreaIsComparedAlone() {
        let buffer = sample()
        let area = Rect(x: 0, y: 0, width: 4, height: 1)
        #expect(buffer.mismatch(lines: ["Name"], roles: ["HHHH"], in: area) == nil)
        #expect(buffer.lines(in: Rect(x: 5, y: 0, width: 3, height: 2)) == ["ok ", "   "])
        #expect(buffer.snapshot(of: area) == "Name\nHHHH")
    }
}
