import ArgumentParser
import Foundation
import PSACore
import TerminalUI

/// `psalink doctor`: one line per check of the database, each integration, the sync, the
/// outbox, maintenance and serve; exit 1 when any check fails.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Check the database, the PSAs, the outbox and serve, and say what to fix.",
        discussion: """
            Each line starts with ok, warn or fail, names the check and says what it found; a line \
            starting with -> says what to do. Exit status 1 when any check fails; warnings alone exit 0.

            For each integration the credentials are checked as psalink integration validate does \
            (recording the integration's health as validate does), and the PSA's address is asked \
            once for its certificate and its clock. Those checks run for all integrations at once; \
            each request gives up after 5 seconds (or --timeout, if shorter).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "Print one JSON document.") var json = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let path: String
        do {
            path = try DatabaseLocation.resolve(argument: global.db, environment: environment)
        } catch {
            throw CommandFailure(FlagWording.describe(error))
        }
        let report = await Self.report(
            path: path, connection: connection, requestTimeout: .seconds(min(connection.timeout, 5)))
        if json {
            try JSONOutput.print(DoctorJSON(report))
        } else {
            for line in Self.lines(report, width: 80) { print(line) }
        }
        if !report.passes { throw ExitCode(1) }
    }

    static func report(path: String, connection: ConnectionOptions, requestTimeout: Duration) async -> DoctorReport {
        // Opening the store tightens the file's mode: read it before, so a wide one is still seen.
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let modesBeforeOpen = DatabaseFacts.modes(of: absolute)
        // Opening a missing database creates an empty one, which would then pass every check:
        // doctor run as another user, or without the service's --db, would vouch for nothing.
        guard FileManager.default.fileExists(atPath: absolute) else {
            let facts = DatabaseFacts(
                path: absolute, modesBeforeOpen: [:], modes: [:], writable: false, walBytes: nil, integrity: nil,
                exists: false)
            return DoctorReport(checks: [DatabaseChecks.integrity(facts)])
        }
        let store: Store
        do {
            store = try Store.open(at: path)
        } catch .secretsKey(let problem) {
            return DoctorReport(checks: [SecretsKeyCheck.refused(problem)])
        } catch {
            let facts = DatabaseFacts(
                path: absolute, modesBeforeOpen: modesBeforeOpen, modes: DatabaseFacts.modes(of: absolute),
                writable: false, walBytes: nil, integrity: nil, openError: FlagWording.describe(error))
            return DoctorReport(checks: [DatabaseChecks.integrity(facts)])
        }
        let client = HTTPClient(
            configuration: .init(
                connectTimeout: requestTimeout, totalTimeout: requestTimeout, caBundlePath: connection.caBundle))
        let budgets = RateBudgets(store: store)
        let run = DoctorRun(
            store: store, probeConfiguration: client.configuration,
            // Room for the two requests of an Autotask check (zone, then the API) and a token.
            limit: requestTimeout * 3 + .seconds(1),
            makeConnector: { PSAConnectors.make($0, client: client, budgets: budgets) })
        let database = DatabaseChecks.all(run.databaseFacts(modesBeforeOpen: modesBeforeOpen))
        let key = SecretsKeyCheck.evaluate(
            location: store.secretKeyLocation, sealedWith: (try? store.secretsKeyID()) ?? nil)
        return DoctorReport(checks: database + [key] + (await run.checks()))
    }

    /// Lines of at most `width` columns, broken between words, and inside a word (a long path)
    /// only where one does not fit on a line by itself.
    static func wrap(_ text: String, width: Int) -> [String] {
        Paragraph.wrap(text, width: width).flatMap { line -> [String] in
            var pieces: [String] = []
            var rest = Substring(line)
            while !rest.isEmpty {
                let piece = TextFitting.prefix(String(rest), columns: width)
                guard !piece.isEmpty else { break }
                pieces.append(piece)
                rest = rest.dropFirst(piece.count)
            }
            return pieces
        }
    }

    /// The report for a terminal: status word first, the check's name, then what was found,
    /// wrapped under itself; advice on its own line after "->". Text from a PSA (error
    /// messages, names) is escaped.
    static func lines(_ report: DoctorReport, width: Int) -> [String] {
        let nameWidth = 12
        let indent = 6 + nameWidth + 1
        let textWidth = max(20, width - indent)
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        for check in report.checks {
            let subject = check.integration.map { "\"\($0)\": " } ?? ""
            let detail = wrap(TerminalSafeText.escaped(subject + check.detail), width: textWidth)
            let head =
                TextFitting.padded(check.status.rawValue, to: 6) + TextFitting.padded(check.name, to: nameWidth)
                + " "
            for (index, line) in detail.enumerated() { lines.append((index == 0 ? head : margin) + line) }
            if let advice = DoctorAdviceWording.text(check.advice) {
                let wrapped = wrap(TerminalSafeText.escaped(advice), width: textWidth - 3)
                for (index, line) in wrapped.enumerated() { lines.append(margin + (index == 0 ? "-> " : "   ") + line) }
            }
        }
        let counts = DoctorCheck.Status.allCases.map { status in
            "\(report.checks.filter { $0.status == status }.count) \(status.rawValue)"
        }
        lines.append("")
        lines.append("\(report.status.rawValue): \(counts.joined(separator: ", "))")
        return lines
    }
}

/// `doctor --json`: `{"checks":[{"name","status","detail","advice","integration"}],"status"}`,
/// every key present (null when there is nothing to say).
struct DoctorJSON: Encodable {
    struct Check: Encodable {
        var name: String
        var status: String
        var detail: String
        var advice: String?
        var integration: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(status, forKey: .status)
            try container.encode(detail, forKey: .detail)
            try container.encode(advice, forKey: .advice)
            try container.encode(integration, forKey: .integration)
        }

        private enum CodingKeys: String, CodingKey { case name, status, detail, advice, integration }
    }

    var checks: [Check]
    var status: String

    init(_ report: DoctorReport) {
        checks = report.checks.map {
            Check(
                name: $0.name, status: $0.status.rawValue, detail: $0.detail,
                advice: DoctorAdviceWording.text($0.advice), integration: $0.integration)
        }
        status = report.status.rawValue
    }
}
