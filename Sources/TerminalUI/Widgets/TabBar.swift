/// Which tab of a tab bar is selected, and which tabs can be selected at all.
public struct TabBarState: Hashable, Sendable {
    /// One flag per tab.
    public private(set) var isEnabled: [Bool]
    public private(set) var selectedIndex: Int

    /// Starts on `selectedIndex`, or on the first enabled tab after it when that one is
    /// disabled. Missing `isEnabled` flags count as enabled.
    public init(tabCount: Int, selectedIndex: Int = 0, isEnabled: [Bool] = []) {
        let count = max(0, tabCount)
        self.isEnabled = (0..<count).map { $0 < isEnabled.count ? isEnabled[$0] : true }
        self.selectedIndex = min(max(0, selectedIndex), max(0, count - 1))
        self.selectedIndex = nearestEnabled(to: self.selectedIndex)
    }

    public var tabCount: Int { isEnabled.count }

    public func isTabEnabled(_ index: Int) -> Bool { isEnabled.indices.contains(index) && isEnabled[index] }

    /// Selects `index` if it is an enabled tab; returns whether it did.
    @discardableResult
    public mutating func select(_ index: Int) -> Bool {
        guard isTabEnabled(index) else { return false }
        selectedIndex = index
        return true
    }

    /// Enables or disables a tab. Disabling the selected tab moves the selection to the
    /// nearest enabled tab, since a screen cannot stay on a tab the user may not open.
    public mutating func setEnabled(_ enabled: Bool, at index: Int) {
        guard isEnabled.indices.contains(index) else { return }
        isEnabled[index] = enabled
        if index == selectedIndex { selectedIndex = nearestEnabled(to: index) }
    }

    /// ← and → move to the previous or next enabled tab, skipping disabled ones, and stop at
    /// the ends; the digits 1 to 9 jump to that tab. Returns true when the selection changed,
    /// so that a key with nowhere to go is left to the screen.
    @discardableResult
    public mutating func handle(_ event: InputEvent) -> Bool {
        guard case .key(let key) = event else { return false }
        switch key {
        case .left:
            guard let index = nextEnabled(from: selectedIndex, step: -1) else { return false }
            selectedIndex = index
            return true
        case .right:
            guard let index = nextEnabled(from: selectedIndex, step: 1) else { return false }
            selectedIndex = index
            return true
        case .character(let character):
            guard let digit = character.wholeNumberValue, (1...9).contains(digit), digit - 1 != selectedIndex else {
                return false
            }
            return select(digit - 1)
        default:
            return false
        }
    }

    /// `index` if enabled, else the next enabled tab after it, else the one before it.
    private func nearestEnabled(to index: Int) -> Int {
        if isTabEnabled(index) { return index }
        return nextEnabled(from: index, step: 1) ?? nextEnabled(from: index, step: -1) ?? index
    }

    private func nextEnabled(from index: Int, step: Int) -> Int? {
        var candidate = index + step
        while isEnabled.indices.contains(candidate) {
            if isEnabled[candidate] { return candidate }
            candidate += step
        }
        return nil
    }
}

/// A row of numbered tabs: ` 1 Credentials │ 2 Account Mapping │ 3 Ticket Settings `.
///
/// The selected tab is drawn in `.selection`, or in `.focus` while the bar itself has focus
/// (so a monochrome theme shows where the keys go); disabled tabs in `.disabled`. When the
/// row is too narrow, titles are shortened with "…", longest first; then only the selected
/// tab keeps a title and the others show their number; at last only the selected tab is drawn.
public struct TabBar: Widget {
    public var titles: [String]
    public var selectedIndex: Int
    /// One flag per title; missing flags count as enabled.
    public var isEnabled: [Bool]
    public var isFocused: Bool

    public init(titles: [String], selectedIndex: Int, isEnabled: [Bool] = [], isFocused: Bool = false) {
        self.titles = titles
        self.selectedIndex = selectedIndex
        self.isEnabled = isEnabled
        self.isFocused = isFocused
    }

    public init(titles: [String], state: TabBarState, isFocused: Bool = false) {
        self.init(titles: titles, selectedIndex: state.selectedIndex, isEnabled: state.isEnabled, isFocused: isFocused)
    }

    static let separator = "│"

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.width > 0, area.height > 0 else { return }
        buffer.put(String(repeating: " ", count: area.width), x: area.x, y: area.y, limit: area.width)
        guard !titles.isEmpty else { return }
        let labels = fittedLabels(width: area.width)
        var x = area.x
        for (index, label) in labels.enumerated() {
            guard let label else { continue }
            if x > area.x {
                x += buffer.put(Self.separator, x: x, y: area.y, limit: area.maxX - x)
            }
            x += buffer.put(label, x: x, y: area.y, role: role(of: index), limit: area.maxX - x)
        }
    }

    func role(of index: Int) -> Role {
        if index == selectedIndex { return isFocused ? .focus : .selection }
        let enabled = index < isEnabled.count ? isEnabled[index] : true
        return enabled ? .normal : .disabled
    }

    /// The text of each tab as drawn, nil for a tab left out; they fit in `width` columns
    /// with one separator between neighbours.
    func fittedLabels(width: Int) -> [String?] {
        let safeTitles = titles.map { TerminalSafeText.escaped($0) }
        let numbers = titles.indices.map { String($0 + 1) }
        func label(_ index: Int, _ title: String?) -> String {
            guard let title, !title.isEmpty else { return " " + numbers[index] + " " }
            return " " + numbers[index] + " " + title + " "
        }

        let separators = titles.count - 1
        // Columns left for titles once numbers, padding and separators are placed.
        let frame = separators + numbers.reduce(0) { $0 + $1.count + 3 }
        let titleBudget = width - frame
        let titleWidths = safeTitles.map { DisplayWidth.columns(of: $0) }

        if titleWidths.reduce(0, +) <= titleBudget {
            return titles.indices.map { label($0, safeTitles[$0]) }
        }
        // The widest cap on title widths that fits; a title needs two columns to show
        // anything besides "…".
        if let cap = Self.largestCap(titleWidths, budget: titleBudget), cap >= 2 {
            return titles.indices.map { label($0, Self.shortened(safeTitles[$0], to: cap)) }
        }
        let selected = titles.indices.contains(selectedIndex) ? selectedIndex : 0
        let numbersOnly = separators + numbers.reduce(0) { $0 + $1.count + 2 }
        if numbersOnly <= width {
            // Every tab but the selected one is " n "; the selected one gets what is left.
            let room = width - numbersOnly - 1
            return titles.indices.map { index in
                guard index == selected, room >= 2 else { return label(index, nil) }
                return label(index, Self.shortened(safeTitles[index], to: room))
            }
        }
        var labels = [String?](repeating: nil, count: titles.count)
        labels[selected] = Self.shortened(label(selected, safeTitles[selected]), to: width)
        return labels
    }

    /// `text` cut to `width` columns with "…", without a space before the "…" ("Account…",
    /// not "Account …").
    static func shortened(_ text: String, to width: Int) -> String {
        let fitted = TextFitting.truncated(text, to: width)
        guard fitted.count < text.count, fitted.hasSuffix("…") else { return fitted }
        var kept = fitted.dropLast()
        while kept.last == " " { kept = kept.dropLast() }
        return String(kept) + "…"
    }

    /// The largest `cap` such that the widths, each limited to `cap`, sum to at most `budget`.
    static func largestCap(_ widths: [Int], budget: Int) -> Int? {
        guard budget >= 0 else { return nil }
        var low = 0
        var high = widths.max() ?? 0
        while low < high {
            let middle = (low + high + 1) / 2
            if widths.reduce(0, { $0 + min($1, middle) }) <= budget { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
