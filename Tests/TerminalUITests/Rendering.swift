@testable import TerminalUI

/// `widget` drawn into a fresh buffer of exactly its area.
func rendered(_ widget: some Widget, width: Int, height: Int = 1) -> ScreenBuffer {
    var buffer = ScreenBuffer(width: width, height: height)
    widget.render(in: Rect(x: 0, y: 0, width: width, height: height), into: &buffer)
    return buffer
}
