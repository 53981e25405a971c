import PSACore
import TerminalUI

/// Draws the Credentials tab.
struct CredentialsView: Widget {
    var form: CredentialsForm
    var layout: CredentialsLayout
    /// Animation tick for the spinner while the PSA is asked.
    var tick: Int

    func render(in area: Rect, into buffer: inout ScreenBuffer) {
        let busy = form.isValidating ? "Checking with \(form.system.displayName)… (Esc cancels)" : nil
        Form(form.rows, layout: layout.rows, busy: busy, tick: tick).render(in: area, into: &buffer)
    }
}
