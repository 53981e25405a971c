/// How far long work has got: `███████░░░░   42%  (4,200 of 10,000)`.
///
/// The filled part is `.ok` and the rest `.disabled`, and the glyphs differ, so the bar
/// reads in a monochrome theme too. The bar's width depends only on the area and on the
/// total, never on the count done so far, so it does not jitter while work progresses.
/// Bad input is clamped: NaN and negative fractions show as 0, fractions above 1 as 1,
/// a count above its total as the total.
public struct ProgressBar: Widget {
    public enum Progress: Hashable, Sendable {
        case fraction(Double)
        /// Items done out of `total`; a nil or negative total is unknown.
        case count(done: Int, total: Int?)
    }

    public var progress: Progress

    public init(fraction: Double) {
        progress = .fraction(fraction)
    }

    public init(done: Int, total: Int?) {
        progress = .count(done: done, total: total)
    }

    static let filledGlyph = "█"
    static let emptyGlyph = "░"
    static let minimumBarWidth = 4

    /// The fraction done in 0...1, or nil when the total is unknown.
    public var fraction: Double? {
        switch progress {
        case .fraction(let value):
            guard !value.isNaN else { return 0 }
            return min(1, max(0, value))
        case .count(let done, let total):
            guard let total, total >= 0 else { return nil }
            // Nothing to do is all done.
            guard total > 0 else { return 1 }
            return Double(min(max(0, done), total)) / Double(total)
        }
    }

    /// "42%", rounded down so that 100% means finished.
    public var percentText: String? {
        guard let fraction else { return nil }
        var percent = Int((fraction * 100 + 1e-9).rounded(.down))
        if fraction < 1 { percent = min(percent, 99) }
        return String(percent) + "%"
    }

    /// "(4,200 of 10,000)" for a known total, "4,200 done, total unknown" otherwise; nil for
    /// a plain fraction.
    public var countText: String? {
        guard case .count(let done, let total) = progress else { return nil }
        let doneSoFar = max(0, done)
        guard let total, total >= 0 else { return NumberText.grouped(doneSoFar) + " done, total unknown" }
        return "(" + NumberText.grouped(min(doneSoFar, total)) + " of " + NumberText.grouped(total) + ")"
    }

    public func render(in area: Rect, into buffer: inout ScreenBuffer) {
        guard area.width > 0, area.height > 0 else { return }
        let y = area.y
        buffer.put(String(repeating: " ", count: area.width), x: area.x, y: y, limit: area.width)
        guard let fraction, let percentText else {
            buffer.put(TextFitting.truncated(countText ?? "", to: area.width), x: area.x, y: y, limit: area.width)
            return
        }
        let percent = String(repeating: " ", count: max(0, 4 - percentText.count)) + percentText
        var suffixes: [(text: String, reserved: Int)] = []
        if case .count(_, let total?) = progress, let countText {
            // Room as for the total done, the widest the count can get.
            let widest = "(" + NumberText.grouped(total) + " of " + NumberText.grouped(total) + ")"
            suffixes.append(("  " + percent + "  " + countText, 2 + 4 + 2 + widest.count))
        }
        suffixes.append(("  " + percent, 2 + 4))

        guard let suffix = suffixes.first(where: { area.width - $0.reserved >= Self.minimumBarWidth }) else {
            if area.width >= percentText.count {
                buffer.put(percentText, x: area.x, y: y, limit: area.width)
            } else {
                drawBar(fraction: fraction, x: area.x, y: y, width: area.width, into: &buffer)
            }
            return
        }
        let barWidth = area.width - suffix.reserved
        drawBar(fraction: fraction, x: area.x, y: y, width: barWidth, into: &buffer)
        buffer.put(suffix.text, x: area.x + barWidth, y: y, limit: suffix.reserved)
    }

    private func drawBar(fraction: Double, x: Int, y: Int, width: Int, into buffer: inout ScreenBuffer) {
        var filled = Int((fraction * Double(width) + 1e-9).rounded(.down))
        if fraction < 1 { filled = min(filled, width - 1) }
        filled = max(0, filled)
        buffer.put(String(repeating: Self.filledGlyph, count: filled), x: x, y: y, role: .ok, limit: filled)
        buffer.put(
            String(repeating: Self.emptyGlyph, count: width - filled),
            x: x + filled,
            y: y,
            role: .disabled,
            limit: width - filled
        )
    }
}
