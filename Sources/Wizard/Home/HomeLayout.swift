import TerminalUI

/// Where the home screen puts things; shared by drawing and by input handling (paging,
/// mouse clicks), so both always agree.
struct HomeLayout {
    var content: Rect
    var table: Rect
    var details: Rect

    init(size: Size, notice: Notice?) {
        content = ScreenChrome.content(of: Rect(size: size), notice: notice).inset(left: 1, right: 1)
        let parts = Layout.rows(content, [.fill(1), .fixed(1), .fixed(3)])
        table = parts[0]
        details = parts[2]
    }
}
