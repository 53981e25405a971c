import Testing

@testable import TerminalUI

private let screen = Rect(x: 0, y: 0, width: 40, height: 20)
private let topAnchor = Rect(x: 2, y: 1, width: 30, height: 1)
private let bottomAnchor = Rect(x: 2, y: 18, width: 30, height: 1)

private let countries = ["Deutschland", "Österreich", "Schweiz", "France", "España", "Danmark"]

private func openPicker(_ options: [String] = countries, chosen: Int? = nil) -> PickerState {
    var state = PickerState(options: options, chosen: chosen)
    #expect(state.handle(.key(.enter), anchor: topAnchor, bounds: screen) == .consumed)
    return state
}

private func type(_ text: String, into state: inout PickerState) {
    for character in text {
        #expect(state.handle(.key(.character(character)), anchor: topAnchor, bounds: screen) == .consumed)
    }
}

private func renderPopup(_ state: PickerState, anchor: Rect = topAnchor) -> (ScreenBuffer, Rect) {
    var buffer = ScreenBuffer(width: screen.width, height: screen.height)
    let area = state.popupArea(anchor: anchor, bounds: screen)
    PickerPopup(state: state).render(in: area, into: &buffer)
    return (buffer, area)
}

struct PickerTests {
    @Test func closedPickerShowsLabelValueAndArrow() {
        let state = PickerState(options: countries, chosen: 1)
        var buffer = ScreenBuffer(width: 24, height: 1)
        Picker(label: "Country", state: state, isFocused: true).render(in: buffer.bounds, into: &buffer)
        #expect(buffer.mismatch(lines: ["Country Österreich     ▾"], roles: ["........FFFFFFFFFFFFFFFF"]) == nil)

        Picker(label: "Country", state: state, isFocused: false).render(in: buffer.bounds, into: &buffer)
        #expect(buffer.mismatch(lines: ["Country Österreich     ▾"], roles: ["........................"]) == nil)
    }

    @Test func closedPickerWithoutAChoiceShowsThePlaceholder() {
        var buffer = ScreenBuffer(width: 20, height: 1)
        Picker(label: "Queue", state: PickerState(options: ["a"])).render(in: buffer.bounds, into: &buffer)
        #expect(buffer.mismatch(lines: ["Queue Choose…      ▾"], roles: ["......DDDDDDDDDDDDDD"]) == nil)
    }

    @Test func longValuesAreTruncatedAndTheLabelGivesWay() {
        let state = PickerState(options: ["A very long company name indeed"], chosen: 0)
        var buffer = ScreenBuffer(width: 16, height: 1)
        Picker(label: "Company", state: state).render(in: buffer.bounds, into: &buffer)
        #expect(buffer.line(0) == "Company A ver… ▾")
        var narrow = ScreenBuffer(width: 10, height: 1)
        Picker(label: "Company", state: state).render(in: narrow.bounds, into: &narrow)
        #expect(narrow.line(0) == "Co… A v… ▾")
    }

    @Test func enterSpaceDownAndClickOpen() {
        for event in [
            InputEvent.key(.enter), .key(.character(" ")), .key(.down), .mouse(MouseEvent(.click, x: 5, y: 1)),
        ] {
            var state = PickerState(options: countries)
            #expect(state.handle(event, anchor: topAnchor, bounds: screen) == .consumed)
            #expect(state.isOpen)
        }
        var state = PickerState(options: countries)
        #expect(state.handle(.key(.character("x")), anchor: topAnchor, bounds: screen) == .ignored)
        #expect(state.handle(.key(.up), anchor: topAnchor, bounds: screen) == .ignored)
        #expect(state.handle(.mouse(MouseEvent(.click, x: 5, y: 3)), anchor: topAnchor, bounds: screen) == .ignored)
        #expect(!state.isOpen)
    }

    @Test func openingHighlightsTheCurrentChoice() {
        let options = (0..<1_000).map { "Option \($0)" }
        let state = openPicker(options, chosen: 500)
        #expect(state.highlighted == 500)
        let (buffer, area) = renderPopup(state)
        let lines = buffer.lines
        let listLines = lines[(area.y + 2)..<(area.maxY - 1)]
        #expect(listLines.contains { $0.contains("✓ Option 500 ") })
    }

    @Test func typingFiltersIgnoringAccentsAndEnterChooses() {
        var state = openPicker()
        type("OST", into: &state)
        #expect(state.query == "OST")
        #expect(state.matchingOptions == [1])
        #expect(state.handle(.key(.enter), anchor: topAnchor, bounds: screen) == .chosen(1))
        #expect(!state.isOpen)
        #expect(state.chosenOption == "Österreich")
        #expect(state.query == "")
    }

    @Test func arrowsMoveAmongTheMatches() {
        var state = openPicker()
        type("an", into: &state)
        #expect(state.matchingOptions == [0, 3, 4, 5])
        #expect(state.handle(.key(.down), anchor: topAnchor, bounds: screen) == .consumed)
        #expect(state.handle(.key(.down), anchor: topAnchor, bounds: screen) == .consumed)
        #expect(state.highlighted == 4)
        #expect(state.handle(.key(.end), anchor: topAnchor, bounds: screen) == .consumed)
        #expect(state.handle(.key(.enter), anchor: topAnchor, bounds: screen) == .chosen(5))
    }

    @Test func backspaceWidensTheSearchAndKeepsTheHighlight() {
        var state = openPicker()
        type("dan", into: &state)
        #expect(state.matchingOptions == [5])
        #expect(state.handle(.key(.backspace), anchor: topAnchor, bounds: screen) == .consumed)
        #expect(state.query == "da")
        #expect(state.matchingOptions == [5])
        #expect(state.handle(.key(.backspace), anchor: topAnchor, bounds: screen) == .consumed)
        #expect(state.matchingOptions == [0, 5])
        #expect(state.highlighted == 5)
        _ = state.handle(.key(.backspace), anchor: topAnchor, bounds: screen)
        #expect(state.handle(.key(.backspace), anchor: topAnchor, bounds: screen) == .consumed)
        #expect(state.query == "")
        #expect(state.matchingOptions.count == countries.count)
    }

    @Test func pastedTextIsSearchedWithoutLineBreaks() {
        var state = openPicker()
        #expect(state.handle(.text("Schw\neiz"), anchor: topAnchor, bounds: screen) == .consumed)
        #expect(state.query == "Schweiz")
        #expect(state.matchingOptions == [2])
    }

    @Test func escapeClosesWithoutChanging() {
        var state = openPicker(chosen: 3)
        type("de", into: &state)
        #expect(state.handle(.key(.escape), anchor: topAnchor, bounds: screen) == .cancelled)
        #expect(!state.isOpen)
        #expect(state.chosen == 3)
        #expect(state.query == "")
    }

    @Test func tabClosesAndLeavesTheKeyToTheScreen() {
        var state = openPicker(chosen: 2)
        #expect(state.handle(.key(.tab), anchor: topAnchor, bounds: screen) == .ignored)
        #expect(!state.isOpen)
        #expect(state.chosen == 2)
    }

    @Test func enterWithNoMatchesDoesNothing() {
        var state = openPicker()
        type("zz", into: &state)
        #expect(state.handle(.key(.enter), anchor: topAnchor, bounds: screen) == .consumed)
        #expect(state.isOpen)
        #expect(state.chosen == nil)
        let (buffer, area) = renderPopup(state)
        #expect(buffer.line(area.y + 2).contains("No matches for “zz”"))
    }

    @Test func clickChoosesAnOptionAndClickOutsideCancels() {
        var state = openPicker()
        let area = state.popupArea(anchor: topAnchor, bounds: screen)
        // Border, search line, then options.
        let result = state.handle(
            .mouse(MouseEvent(.click, x: area.x + 3, y: area.y + 4)), anchor: topAnchor, bounds: screen)
        #expect(result == .chosen(2))
        #expect(state.chosenOption == "Schweiz")

        state.open()
        #expect(state.handle(.mouse(MouseEvent(.click, x: 39, y: 19)), anchor: topAnchor, bounds: screen) == .cancelled)
        #expect(!state.isOpen)
        #expect(state.chosen == 2)
    }

    @Test func popupOpensBelowWhenItFitsAndAboveNearTheBottom() {
        let state = PickerState(options: countries)
        let below = state.popupArea(anchor: topAnchor, bounds: screen)
        #expect(below == Rect(x: 2, y: 2, width: 30, height: countries.count + 3))
        let above = state.popupArea(anchor: bottomAnchor, bounds: screen)
        #expect(above == Rect(x: 2, y: 18 - (countries.count + 3), width: 30, height: countries.count + 3))
        #expect(above.maxY == bottomAnchor.y)
    }

    @Test func popupTakesTheRoomierSideAndShrinksWhenNeitherFits() {
        let state = PickerState(options: (0..<100).map { "Option \($0)" })
        let short = Rect(x: 0, y: 0, width: 40, height: 10)
        let nearBottom = state.popupArea(anchor: Rect(x: 0, y: 7, width: 10, height: 1), bounds: short)
        #expect(nearBottom == Rect(x: 0, y: 0, width: 24, height: 7))
        let nearTop = state.popupArea(anchor: Rect(x: 30, y: 2, width: 10, height: 1), bounds: short)
        #expect(nearTop == Rect(x: 16, y: 3, width: 24, height: 7))
    }

    @Test func pageKeysUseThePopupHeight() {
        let options = (0..<100).map { "Option \($0)" }
        var state = openPicker(options)
        #expect(state.handle(.key(.pageDown), anchor: topAnchor, bounds: screen) == .consumed)
        #expect(state.highlighted == 10)
        var short = openPicker(options)
        let anchor = Rect(x: 0, y: 7, width: 30, height: 1)
        let bounds = Rect(x: 0, y: 0, width: 40, height: 10)
        #expect(short.handle(.key(.pageDown), anchor: anchor, bounds: bounds) == .consumed)
        #expect(short.highlighted == 4)
    }

    @Test func popupShowsSearchHighlightAndChoice() {
        var state = openPicker(chosen: 0)
        type("n", into: &state)
        _ = state.handle(.key(.down), anchor: topAnchor, bounds: screen)
        let (buffer, area) = renderPopup(state)
        let search = buffer.line(area.y + 1)
        #expect(search.hasPrefix("  │› n "))
        #expect(search.contains("2/4"))
        #expect(buffer[area.x + 4, area.y + 1].role == .focus)  // the caret
        let first = area.y + 2
        #expect(buffer.line(first).contains("│✓ Deutschland"))
        #expect(buffer.line(first + 1).contains("│  France"))
        #expect(buffer[area.x + 1, first + 1].role == .focus)
        #expect(buffer[area.x + 1, first].role == .normal)
        #expect(buffer.line(first + 2).contains("│  España"))
        #expect(buffer.line(area.maxY - 1).contains("└"))
    }

    @Test func longQueriesShowTheirEnd() {
        #expect(PickerPopup.tail(of: "abcdefgh", fitting: 5) == "…efgh")
        #expect(PickerPopup.tail(of: "abc", fitting: 5) == "abc")
        #expect(PickerPopup.tail(of: "日本語", fitting: 4) == "…語")
    }

    @Test func staysCorrectWithSixtyThousandOptions() {
        let options = (0..<60_000).map { "Company \($0) Société" }
        var state = openPicker(options)
        type("4711", into: &state)
        #expect(
            state.matchingOptions == [
                4_711, 14_711, 24_711, 34_711, 44_711, 47_110, 47_111, 47_112, 47_113,
                47_114, 47_115, 47_116, 47_117, 47_118, 47_119, 54_711,
            ])
        type(" soc", into: &state)
        #expect(state.matchingOptions == [4_711, 14_711, 24_711, 34_711, 44_711, 54_711])
        let (buffer, area) = renderPopup(state)
        #expect(buffer.line(area.y + 2).contains("Company 4711 Société"))
        #expect(buffer.line(area.y + 1).contains("1/6"))
    }

    @Test func popupNeverDrawsOutsideItsArea() {
        let state = openPicker(countries)
        var buffer = ScreenBuffer(width: screen.width, height: screen.height)
        buffer.fill(screen, with: "x")
        let area = state.popupArea(anchor: bottomAnchor, bounds: screen)
        PickerPopup(state: state).render(in: area, into: &buffer)
        for y in 0..<screen.height {
            for x in 0..<screen.width where !area.contains(x: x, y: y) {
                #expect(buffer[x, y] == Cell("x"))
            }
        }
    }
}
