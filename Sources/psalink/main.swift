import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

// Usage errors exit with 2 (DESIGN §4) rather than the argument parser's 64.
do {
    var command = try PsalinkCommand.parseAsRoot()
    try command.run()
} catch {
    let status = PsalinkCommand.exitCode(for: error)
    if status == .validationFailure {
        let message = PsalinkCommand.fullMessage(for: error)
        FileHandleOutput.standardError(message)
        exit(2)
    }
    PsalinkCommand.exit(withError: error)
}
