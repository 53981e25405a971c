import PSACore
import TerminalUI

/// The Ticket queues screen inside the wizard: opening it from home, routing keys to it,
/// and loading the PSA's choices for its form off the UI thread.
extension WizardModel {
    mutating func openQueues() {
        open { .queues(QueuesScreen(session: $0)) }
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
            goHome()
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
                emit(
                    .start(
                        .queueChoices(
                            credentials, context, screen: screenSession, form: session, integrationID: integrationID,
                            run: run)))
            }
        case .save(let save):
            emit(.write(.saveQueue(save, screen: screen.session)))
        case .remove(let name):
            emit(.write(.removeQueue(name: name, screen: screen.session)))
        }
    }

    /// What the screen's saves and removals came to.
    mutating func appliedInQueues(_ outcome: WriteOutcome) {
        switch outcome {
        case .queueSaved(let result, queues?.session):
            queues?.saved(result)
            reloadQueues()
        case .queueRemoved(let name, let result, queues?.session):
            queues?.removed(name: name, result)
            reloadQueues()
        default:
            break
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
