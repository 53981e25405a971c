import TerminalUI

/// The `?` overlay: every key of the current screen, generated from its key maps so that
/// it always tells the truth.
struct HelpOverlay: Widget {
    var sections: [(title: String, entries: [KeyHint])]

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let keyWidth = min(16, sections.flatMap(\.entries).map { DisplayWidth.columns(of: $0.key) }.max() ?? 4)
        let rows = sections.reduce(0) { $0 + $1.entries.count + 2 } + 1
        let box = area.centered(width: min(area.width - 4, 76), height: min(area.height - 2, rows + 2))
        buffer.fill(box)
        Frame(title: "Keys", role: .normal, titleRole: .header).render(in: box, into: &buffer)
        let inside = Frame.content(of: box).inset(left: 1, right: 1)
        var y = inside.y
        for section in sections {
            guard y < inside.maxY else { break }
            buffer.put(truncating: section.title, x: inside.x, y: y, width: inside.width, role: .header)
            y += 1
            for entry in section.entries where y < inside.maxY {
                buffer.put(truncating: entry.key, x: inside.x + 1, y: y, width: keyWidth, role: .hot)
                buffer.put(
                    truncating: entry.label, x: inside.x + keyWidth + 3, y: y,
                    width: inside.width - keyWidth - 3)
                y += 1
            }
            y += 1
        }
        if inside.height > 0 {
            buffer.put(
                truncating: "Esc, ? or q closes this help", x: inside.x, y: inside.maxY - 1, width: inside.width,
                role: .disabled, alignment: .trailing)
        }
    }
}
