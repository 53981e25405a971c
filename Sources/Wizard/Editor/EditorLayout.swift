import TerminalUI

/// Where the editor puts its tab bar and the current tab.
struct EditorLayout {
    var screen: Rect
    var tabBar: Rect
    var tabArea: Rect

    init(size: Size, notice: Notice?) {
        screen = Rect(size: size)
        let content = ScreenChrome.content(of: screen, notice: notice)
        tabBar = content.row(0).inset(left: 1, right: 1)
        tabArea = content.inset(top: 2)
    }
}
