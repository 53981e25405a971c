import Testing

@testable import TerminalUI

/// Key maps with bindings switched off for the moment, and pasted text as key presses.
@Suite struct KeyMapEnablingTests {
    enum Command: Hashable, Sendable { case add, edit, quit }

    let map = KeyMap<Command>([
        KeyBinding([.character("a")], .add, "Add", hint: "Add"),
        KeyBinding([.enter, .character("e")], .edit, "Edit the highlighted one", hint: "Edit"),
        KeyBinding([.character("q")], .quit, "Quit", hint: "Quit"),
    ])

    @Test func aDisabledBindingGivesNoCommandAndIsNotOffered() {
        let now = map.disabling([.edit])
        #expect(now.command(for: .enter) == nil && now.command(for: .character("e")) == nil)
        #expect(now.command(for: .character("a")) == .add)
        #expect(now.hints.map(\.label) == ["Add", "Quit"])
        #expect(now.helpEntries.map(\.key) == ["a", "q"])
        #expect(map.command(for: .enter) == .edit)
        #expect(map.hints.map(\.label) == ["Add", "Edit", "Quit"])
    }

    @Test func pastedTextIsOneKeyPerCharacterWithLineEndsAsEnter() {
        #expect(
            InputEvent.text("a?\r\tb").keyPresses == [
                .key(.character("a")), .key(.character("?")), .key(.enter), .key(.tab), .key(.character("b")),
            ])
        #expect(InputEvent.key(.escape).keyPresses == [.key(.escape)])
    }
}
