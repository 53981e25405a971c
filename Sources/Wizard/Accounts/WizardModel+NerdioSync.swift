import PSACore
import TerminalUI

/// The Nerdio accounts sync form inside the wizard: opening it from home (key n), routing
/// keys to it, and running the sync it asks for off the UI thread.
extension WizardModel {
    /// Opens the form, prefilled from the stored settings when a sync has succeeded before.
    mutating func openNerdioSync() {
        switch services.storedNerdioSync() {
        case .failure(let failure):
            notice = .error("Could not read the Nerdio sync settings: \(TerminalSafeText.escaped(failure.description))")
        case .success(let record):
            open { .nerdioSync(NerdioSyncForm(session: $0, record: record)) }
        }
    }

    mutating func handleNerdioSync(_ input: InputEvent) {
        guard var form = nerdioSync else { return }
        let effect = form.handle(input)
        nerdioSync = form
        switch effect {
        case .none:
            break
        case .close:
            closeNerdioSync()
        case .cancelSync:
            emit(.cancel(.accountsSync))
        case .sync(let settings, let run):
            emit(.start(.syncAccounts(settings, session: form.session, run: run)))
        }
    }

    private mutating func closeNerdioSync() {
        emit(.cancel(.accountsSync))
        goHome()
    }

    /// A sync's answer: for the open form's current run, the form shows it (success goes
    /// home with a notice); any other answer is ignored.
    mutating func receiveForNerdioSync(_ message: WizardMessage) {
        guard case .accountsSyncFinished(let session, let run, let result) = message, var form = nerdioSync,
            form.session == session
        else { return }
        let summary = form.finishSync(run: run, result)
        if case .success(let record) = services.storedNerdioSync() { form.showRecord(record) }
        nerdioSync = form
        if let summary {
            closeNerdioSync()
            notice = Notice("Nerdio accounts synced: \(TerminalSafeText.escaped(summary)). Settings saved.", role: .ok)
        }
    }

    func renderNerdioSync(_ form: NerdioSyncForm, into buffer: inout ScreenBuffer) {
        let screen = buffer.bounds
        ScreenChrome(title: "Nerdio accounts sync", notice: nil, hints: NerdioSyncForm.keyMap.hints)
            .render(in: screen, into: &buffer)
        let layout = NerdioSyncFormLayout(
            screen: screen, area: ScreenChrome.content(of: screen, notice: nil), form: form)
        NerdioSyncFormView(form: form, layout: layout, tick: tick).render(in: layout.screen, into: &buffer)
    }

    var nerdioSyncHelpSections: [(title: String, entries: [KeyHint])] {
        [("Nerdio accounts sync", NerdioSyncForm.keyMap.helpEntries), ("Text fields", TextFieldState.editingHelp)]
    }
}
