import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

// Exit statuses (DESIGN §4): 0 success, 1 a failure the admin can fix, 2 wrong usage
// (rather than the argument parser's 64).
do {
    var command = try PsalinkCommand.parseAsRoot()
    if let asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(asyncCommand)
    } else {
        try command.run()
    }
} catch let failure as CommandFailure {
    FileHandleOutput.error(failure.description)
    exit(1)
} catch {
    if PsalinkCommand.exitCode(for: error) == .validationFailure {
        FileHandleOutput.standardError(PsalinkCommand.fullMessage(for: error))
        exit(2)
    }
    PsalinkCommand.exit(withError: error)
}

/// Opens the existential so that the async `run` is chosen rather than the inherited sync one.
func runAsync<Command: AsyncParsableCommand>(_ command: Command) async throws {
    var command = command
    try await command.run()
}
