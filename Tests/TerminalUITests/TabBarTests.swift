import Testing

@testable import TerminalUI

@Suite struct TabBarTests {
    private let titles = ["Credentials", "Account Mapping", "Ticket Settings"]

    /// The columns of `text` in the first row.
    private func columns(of text: String, in buffer: ScreenBuffer) -> Range<Int>? {
        let line = buffer.lines[0]
        guard let range = line.range(of: text) else { return nil }
        let start = DisplayWidth.columns(of: line[..<range.lowerBound])
        return start..<(start + DisplayWidth.columns(of: text))
    }

    // MARK: - State

    @Test func arrowsSkipDisabledTabsAndStopAtTheEnds() {
        var state = TabBarState(tabCount: 4, isEnabled: [true, false, true, true])
        #expect(state.handle(.key(.right)) == true)
        #expect(state.selectedIndex == 2)
        #expect(state.handle(.key(.right)) == true)
        #expect(state.selectedIndex == 3)
        #expect(state.handle(.key(.right)) == false)
        #expect(state.selectedIndex == 3)
        #expect(state.handle(.key(.left)) == true)
        #expect(state.handle(.key(.left)) == true)
        #expect(state.selectedIndex == 0)
        #expect(state.handle(.key(.left)) == false)
    }

    @Test func digitsJumpToEnabledTabs() {
        var state = TabBarState(tabCount: 3, isEnabled: [true, false, true])
        #expect(state.handle(.key(.character("3"))) == true)
        #expect(state.selectedIndex == 2)
        #expect(state.handle(.key(.character("2"))) == false)
        #expect(state.handle(.key(.character("9"))) == false)
        #expect(state.handle(.key(.character("x"))) == false)
        #expect(state.handle(.key(.tab)) == false)
        #expect(state.selectedIndex == 2)
    }

    @Test func aDisabledTabIsNeverSelected() {
        var state = TabBarState(tabCount: 3, selectedIndex: 1, isEnabled: [true, false, true])
        #expect(state.selectedIndex == 2)
        #expect(state.select(1) == false)
        state.setEnabled(false, at: 2)
        #expect(state.selectedIndex == 0)
        state.setEnabled(true, at: 1)
        #expect(state.select(1) == true)
    }

    // MARK: - Rendering

    @Test func drawsNumberedTabsWithSeparators() {
        let buffer = rendered(TabBar(titles: titles, selectedIndex: 0), width: 60)
        #expect(buffer.lines[0].hasPrefix(" 1 Credentials │ 2 Account Mapping │ 3 Ticket Settings "))
    }

    @Test func selectedTabIsSelectionOrFocusWhenTheBarHasFocus() throws {
        let bar = TabBar(titles: titles, selectedIndex: 1, isEnabled: [true, true, false])
        let buffer = rendered(bar, width: 60)
        let selected = try #require(columns(of: " 2 Account Mapping ", in: buffer))
        #expect(selected.allSatisfy { buffer[$0, 0].role == .selection })
        #expect(buffer[selected.lowerBound - 1, 0].role == .normal)  // the separator
        #expect(buffer[1, 0].role == .normal)
        let disabled = try #require(columns(of: "3 Ticket Settings", in: buffer))
        #expect(disabled.allSatisfy { buffer[$0, 0].role == .disabled })

        var focusedBar = bar
        focusedBar.isFocused = true
        let focused = rendered(focusedBar, width: 60)
        #expect(selected.allSatisfy { focused[$0, 0].role == .focus })
        #expect(focused[1, 0].role == .normal)
    }

    @Test func stateDrivesTheBar() {
        var state = TabBarState(tabCount: 3)
        state.handle(.key(.right))
        let buffer = rendered(TabBar(titles: titles, state: state, isFocused: true), width: 60)
        #expect(buffer[columns(of: "2 Account", in: buffer)!.lowerBound, 0].role == .focus)
    }

    @Test func narrowBarShortensTheLongestTitlesFirst() {
        let buffer = rendered(
            TabBar(titles: ["Home", "Account Mapping", "Ticket Settings"], selectedIndex: 0), width: 36)
        #expect(buffer.lines == [" 1 Home │ 2 Account… │ 3 Ticket S…  "])
    }

    @Test func veryNarrowBarKeepsOnlyTheSelectedTitle() {
        let buffer = rendered(TabBar(titles: titles, selectedIndex: 1), width: 16)
        #expect(buffer.lines == [" 1 │ 2 Acc… │ 3 "])
        #expect(buffer[6, 0].role == .selection)
    }

    @Test func tinyBarShowsOnlyTheSelectedTab() {
        let buffer = rendered(TabBar(titles: titles, selectedIndex: 1), width: 8)
        #expect(buffer.lines == [" 2 Acco…"])
        #expect((0..<8).allSatisfy { buffer[$0, 0].role == .selection })
    }

    @Test func wideGlyphTitlesFitByColumns() {
        let wide = ["設定", "アカウント対応", "チケット"]
        let full = rendered(TabBar(titles: wide, selectedIndex: 2), width: 40)
        #expect(full.lines[0].hasPrefix(" 1 設定 │ 2 アカウント対応 │ 3 チケット "))
        for width in 5...40 {
            let buffer = rendered(TabBar(titles: wide, selectedIndex: 2), width: width)
            // Every glyph is whole: the row's text is exactly as wide as the bar.
            #expect(DisplayWidth.columns(of: buffer.lines[0]) == width, "width \(width)")
        }
        let narrow = rendered(TabBar(titles: wide, selectedIndex: 2), width: 26)
        #expect(narrow.lines[0].contains("…"))
        #expect(narrow.lines[0].contains("2 ア…"))
        #expect(narrow.lines[0].contains("3 チ…"))
    }

    @Test func neverDrawsOutsideItsArea() {
        var buffer = ScreenBuffer(width: 30, height: 3, fill: Cell("#"))
        TabBar(titles: titles, selectedIndex: 2, isFocused: true).render(
            in: Rect(x: 4, y: 1, width: 20, height: 1), into: &buffer)
        #expect(buffer.lines[0] == String(repeating: "#", count: 30))
        #expect(buffer.lines[2] == String(repeating: "#", count: 30))
        #expect(buffer.lines[1].hasPrefix("####"))
        #expect(buffer.lines[1].hasSuffix("######"))
    }
}
