import PSACore
import TerminalUI

/// The Maintenance screen inside the wizard: opening it from home, routing keys to it, and
/// its writes.
extension WizardModel {
    mutating func openMaintenance() {
        open { .maintenance(MaintenanceScreen(session: $0)) }
        reloadMaintenance()
    }

    var maintenanceNotice: Notice? { maintenance?.notice }

    var maintenanceLayout: MaintenanceLayout { MaintenanceLayout(size: size, notice: maintenanceNotice) }

    mutating func reloadMaintenance() {
        switch services.maintenanceSnapshot() {
        case .success(let snapshot): maintenance?.show(snapshot)
        case .failure(let failure): maintenance?.showLoadError(failure)
        }
    }

    mutating func handleMaintenance(_ input: InputEvent) {
        guard var screen = maintenance else { return }
        let effect = screen.handle(input, layout: maintenanceLayout)
        maintenance = screen
        switch effect {
        case .none: break
        case .leave: goHome()
        case .reload: reloadMaintenance()
        case .save(let save): emit(.write(.addMaintenanceWindow(save, screen: screen.session)))
        case .remove(let id): emit(.write(.removeMaintenanceWindow(id: id, screen: screen.session)))
        }
    }

    /// What the screen's adds and removals came to.
    mutating func appliedInMaintenance(_ outcome: WriteOutcome) {
        switch outcome {
        case .maintenanceWindowAdded(let result, maintenance?.session):
            maintenance?.saved(result)
            reloadMaintenance()
        case .maintenanceWindowRemoved(let result, maintenance?.session):
            maintenance?.removed(result)
            reloadMaintenance()
        default:
            break
        }
    }

    func renderMaintenance(_ screen: MaintenanceScreen, into buffer: inout ScreenBuffer) {
        let shown = maintenanceNotice
        let layout = MaintenanceLayout(size: buffer.size, notice: shown)
        let title = screen.form == nil ? "Maintenance windows" : "Maintenance windows · Add"
        ScreenChrome(title: title, notice: shown, hints: screen.hints).render(in: buffer.bounds, into: &buffer)
        MaintenanceView(screen: screen, layout: layout).render(in: layout.content, into: &buffer)
    }

    func maintenanceHelpSections(_ screen: MaintenanceScreen) -> [(title: String, entries: [KeyHint])] {
        if screen.form != nil {
            return [
                ("Maintenance window form", MaintenanceForm.keyMap.helpEntries),
                ("Text fields", TextFieldState.editingHelp),
            ]
        }
        return [
            ("Maintenance windows", MaintenanceScreen.keyMap.helpEntries),
            ("Window list", TableState<MaintenanceRow>.inputHelp),
        ]
    }
}
