import PSACore
import TerminalUI

/// The wizard as one `TerminalApp`: the `WizardModel` takes each event and says what to do,
/// the `EffectRunner` does it (tasks off the UI thread, store writes), and what a write
/// answers goes straight back to the model, before the next key.
public struct WizardApp: TerminalApp {
    public typealias Message = WizardMessage

    private(set) var model: WizardModel
    private let runner: EffectRunner

    /// `notice` is shown on the first frame, e.g. why the chosen theme was not used.
    public init(services: WizardServices, inbox: MessageInbox<WizardMessage> = MessageInbox(), notice: String? = nil) {
        model = WizardModel(services: services, notice: notice)
        runner = EffectRunner(services: services, inbox: inbox)
    }

    public var isAnimating: Bool { model.isAnimating }

    public mutating func update(_ event: AppEvent<WizardMessage>) -> LoopAction {
        let (action, effects) = model.update(event)
        run(effects)
        return action
    }

    private mutating func run(_ effects: [WizardEffect]) {
        var queue = effects[...]
        while let effect = queue.popFirst() {
            switch effect {
            case .start(let job): runner.start(job)
            case .cancel(let kind): runner.cancel(kind)
            case .write(let write): queue.append(contentsOf: model.update(runner.perform(write)))
            }
        }
    }

    public func render(into buffer: inout ScreenBuffer) { model.render(into: &buffer) }

    // What tests look at.
    var editor: IntegrationEditor? {
        get { model.editor }
        set { model.editor = newValue }
    }
    var nerdioSync: NerdioSyncForm? {
        get { model.nerdioSync }
        set { model.nerdioSync = newValue }
    }
    var notice: Notice? { model.notice }
}
