/// Each screen's state as an optional view of `screen`: nil unless it is the open screen;
/// setting it to nil goes back to the home list. Changing it in place moves the value out
/// of the enum first, so that a large screen (50,000 companies) is not copied per key.
extension WizardModel {
    /// The remove dialog, while it is open.
    var removing: RemoveIntegrationDialog? {
        get {
            if case .removing(let value) = screen { return value }
            return nil
        }
        _modify {
            guard case .removing(let value) = screen else {
                var absent: RemoveIntegrationDialog?
                yield &absent
                if let absent { self.screen = .removing(absent) }
                return
            }
            var current: RemoveIntegrationDialog? = consume value
            screen = .home
            defer { screen = current.map { .removing($0) } ?? .home }
            yield &current
        }
        set {
            if let newValue {
                screen = .removing(newValue)
            } else if case .removing = screen {
                screen = .home
            }
        }
    }

    /// The integration open in the three tabs, if that is the screen.
    var editor: IntegrationEditor? {
        get {
            if case .editor(let value) = screen { return value }
            return nil
        }
        _modify {
            guard case .editor(let value) = screen else {
                var absent: IntegrationEditor?
                yield &absent
                if let absent { self.screen = .editor(absent) }
                return
            }
            var current: IntegrationEditor? = consume value
            screen = .home
            defer { screen = current.map { .editor($0) } ?? .home }
            yield &current
        }
        set {
            if let newValue {
                screen = .editor(newValue)
            } else if case .editor = screen {
                screen = .home
            }
        }
    }

    /// The Tickets screen of one integration, if that is the screen.
    var tickets: TicketsBrowser? {
        get {
            if case .tickets(let value) = screen { return value }
            return nil
        }
        _modify {
            guard case .tickets(let value) = screen else {
                var absent: TicketsBrowser?
                yield &absent
                if let absent { self.screen = .tickets(absent) }
                return
            }
            var current: TicketsBrowser? = consume value
            screen = .home
            defer { screen = current.map { .tickets($0) } ?? .home }
            yield &current
        }
        set {
            if let newValue {
                screen = .tickets(newValue)
            } else if case .tickets = screen {
                screen = .home
            }
        }
    }

    /// The Ticket queues screen, if that is the screen.
    var queues: QueuesScreen? {
        get {
            if case .queues(let value) = screen { return value }
            return nil
        }
        _modify {
            guard case .queues(let value) = screen else {
                var absent: QueuesScreen?
                yield &absent
                if let absent { self.screen = .queues(absent) }
                return
            }
            var current: QueuesScreen? = consume value
            screen = .home
            defer { screen = current.map { .queues($0) } ?? .home }
            yield &current
        }
        set {
            if let newValue {
                screen = .queues(newValue)
            } else if case .queues = screen {
                screen = .home
            }
        }
    }

    /// The audit log viewer, if that is the screen.
    var audit: AuditScreen? {
        get {
            if case .audit(let value) = screen { return value }
            return nil
        }
        _modify {
            guard case .audit(let value) = screen else {
                var absent: AuditScreen?
                yield &absent
                if let absent { self.screen = .audit(absent) }
                return
            }
            var current: AuditScreen? = consume value
            screen = .home
            defer { screen = current.map { .audit($0) } ?? .home }
            yield &current
        }
        set {
            if let newValue {
                screen = .audit(newValue)
            } else if case .audit = screen {
                screen = .home
            }
        }
    }

    /// The Nerdio accounts sync form, if that is the screen.
    var nerdioSync: NerdioSyncForm? {
        get {
            if case .nerdioSync(let value) = screen { return value }
            return nil
        }
        _modify {
            guard case .nerdioSync(let value) = screen else {
                var absent: NerdioSyncForm?
                yield &absent
                if let absent { self.screen = .nerdioSync(absent) }
                return
            }
            var current: NerdioSyncForm? = consume value
            screen = .home
            defer { screen = current.map { .nerdioSync($0) } ?? .home }
            yield &current
        }
        set {
            if let newValue {
                screen = .nerdioSync(newValue)
            } else if case .nerdioSync = screen {
                screen = .home
            }
        }
    }
}
