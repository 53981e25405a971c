/// Anything that draws itself into an area of a screen buffer.
///
/// Widgets are short-lived values built from screen state on every frame; the state that
/// outlives a frame (text being edited, a table's selection) lives in the widget's
/// `...State` value, which the screen owns and updates from keys.
public protocol Widget {
    func render(in area: Rect, into buffer: inout ScreenBuffer)
}
