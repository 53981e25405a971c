import Foundation
import Testing

@testable import TerminalUI

private struct Company: Sendable {
    var name: String
    var id: Int
    var city: String = ""
}

private let nameColumn = TableColumn<Company>("Name", width: .fill(1)) { $0.name }
private let idColumn = TableColumn<Company>(
    "ID", width: .fixed(6), alignment: .trailing, text: { String($0.id) }, sortKey: { .number(Double($0.id)) })

private func companies(_ names: [String]) -> [Company] {
    names.enumerated().map { Company(name: $1, id: $0) }
}

private func makeState(_ names: [String]) -> TableState<Company> {
    TableState(columns: [nameColumn, idColumn], rows: companies(names))
}

private func names(_ state: TableState<Company>) -> [String] {
    state.visibleRows.map { state.rows[$0].name }
}

private func render(_ state: TableState<Company>, focused: Bool = true, width: Int = 30, height: Int = 6)
    -> ScreenBuffer
{
    var buffer = ScreenBuffer(width: width, height: height)
    Table(state: state, isFocused: focused).render(in: buffer.bounds, into: &buffer)
    return buffer
}

/// Deterministic names with many shared substrings, so filters match in interesting ways.
private func generatedNames(count: Int) -> [String] {
    let words = ["Société", "Acme", "Nord", "Sud", "Bäckerei", "Andersen", "Data", "Øst", "Plan", "Café"]
    var seed: UInt64 = 42
    return (0..<count).map { index in
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let first = words[Int(seed >> 33) % words.count]
        let second = words[Int(seed >> 45) % words.count]
        return "\(first) \(second) \(index)"
    }
}

/// Folding by Foundation alone, independent of the fast path under test.
private func folded(_ text: String) -> String {
    text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
}

/// Counts how often a column reads a row; a class because the column's closure must share it.
private final class CallCounter: @unchecked Sendable {
    var calls = 0
}

struct TableTests {
    // MARK: Sorting

    @Test func sortsTextIgnoringCaseAndAccentsAndTogglesDirection() {
        var state = makeState(["beta", "Álpha", "Gamma", "alpha2"])
        state.sort(by: 0)
        #expect(names(state) == ["Álpha", "alpha2", "beta", "Gamma"])
        #expect(state.sortDirection == .ascending)
        state.sort(by: 0)
        #expect(names(state) == ["Gamma", "beta", "alpha2", "Álpha"])
        #expect(state.sortDirection == .descending)
    }

    @Test func sortIsStableInBothDirections() {
        let rows = [("b", 1), ("a", 2), ("B", 3), ("a", 4), ("b", 5)].map { Company(name: $0.0, id: $0.1) }
        var state = TableState(columns: [nameColumn, idColumn], rows: rows)
        state.sort(by: 0, direction: .ascending)
        #expect(state.visibleRows.map { state.rows[$0].id } == [2, 4, 1, 3, 5])
        state.sort(by: 0, direction: .descending)
        #expect(state.visibleRows.map { state.rows[$0].id } == [1, 3, 5, 2, 4])
    }

    @Test func numericSortKeySortsNumbersAsNumbers() {
        let rows = [9, 10, 100, 2].map { Company(name: "x", id: $0) }
        var state = TableState(columns: [nameColumn, idColumn], rows: rows)
        state.sort(by: 1)
        #expect(state.visibleRows.map { state.rows[$0].id } == [2, 9, 10, 100])
    }

    @Test func sortKeysAreComputedOncePerColumn() {
        let counter = CallCounter()
        let column = TableColumn<Company>("Name") {
            counter.calls += 1
            return $0.name
        }
        var state = TableState(columns: [column], rows: companies(["c", "a", "b"]), searchText: { $0.name })
        state.sort(by: 0)
        state.sort(by: 0)
        state.sort(by: 0)
        #expect(counter.calls == 3)
        #expect(names(state) == ["a", "b", "c"])
    }

    @Test func clearingTheSortRestoresRowOrder() {
        var state = makeState(["c", "a", "b"])
        state.sort(by: 0)
        state.sort(by: nil, direction: .ascending)
        #expect(names(state) == ["c", "a", "b"])
        #expect(state.sortColumn == nil)
    }

    // MARK: Filtering

    @Test func filterIgnoresCaseAndAccents() {
        var state = makeState(["Société Générale", "SOCIETE Anonyme", "Acme", "Crème Brûlée Ltd"])
        state.setFilter("societe")
        #expect(names(state) == ["Société Générale", "SOCIETE Anonyme"])
        state.setFilter("CREME BRU")
        #expect(names(state) == ["Crème Brûlée Ltd"])
        state.setFilter("")
        #expect(state.visibleRows.count == 4)
    }

    @Test func decomposedAccentsMatchPrecomposedQueries() {
        var state = makeState(["Cafe\u{301}s du Nord", "Cafes"])
        state.setFilter("cafés du")
        #expect(names(state) == ["Cafe\u{301}s du Nord"])
    }

    @Test func filterMatchesAnyCellByDefaultButNotAcrossCells() {
        let rows = [Company(name: "Acme", id: 4711), Company(name: "Globex", id: 12)]
        var state = TableState(columns: [nameColumn, idColumn], rows: rows)
        state.setFilter("4711")
        #expect(names(state) == ["Acme"])
        state.setFilter("acme4711")
        #expect(state.visibleRows.isEmpty)
    }

    @Test func incrementalFilterGivesTheSameRowsAsAFullFilter() {
        let names = generatedNames(count: 5_000)
        var typed = TextFilter(searchTexts: names)
        var previousMatchCount = names.count
        for query in ["a", "an", "and", "ande", "ander"] {
            typed.setQuery(query)
            var fresh = TextFilter(searchTexts: names)
            fresh.setQuery(query)
            #expect(typed.matches == fresh.matches, "query \(query)")
            #expect(typed.matches == names.indices.filter { folded(names[$0]).contains(query) })
            if query.count > 1 {
                // Only the rows that matched the shorter query were tested again.
                #expect(typed.rowsTestedByLastQuery == previousMatchCount)
            }
            previousMatchCount = typed.matches.count
        }
        #expect(previousMatchCount > 0 && previousMatchCount < names.count)
    }

    @Test func deletingACharacterRetestsAllRows() {
        let names = generatedNames(count: 1_000)
        var filter = TextFilter(searchTexts: names)
        filter.setQuery("data")
        filter.setQuery("dat")
        #expect(filter.rowsTestedByLastQuery == names.count)
        var fresh = TextFilter(searchTexts: names)
        fresh.setQuery("dat")
        #expect(filter.matches == fresh.matches)
    }

    @Test func filterKeepsTheSortOrder() {
        var state = makeState(generatedNames(count: 300))
        state.sort(by: 0, direction: .descending)
        state.setFilter("øst")
        let shown = names(state)
        #expect(!shown.isEmpty)
        #expect(shown == shown.sorted { folded($0) > folded($1) })
        #expect(shown.allSatisfy { $0.contains("Øst") })
    }

    @Test func selectionFollowsTheRowAcrossFilterAndSort() {
        var state = makeState(["Delta", "Alpha", "Charlie", "Bravo", "Alpine"])
        state.select(row: 4)
        #expect(state.selectedItem?.name == "Alpine")
        state.setFilter("al")
        #expect(names(state) == ["Alpha", "Alpine"])
        #expect(state.selectedItem?.name == "Alpine")
        state.sort(by: 0, direction: .descending)
        #expect(state.selectedItem?.name == "Alpine")
        #expect(state.cursor.position == 0)
        state.setFilter("")
        #expect(state.selectedItem?.name == "Alpine")
        state.setFilter("bravo")
        #expect(state.selectedItem?.name == "Bravo")
        state.setFilter("nothing like it")
        #expect(state.selectedRow == nil)
    }

    // MARK: Keys and mouse

    @Test func keysMoveTheHighlightByRowAndPage() {
        var state = makeState((0..<20).map { "Row \($0)" })
        let area = Rect(x: 0, y: 0, width: 30, height: 6)  // a header and five rows
        #expect(state.handle(.key(.down), in: area) == true)
        #expect(state.selectedRow == 1)
        #expect(state.handle(.key(.pageDown), in: area) == true)
        #expect(state.selectedRow == 6)
        #expect(state.handle(.key(.end), in: area) == true)
        #expect(state.selectedRow == 19)
        #expect(state.handle(.key(.pageUp), in: area) == true)
        #expect(state.selectedRow == 14)
        #expect(state.handle(.key(.home), in: area) == true)
        #expect(state.selectedRow == 0)
        #expect(state.handle(.key(.up), in: area) == true)
        #expect(state.selectedRow == 0)
        #expect(state.handle(.key(.character("x")), in: area) == false)
        #expect(state.handle(.text("abc"), in: area) == false)
    }

    @Test func theViewportFollowsTheHighlight() {
        var state = makeState((0..<20).map { "Row \($0)" })
        let area = Rect(x: 0, y: 0, width: 30, height: 6)
        for _ in 0..<7 { _ = state.handle(.key(.down), in: area) }
        let lines = render(state).lines
        #expect(lines[1].hasPrefix("Row 3 "))
        #expect(lines[5].hasPrefix("Row 7 "))
    }

    @Test func clickSelectsARowAndClickOnAHeaderSorts() {
        var state = makeState(["c", "a", "b", "d"])
        let area = Rect(x: 2, y: 3, width: 30, height: 6)
        #expect(state.handle(.mouse(MouseEvent(.click, x: 5, y: 6)), in: area) == true)
        #expect(state.selectedItem?.name == "b")
        #expect(state.handle(.mouse(MouseEvent(.click, x: 5, y: 1)), in: area) == false)
        #expect(state.handle(.mouse(MouseEvent(.click, x: 5, y: 8)), in: area) == true)
        #expect(state.selectedItem?.name == "b")  // below the last row: nothing to select
        #expect(state.handle(.mouse(MouseEvent(.click, x: 4, y: 3)), in: area) == true)
        #expect(state.sortColumn == 0)
        #expect(names(state) == ["a", "b", "c", "d"])
        #expect(state.handle(.mouse(MouseEvent(.click, x: 30, y: 3)), in: area) == true)
        #expect(state.sortColumn == 1)
    }

    @Test func wheelScrollsAndDragsTheHighlightAlong() {
        var state = makeState((0..<20).map { "Row \($0)" })
        let area = Rect(x: 0, y: 0, width: 30, height: 6)
        #expect(state.handle(.mouse(MouseEvent(.scrollDown, x: 1, y: 2)), in: area) == true)
        #expect(state.cursor.firstVisible(height: 5) == 3)
        #expect(state.selectedRow == 3)
        #expect(render(state).lines[1].hasPrefix("Row 3 "))
        _ = state.handle(.mouse(MouseEvent(.scrollUp, x: 1, y: 2)), in: area)
        #expect(state.cursor.firstVisible(height: 5) == 0)
        #expect(state.selectedRow == 3)
    }

    // MARK: Rendering

    @Test func rendersOnlyTheRowsOnScreen() {
        let counter = CallCounter()
        let column = TableColumn<Int>("N") {
            counter.calls += 1
            return String($0)
        }
        var state = TableState(columns: [column, column], rows: Array(0..<100_000), searchText: { String($0) })
        state.setFilter("7")
        let area = Rect(x: 0, y: 0, width: 40, height: 41)
        _ = state.handle(.key(.pageDown), in: area)
        counter.calls = 0
        var buffer = ScreenBuffer(width: 40, height: 41)
        Table(state: state).render(in: area, into: &buffer)
        #expect(counter.calls == 40 * 2)
    }

    @Test func headerShowsTitlesSortArrowAndPosition() {
        var state = makeState(["Acme", "Globex", "Initech"])
        var header = render(state).line(0)
        #expect(header.hasPrefix("Name "))
        #expect(header.hasSuffix(" ID 1/3"))
        state.sort(by: 0)
        header = render(state).line(0)
        #expect(header.hasPrefix("Name ▲ "))
        state.sort(by: 0)
        _ = state.handle(.key(.end), in: Rect(x: 0, y: 0, width: 30, height: 6))
        header = render(state).line(0)
        #expect(header.hasPrefix("Name ▼ "))
        #expect(header.hasSuffix("3/3"))
        let buffer = render(state)
        #expect((0..<buffer.width).allSatisfy { buffer[$0, 0].role == .header })
    }

    @Test func sortArrowSurvivesANarrowColumn() {
        let column = TableColumn<Company>("Company name", width: .fixed(6)) { $0.name }
        var state = TableState(columns: [column], rows: companies(["a"]))
        state.sort(by: 0)
        let header = render(state, width: 30).line(0)
        #expect(header.hasPrefix("Com… ▲"))
    }

    @Test func positionUsesThousandsSeparators() {
        #expect(ListCursor(count: 50_000, position: 122).positionLabel == "123/50,000")
        #expect(ListCursor(count: 999).positionLabel == "1/999")
        #expect(ListCursor(count: 1_234_567).positionLabel == "1/1,234,567")
        #expect(ListCursor().positionLabel == "")
    }

    @Test func highlightIsFocusWhenFocusedAndSelectionOtherwise() {
        var state = makeState(["Acme", "Globex"])
        state.select(row: 1)
        let focused = render(state, focused: true)
        #expect((0..<30).allSatisfy { focused[$0, 2].role == .focus })
        #expect(focused[0, 1].role == .normal)
        let unfocused = render(state, focused: false)
        #expect((0..<30).allSatisfy { unfocused[$0, 2].role == .selection })
    }

    @Test func cellsAreTruncatedAndAligned() {
        let rows = [Company(name: "日本語テキスト株式会社", id: 1_234_567), Company(name: "Short", id: 5)]
        let state = TableState(columns: [nameColumn, idColumn], rows: rows)
        let buffer = render(state, focused: false, width: 14, height: 3)
        // Name gets 14 - 6 - 1 = 7 columns: three wide glyphs would need 6 plus "…".
        #expect(buffer.line(1) == "日本語… 12345…")
        #expect(buffer[1, 1].isContinuation)
        #expect(buffer.line(2) == "Short        5")
    }

    @Test func aWideGlyphThatDoesNotFitIsNotSplit() {
        let column = TableColumn<Company>("N", width: .fixed(4)) { $0.name }
        let state = TableState(columns: [column, column], rows: [Company(name: "a日本", id: 0)])
        let buffer = render(state, focused: false, width: 9, height: 2)
        #expect(buffer.line(1) == "a日… a日…")
        #expect(buffer[2, 1].isContinuation)
        #expect(buffer[3, 1].text == "…")
    }

    @Test func controlCharactersInCellsAreEscaped() {
        let state = makeState(["Evil\u{1B}[2J"])
        #expect(render(state).line(1).hasPrefix("Evil\\e[2J"))
    }

    @Test func emptyTableAndEmptyFilterSayWhy() {
        let empty = makeState([])
        #expect(render(empty).line(1).contains("Nothing to show"))
        var filtered = makeState(["Acme"])
        filtered.setFilter("xyz")
        #expect(render(filtered).line(1).contains("No matches for “xyz”"))
        #expect(render(filtered).line(2).allSatisfy { $0 == " " })
        #expect(!render(filtered).line(0).contains("/"))
    }

    @Test func neverDrawsOutsideItsArea() {
        var state = makeState((0..<50).map { "A long company name number \($0)" })
        state.sort(by: 0)
        let area = Rect(x: 3, y: 2, width: 20, height: 5)
        var buffer = ScreenBuffer(width: 30, height: 10, fill: Cell("x"))
        Table(state: state, isFocused: true).render(in: area, into: &buffer)
        for y in 0..<10 {
            for x in 0..<30 where !area.contains(x: x, y: y) {
                #expect(buffer[x, y] == Cell("x"), "cell \(x),\(y)")
            }
        }
        #expect(buffer.line(2).contains("▲"))
    }

    @Test func setRowsKeepsSortAndFilter() {
        var state = makeState(["b", "a"])
        state.sort(by: 0)
        state.setFilter("a")
        state.setRows(companies(["zeta", "alpha", "gamma", "beta"]))
        #expect(names(state) == ["alpha", "beta", "gamma", "zeta"])
        #expect(state.filterQuery == "a")
    }
}
