import TerminalUI

/// Where the form puts things; drawing and input (the system picker's popup) share it.
struct CredentialsLayout {
    static let labelWidth = 18

    var screen: Rect
    var systemField: Rect
    /// One row per credential field, in form order; a field with an error gets a second row.
    var fieldRows: [CredentialFieldSpec.Key: Rect] = [:]
    var hint: Rect
    var buttons: Rect
    var message: Rect

    /// `area` is the tab's part of the screen; popups may use all of `screen`.
    init(screen: Rect, area: Rect, form: CredentialsForm) {
        self.screen = screen
        let content = area.inset(left: 2, right: 2)
        let fieldWidth = min(56, content.width - Self.labelWidth)
        systemField = Rect(x: content.x + Self.labelWidth, y: content.y, width: min(24, fieldWidth), height: 1)
        var y = content.y + 2
        for field in form.fields {
            fieldRows[field.key] = Rect(x: content.x + Self.labelWidth, y: y, width: fieldWidth, height: 1)
            y += form.errors[field.key] == nil ? 1 : 2
        }
        hint = Rect(x: content.x, y: y + 1, width: content.width, height: 2)
        buttons = Rect(x: content.x, y: y + 3, width: content.width, height: 1)
        message = Rect(x: content.x, y: y + 5, width: content.width, height: max(0, content.maxY - (y + 5)))
    }
}
