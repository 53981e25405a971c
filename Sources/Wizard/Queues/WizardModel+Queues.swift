import PSACore
import TerminalUI

/// The Ticket queues screen inside the wizard: opening it from home, routing keys to it,
/// and loading the PSA's choices for its form off the UI thread.
extension WizardApp {
    mutating func openQueues() {
        queuesSessions += 1
        notice = nil
        queues = QueuesScreen(session: queuesSessions)
        reloadQueues()
    }

    var queuesNotice: Notice? { queues?.notice }

    var queuesLayout: QueuesLayout { QueuesLayout(size: size, notice: queuesNotice) }

    mutating func reloadQueues() {
        switch services.queuesSnapshot() {
        case .success(let snapshot): queues?.show(snapshot)
        case .failure(let failure): queues?.showLoadError(failure)
        }
    }

    /// Whether `?` and F1 open the help: not while the form takes typing.
    var queuesTakeTyping: Bool { queues?.form != nil }

    mutating func handleQueues(_ input: InputEvent) {
        guard var screen = queues else { return }
        let effect = screen.handle(input, layout: queuesLayout)
        queues = screen
        performQueues(effect)
    }

    private mutating func performQueues(_ effect: QueuesScreen.Effect) {
        guard let screen = queues else { return }
        switch effect {
        case .none:
            break
        case .leave:
            queues = nil
            reload()
        case .reload:
            reloadQueues()
        case .loadChoices(let session, let integrationID, let context, let run):
            let screenSession = screen.session
            guard let integration = screen.integrations.first(where: { $0.id == integrationID }) else { return }
            switch services.storedCredentials(of: integration) {
            case .failure(let failure):
                let error = ConnectorError.rejected(field: nil, message: failure.description)
                performQueues(
                    queues?.choicesLoaded(session: session, integrationID: integrationID, run: run, .failure(error))
                        ?? .none)
            case .success(let credentials):
                let services = services
                let inbox = inbox
                Task.detached {
                    let result = await services.ticketChoices(credentials: credentials, context: context)
                    inbox.post(
                        .queueChoicesLoaded(
                            screen: screenSession, form: session, integrationID: integrationID, run: run, result))
                }
            }
        case .save(let save):
            queues?.saved(services.saveQueue(save))
            reloadQueues()
        case .remove(let name):
            queues?.removed(name: name, services.removeQueue(named: name))
            reloadQueues()
        }
    }

    mutating func receiveForQueues(_ message: WizardMessage) {
        guard case .queueChoicesLoaded(let screenSession, let form, let integrationID, let run, let result) = message,
            var screen = queues, screen.session == screenSession
        else { return }
        let effect = screen.choicesLoaded(session: form, integrationID: integrationID, run: run, result)
        queues = screen
        performQueues(effect)
    }

    func renderQueues(_ screen: QueuesScreen, into buffer: inout ScreenBuffer) {
        let shown = queuesNotice
        let layout = QueuesLayout(size: buffer.size, notice: shown)
        ScreenChrome(title: screen.form?.title ?? "Ticket queues", notice: shown, hints: screen.hints)
            .render(in: buffer.bounds, into: &buffer)
        QueuesView(screen: screen, layout: layout, tick: tick).render(in: layout.content, into: &buffer)
    }

    func queuesHelpSections(_ screen: QueuesScreen) -> [(title: String, entries: [KeyHint])] {
        if screen.form != nil {
            return [("Queue form", QueueForm.keyMap.helpEntries), ("Text fields", TextFieldState.editingHelp)]
        }
        return [("Ticket queues", QueuesScreen.keyMap.helpEntries), ("Queue list", TableState<QueueRow>.inputHelp)]
    }
}
