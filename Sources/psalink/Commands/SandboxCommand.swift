import ArgumentParser
import Dispatch
import Foundation
import PSASandbox

#if canImport(Glibc)
    import Glibc
#endif

/// `psalink sandbox`: the emulated PSAs in the foreground, until Ctrl-C or SIGTERM.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run emulated HaloPSA, ConnectWise, Autotask and Nerdio APIs on 127.0.0.1.",
        discussion: """
            Prints one JSON line with the URLs and credentials to use, then serves until interrupted.

            Faults on purpose, for tests and demos: POST /sandbox/faults with {"fault": "status" \
            (with "status": 503), "drop", "delay", "html", "empty", "cutoff", "redirect" or \
            "commitThenDrop", "count": N or "rate": 0.2, "pathContains": "zoneInformation"}; \
            DELETE /sandbox/faults clears them; GET /sandbox/requests?contains=TEXT counts the \
            requests received.
            """
    )

    @Option(help: "The port (0 picks a free one).") var port: Int = 0
    @Option(help: "Companies in each PSA.") var companies: Int = 40
    @Option(help: "Seed for the generated data.") var seed: UInt64 = 1

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (0...1_000_000).contains(companies) else {
            throw ValidationError("--companies must be between 0 and 1000000")
        }
    }

    func run() async throws {
        let sandbox = PSASandbox(configuration: .init(companyCount: companies, seed: seed))
        let running: RunningSandbox
        do {
            running = try await sandbox.start(port: port)
        } catch {
            throw CommandFailure("the sandbox could not listen on 127.0.0.1:\(port): \(error)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try encoder.encode(running.endpoints) + Data("\n".utf8))

        let stop = AsyncStream<Void>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { stop.continuation.finish() }
            source.resume()
            sources.append(source)
        }
        for await _ in stop.stream {}
        await running.stop()
        for source in sources { source.cancel() }
    }
}
