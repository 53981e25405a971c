import PSACore
import TerminalUI

/// The wizard as one `TerminalApp`: which screen is showing, what overlays it, and how keys
/// change that. Pure state plus `update`; drawing is in `render`.
public struct WizardApp: TerminalApp {
    public typealias Message = Never

    enum Overlay: Equatable {
        case help
    }

    enum Command: Hashable, Sendable {
        case quit, help, reload
    }

    static let keyMap = KeyMap<Command>([
        KeyBinding([.character("?"), .function(1)], .help, "Help: every key", hint: "Help"),
        KeyBinding([.character("r")], .reload, "Reload the list", hint: "Reload"),
        KeyBinding([.character("q"), .control("c")], .quit, "Quit", hint: "Quit"),
    ])

    let services: WizardServices
    var home = HomeState()
    var overlay: Overlay?
    var notice: Notice?
    var size = Size(width: 80, height: 24)

    /// `notice` is shown on the first frame, e.g. why the chosen theme was not used.
    public init(services: WizardServices, notice: String? = nil) {
        self.services = services
        self.notice = notice.map(Notice.warning)
        reload()
    }

    public var isAnimating: Bool { false }

    public mutating func update(_ event: AppEvent<Never>) -> LoopAction {
        switch event {
        case .input(let input): return handle(input)
        case .tick: return .continue
        }
    }

    mutating func handle(_ input: InputEvent) -> LoopAction {
        switch input {
        case .resize(let newSize):
            size = newSize
            return .continue
        case .text(let text):
            // Typed faster than a frame (or pasted): the home screen has no text field, so
            // each character is a key.
            for character in text {
                if case .exit(let status) = handle(.key(.character(character))) { return .exit(status) }
            }
            return .continue
        case .key(let key):
            if overlay == .help { return handleInHelp(key) }
            switch WizardApp.keyMap.command(for: key) {
            case .quit: return .exit(0)
            case .help: overlay = .help
            case .reload: reload()
            case nil: _ = home.table.handle(input, in: HomeLayout(size: size, notice: notice).table)
            }
            return .continue
        case .mouse:
            if overlay == nil { _ = home.table.handle(input, in: HomeLayout(size: size, notice: notice).table) }
            return .continue
        }
    }

    private mutating func handleInHelp(_ key: Key) -> LoopAction {
        switch key {
        case .control("c"): return .exit(0)
        case .escape, .character("?"), .character("q"), .function(1), .enter: overlay = nil
        default: break
        }
        return .continue
    }

    mutating func reload() {
        do {
            home.show(try services.store.integrations())
        } catch {
            home.loadError = "\(error)"
        }
    }

    public func render(into buffer: inout ScreenBuffer) {
        let area = buffer.bounds
        ScreenChrome(title: "PSA Integrations", notice: notice, hints: WizardApp.keyMap.hints)
            .render(in: area, into: &buffer)
        HomeView(state: home, layout: HomeLayout(size: buffer.size, notice: notice)).render(in: area, into: &buffer)
        if overlay == .help {
            HelpOverlay(sections: [
                ("PSA Integrations", WizardApp.keyMap.helpEntries),
                ("Integration list", TableState<Integration>.inputHelp),
            ]).render(in: area, into: &buffer)
        }
    }
}
