import PSACore
import TerminalUI

/// Drawing the open screen, the demo banner and the help overlay.
extension WizardModel {
    func render(into buffer: inout ScreenBuffer) {
        let area = buffer.bounds
        switch screen {
        case .home, .removing: renderHome(into: &buffer)
        case .editor(let editor): renderEditor(editor, into: &buffer)
        case .tickets(let browser): renderTickets(browser, into: &buffer)
        case .queues(let queues): renderQueues(queues, into: &buffer)
        case .audit(let audit): renderAudit(audit, into: &buffer)
        case .nerdioSync(let form): renderNerdioSync(form, into: &buffer)
        case .maintenance(let screen): renderMaintenance(screen, into: &buffer)
        }
        if let banner = services.banner {
            // Over the right end of the title bar, on every screen.
            let text = " \(banner) "
            let width = min(DisplayWidth.columns(of: text), area.width / 2)
            buffer.put(truncating: text, x: area.x + area.width - width, y: area.y, width: width, role: .warning)
        }
        if showsHelp { HelpOverlay(sections: helpSections).render(in: area, into: &buffer) }
    }

    private func renderHome(into buffer: inout ScreenBuffer) {
        let shown = homeNotice
        let hints = removing.map { _ in RemoveIntegrationDialog.hints } ?? homeKeyMap.hints
        ScreenChrome(title: "PSA Integrations", notice: shown, hints: hints).render(in: buffer.bounds, into: &buffer)
        let layout = HomeLayout(size: buffer.size, notice: shown)
        HomeView(state: home, layout: layout).render(in: buffer.bounds, into: &buffer)
        if let removing {
            RemoveIntegrationView(dialog: removing, layout: RemoveDialogLayout(area: layout.content))
                .render(in: layout.content, into: &buffer)
        }
    }

    /// The keys of the open screen, for the help overlay.
    var helpSections: [(title: String, entries: [KeyHint])] {
        switch screen {
        case .home:
            return [
                ("PSA Integrations", homeKeyMap.helpEntries), ("Integration list", TableState<Integration>.inputHelp),
            ]
        case .removing(let dialog): return dialog.helpSections
        case .editor(let editor): return helpSections(editor)
        case .tickets(let browser): return ticketsHelpSections(browser)
        case .queues(let queues): return queuesHelpSections(queues)
        case .audit: return auditHelpSections
        case .nerdioSync: return nerdioSyncHelpSections
        case .maintenance(let screen): return maintenanceHelpSections(screen)
        }
    }
}
