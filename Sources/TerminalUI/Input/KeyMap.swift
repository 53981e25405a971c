/// One entry of a key map: the keys, the command they give, and what help says about it.
public struct KeyBinding<Command: Hashable & Sendable>: Sendable {
    public var keys: [Key]
    public var command: Command
    public var help: String
    /// The short label of the key-hint bar; nil keeps the binding to the help overlay.
    public var hint: String?

    public init(_ keys: [Key], _ command: Command, _ help: String, hint: String? = nil) {
        self.keys = keys
        self.command = command
        self.help = help
        self.hint = hint
    }

    public var keyLabel: String { keys.map(\.label).joined(separator: "/") }
}

/// Turns keys into commands. Keys are data, so help and hint bars are generated from the
/// same table that handles input and can never disagree with it.
///
/// A binding can be disabled for the moment (nothing highlighted to edit, a tab not open
/// yet): its keys then give no command, and neither the hint bar nor the help shows it, so
/// the screen only offers what works now.
public struct KeyMap<Command: Hashable & Sendable>: Sendable {
    public private(set) var bindings: [KeyBinding<Command>]
    public private(set) var disabled: Set<Command> = []
    private var lookup: [Key: Command] = [:]

    public init(_ bindings: [KeyBinding<Command>]) {
        self.bindings = bindings
        for binding in bindings {
            for key in binding.keys where lookup[key] == nil { lookup[key] = binding.command }
        }
    }

    /// The same map with `commands` disabled.
    public func disabling(_ commands: some Sequence<Command>) -> KeyMap {
        var copy = self
        copy.disabled.formUnion(commands)
        return copy
    }

    public func isEnabled(_ command: Command) -> Bool { !disabled.contains(command) }

    public func command(for key: Key) -> Command? {
        guard let command = lookup[key], isEnabled(command) else { return nil }
        return command
    }

    private var enabledBindings: [KeyBinding<Command>] { bindings.filter { isEnabled($0.command) } }

    public var hints: [KeyHint] {
        enabledBindings.compactMap { binding in
            binding.hint.map { KeyHint(key: binding.keys.first?.label ?? "", label: $0) }
        }
    }

    public var helpEntries: [KeyHint] { enabledBindings.map { KeyHint(key: $0.keyLabel, label: $0.help) } }
}

/// A key and what it does, as shown to the user.
public struct KeyHint: Hashable, Sendable {
    public var key: String
    public var label: String

    public init(key: String, label: String) {
        self.key = key
        self.label = label
    }
}
