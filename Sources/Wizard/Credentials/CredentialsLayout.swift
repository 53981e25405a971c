import TerminalUI

/// Where the form puts things; drawing and input (the system picker's popup) share it.
struct CredentialsLayout {
    static let labelWidth = 18

    var screen: Rect
    var rows: FormLayout<CredentialFieldSpec.Key>

    /// `area` is the tab's part of the screen; popups may use all of `screen`.
    init(screen: Rect, area: Rect, form: CredentialsForm) {
        self.screen = screen
        rows = FormLayout(area: area, popupBounds: screen, form: form.rows)
    }
}
