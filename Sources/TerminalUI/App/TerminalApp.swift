/// A full-screen program in the model -> view -> buffer style.
///
/// The run loop owns the terminal and calls `update` for every event, then `render` to
/// draw the new state. Slow work runs elsewhere and comes back as a `Message` posted to
/// the loop's `MessageInbox`.
public protocol TerminalApp {
    associatedtype Message: Sendable

    mutating func update(_ event: AppEvent<Message>) -> LoopAction
    func render(into buffer: inout ScreenBuffer)

    /// True while something on screen moves (a spinner): the loop then ticks ~10 times a
    /// second instead of sleeping until input.
    var isAnimating: Bool { get }
}

public enum AppEvent<Message: Sendable>: Sendable {
    case input(InputEvent)
    case message(Message)
    /// Time passed while animating.
    case tick
}

public enum LoopAction: Equatable, Sendable {
    case `continue`
    case exit(Int32)
}
