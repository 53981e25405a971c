import PSACore
import TerminalUI

/// One queue as the table shows it; every text from the store is made safe here.
struct QueueRow: Sendable {
    var queue: TicketQueue
    var name: String
    var integration: String
    var system: String
    /// The keys the queue sets, e.g. "board, open-status".
    var fields: String
    var openTickets: Int

    init(_ queue: TicketQueue, integration: Integration?, openTickets: Int) {
        self.queue = queue
        name = TerminalSafeText.escaped(queue.name)
        self.integration = TerminalSafeText.escaped(integration?.displayName ?? "?")
        system = integration?.system.displayName ?? ""
        let keys = queue.settings.keys.sorted { lhs, rhs in
            switch (TicketSettingKey(rawValue: lhs), TicketSettingKey(rawValue: rhs)) {
            case (let l?, let r?): return l < r
            case (nil, _?): return false
            case (_?, nil): return true
            case (nil, nil): return lhs < rhs
            }
        }
        fields =
            keys.isEmpty ? "(the integration's)" : TerminalSafeText.escaped(keys.joined(separator: ", "))
        self.openTickets = openTickets
    }
}

/// The Ticket queues screen: every queue of every integration, adding, editing and removing
/// them. Plain state; the wizard runs the effects it asks for.
struct QueuesScreen {
    enum Effect: Equatable {
        case none
        /// Esc on the list: back home.
        case leave
        case reload
        case loadChoices(session: Int, integrationID: Int64, ChoiceContext, run: Int)
        case save(QueueSave)
        case remove(name: String)
    }

    enum Command: Hashable, Sendable {
        case add, edit, remove, reload, help, leave
    }

    static let keyMap = KeyMap<Command>([
        KeyBinding([.character("a")], .add, "Add a ticket queue", hint: "Add"),
        KeyBinding([.enter, .character("e")], .edit, "Edit the highlighted queue", hint: "Edit"),
        KeyBinding([.delete, .character("x")], .remove, "Remove the highlighted queue", hint: "Remove"),
        KeyBinding([.character("r")], .reload, "Reload the queues", hint: "Reload"),
        KeyBinding([.escape], .leave, "Back to the integrations", hint: "Back"),
        KeyBinding([.character("?"), .function(1)], .help, "Help: every key", hint: "Help"),
    ])

    static let columns: [TableColumn<QueueRow>] = [
        TableColumn("Queue", width: .fill(2), text: { $0.name }),
        TableColumn("Integration", width: .fill(2), text: { $0.integration }),
        TableColumn("System", width: .fixed(15), text: { $0.system }),
        TableColumn("Open", width: .fixed(5), alignment: .trailing, text: { "\($0.openTickets)" }),
        TableColumn("Sets", width: .fill(3), text: { $0.fields }),
    ]

    let session: Int
    private(set) var table = TableState<QueueRow>(columns: QueuesScreen.columns)
    private(set) var integrations: [Integration] = []
    private(set) var ownSettings: [Int64: [String: String]] = [:]
    private(set) var queueDefaults: [Int64: [IntegrationSettingStatus]] = [:]
    private(set) var form: QueueForm?
    /// The queue whose removal is being confirmed.
    private(set) var confirmRemove: (row: QueueRow, state: ConfirmState)?
    private var forms = 0
    var notice: Notice?
    private(set) var loadError: String?

    init(session: Int) { self.session = session }

    var rows: [QueueRow] { table.rows }

    /// Busy with work the spinner stands for.
    var isBusy: Bool { form?.tab?.isLoading == true }

    mutating func show(_ snapshot: QueuesSnapshot) {
        loadError = nil
        integrations = snapshot.integrations
        ownSettings = snapshot.ownSettings
        queueDefaults = snapshot.queueDefaults
        let byID = Dictionary(
            snapshot.integrations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let selected = table.selectedItem?.queue.id
        table.setRows(
            snapshot.queues.map {
                QueueRow($0, integration: byID[$0.integrationID], openTickets: snapshot.openTickets[$0.id] ?? 0)
            })
        if let selected, let index = table.rows.firstIndex(where: { $0.queue.id == selected }) {
            table.select(row: index)
        }
    }

    mutating func showLoadError(_ failure: WizardFailure) { loadError = failure.description }

    /// The confirmation's wording: how many open tickets use the queue, when any do.
    static func removeMessage(_ row: QueueRow) -> String {
        var text = "Remove the ticket queue \"\(row.name)\" of \"\(row.integration)\"?"
        if row.openTickets > 0 {
            let tickets = row.openTickets == 1 ? "1 open ticket uses" : "\(row.openTickets) open tickets use"
            text += " \(tickets) it."
        }
        return text
    }

    // MARK: Input

    mutating func handle(_ event: InputEvent, layout: QueuesLayout) -> Effect {
        if var form {
            let effect = form.handle(event, layout: layout.form)
            self.form = form
            return perform(effect)
        }
        if var confirm = confirmRemove {
            switch confirm.state.handle(event) {
            case .confirmed:
                confirmRemove = nil
                return .remove(name: confirm.row.queue.name)
            case .cancelled:
                confirmRemove = nil
            case .handled, .ignored:
                self.confirmRemove = confirm
            }
            return .none
        }
        switch event {
        case .key(let key):
            if let command = Self.keyMap.command(for: key) { return run(command) }
            _ = table.handle(event, in: layout.table)
        case .mouse:
            _ = table.handle(event, in: layout.table)
        case .text, .resize:
            break
        }
        return .none
    }

    private mutating func run(_ command: Command) -> Effect {
        switch command {
        case .add:
            guard !integrations.isEmpty else {
                notice = .error("Add a PSA integration first; a queue belongs to one.")
                return .none
            }
            return open(editing: nil)
        case .edit:
            guard let row = table.selectedItem else { return .none }
            return open(editing: row.queue)
        case .remove:
            guard let row = table.selectedItem else { return .none }
            confirmRemove = (row, ConfirmState())
        case .reload: return .reload
        case .leave: return .leave
        case .help: break
        }
        return .none
    }

    private mutating func open(editing queue: TicketQueue?) -> Effect {
        forms += 1
        notice = nil
        let owners = Dictionary(
            integrations.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        let taken = Dictionary(
            rows.map { ($0.queue.name.lowercased(), owners[$0.queue.integrationID] ?? "?") },
            uniquingKeysWith: { first, _ in first })
        var opened = QueueForm(
            session: forms, editing: queue, integrations: integrations, ownSettings: ownSettings,
            queueDefaults: queueDefaults, taken: taken)
        let effect = opened.start()
        form = opened
        return perform(effect)
    }

    private mutating func perform(_ effect: QueueForm.Effect) -> Effect {
        switch effect {
        case .none: return .none
        case .cancel:
            form = nil
            return .none
        case .loadChoices(let integrationID, let context, let run):
            return .loadChoices(session: form?.session ?? 0, integrationID: integrationID, context, run: run)
        case .save(let save): return .save(save)
        }
    }

    // MARK: Answers

    mutating func choicesLoaded(
        session: Int, integrationID: Int64, run: Int, _ result: Result<TicketChoices, ConnectorError>
    ) -> Effect {
        guard var form, form.session == session else { return .none }
        let effect = form.choicesLoaded(integrationID: integrationID, run: run, result)
        self.form = form
        return perform(effect)
    }

    /// The store's answer to `.save`.
    mutating func saved(_ result: Result<TicketQueue, WizardFailure>) {
        switch result {
        case .success(let queue):
            let verb = form?.isEditing == true ? "saved" : "added"
            form = nil
            notice = Notice("Ticket queue \"\(TerminalSafeText.escaped(queue.name))\" \(verb).", role: .ok)
        case .failure(let failure):
            form?.saveFailed(failure)
        }
    }

    mutating func removed(name: String, _ result: Result<Void, WizardFailure>) {
        switch result {
        case .success: notice = Notice("Ticket queue \"\(TerminalSafeText.escaped(name))\" removed.", role: .ok)
        case .failure(let failure): notice = .error("Not removed: \(TerminalSafeText.escaped(failure.description))")
        }
    }

    var hints: [KeyHint] { form == nil ? Self.keyMap.hints : QueueForm.keyMap.hints }
}
