import ArgumentParser
import Foundation
import PSACore

#if canImport(Glibc)
    import Glibc
#endif

/// `psalink export`: the whole configuration as one JSON document (DESIGN §4).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the whole configuration as one JSON document.",
        discussion: """
            The document holds the integrations with their credentials, ticket settings, \
            integration settings (rate-limit), queues, MSP customer and mappings, the Nerdio \
            accounts and the Nerdio sync settings; not the company cache, events or tickets. Secret credential fields are left out unless \
            --include-secrets is given; then they are written in clear, not sealed with the key \
            as in the database, and a note on standard error says so. psalink import reads it back.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Include the secret credential fields, in clear (keep the document as safe as the key file).")
    var includeSecrets = false
    @Option(help: ArgumentHelp("Write to this file (created 0600) instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        if let output, output.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--output: is empty")
        }
    }

    func run() throws {
        let access = try StoreAccess(global, environment: ProcessInfo.processInfo.environment)
        let document = try access.run { try $0.exportConfiguration(includeSecrets: includeSecrets) }
        let data: Data
        do {
            data = try document.encoded()
        } catch {
            throw CommandFailure("the configuration cannot be encoded as JSON")
        }
        guard let output else {
            FileHandle.standardOutput.write(data)
            if includeSecrets {
                FileHandleOutput.error(
                    "psalink export: the secrets are written in clear, not sealed as in the database")
            }
            return
        }
        try Self.write(data, to: output)
        print(
            "Exported \(document.integrations.count) integrations and \(document.accounts.count) accounts to "
                + "\(output)"
                + (includeSecrets
                    ? " (secrets included, in clear: the file is readable by you only; keep it as safe as the key file)."
                    : " (without secrets)."))
    }

    /// Writes `data` to a file readable by its owner only, whether or not it existed.
    static func write(_ data: Data, to path: String) throws(CommandFailure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CommandFailure("cannot write \(path) (\(String(cString: strerror(errno))))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        guard fchmod(descriptor, 0o600) == 0 else {
            throw CommandFailure("cannot restrict \(path) to its owner (\(String(cString: strerror(errno))))")
        }
        do {
            try handle.write(contentsOf: data)
            try handle.close()
        } catch {
            throw CommandFailure("cannot write \(path) (\(error.localizedDescription))")
        }
    }
}
