/// How one case of `WizardScreen` is read from and put back into the enum.
struct ScreenCase<State> {
    let extract: (WizardScreen) -> State?
    let embed: (State) -> WizardScreen
}

extension ScreenCase {
    static var removing: ScreenCase<RemoveIntegrationDialog> {
        ScreenCase<RemoveIntegrationDialog>(
            extract: {
                if case .removing(let state) = $0 { return state }
                return nil
            }, embed: WizardScreen.removing)
    }
    static var editor: ScreenCase<IntegrationEditor> {
        ScreenCase<IntegrationEditor>(
            extract: {
                if case .editor(let state) = $0 { return state }
                return nil
            }, embed: WizardScreen.editor)
    }
    static var tickets: ScreenCase<TicketsBrowser> {
        ScreenCase<TicketsBrowser>(
            extract: {
                if case .tickets(let state) = $0 { return state }
                return nil
            }, embed: WizardScreen.tickets)
    }
    static var queues: ScreenCase<QueuesScreen> {
        ScreenCase<QueuesScreen>(
            extract: {
                if case .queues(let state) = $0 { return state }
                return nil
            }, embed: WizardScreen.queues)
    }
    static var audit: ScreenCase<AuditScreen> {
        ScreenCase<AuditScreen>(
            extract: {
                if case .audit(let state) = $0 { return state }
                return nil
            }, embed: WizardScreen.audit)
    }
    static var nerdioSync: ScreenCase<NerdioSyncForm> {
        ScreenCase<NerdioSyncForm>(
            extract: {
                if case .nerdioSync(let state) = $0 { return state }
                return nil
            }, embed: WizardScreen.nerdioSync)
    }
    static var maintenance: ScreenCase<MaintenanceScreen> {
        ScreenCase<MaintenanceScreen>(
            extract: {
                if case .maintenance(let state) = $0 { return state }
                return nil
            }, embed: WizardScreen.maintenance)
    }
}

extension WizardScreen {
    /// The state of the screen `which`, nil unless it is this screen. Setting nil goes back to
    /// the home list. Changing it in place moves the state out of the enum first, so that a
    /// large screen (50,000 companies) is not copied on every key.
    subscript<State>(which: ScreenCase<State>) -> State? {
        get { which.extract(self) }
        _modify {
            var state = which.extract(self)
            let wasThisScreen = state != nil
            if wasThisScreen { self = .home }
            defer {
                if let state {
                    self = which.embed(state)
                } else if wasThisScreen {
                    self = .home
                }
            }
            yield &state
        }
        set {
            if let newValue {
                self = which.embed(newValue)
            } else if which.extract(self) != nil {
                self = .home
            }
        }
    }
}

/// Each screen's state as an optional view of `screen`.
extension WizardModel {
    /// The remove dialog, while it is open.
    var removing: RemoveIntegrationDialog? {
        get { screen[.removing] }
        _modify { yield &screen[.removing] }
        set { screen[.removing] = newValue }
    }

    /// The integration open in the three tabs, if that is the screen.
    var editor: IntegrationEditor? {
        get { screen[.editor] }
        _modify { yield &screen[.editor] }
        set { screen[.editor] = newValue }
    }

    /// The Tickets screen of one integration, if that is the screen.
    var tickets: TicketsBrowser? {
        get { screen[.tickets] }
        _modify { yield &screen[.tickets] }
        set { screen[.tickets] = newValue }
    }

    /// The Ticket queues screen, if that is the screen.
    var queues: QueuesScreen? {
        get { screen[.queues] }
        _modify { yield &screen[.queues] }
        set { screen[.queues] = newValue }
    }

    /// The audit log viewer, if that is the screen.
    var audit: AuditScreen? {
        get { screen[.audit] }
        _modify { yield &screen[.audit] }
        set { screen[.audit] = newValue }
    }

    /// The Nerdio accounts sync form, if that is the screen.
    var nerdioSync: NerdioSyncForm? {
        get { screen[.nerdioSync] }
        _modify { yield &screen[.nerdioSync] }
        set { screen[.nerdioSync] = newValue }
    }

    /// The Maintenance windows screen, if that is the screen.
    var maintenance: MaintenanceScreen? {
        get { screen[.maintenance] }
        _modify { yield &screen[.maintenance] }
        set { screen[.maintenance] = newValue }
    }
}
