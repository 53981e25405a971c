import ArgumentParser
import Foundation
import PSACore

/// How psalink reaches a PSA.
struct ConnectionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A PEM file of trusted certificate authorities (TLS verification stays on).",
            valueName: "path"))
    var caBundle: String?

    @Option(help: ArgumentHelp("Seconds before one request gives up.", valueName: "seconds"))
    var timeout: Int = 60

    /// For tests: the delivery worker's first wait before trying an event again, in seconds; it
    /// doubles up to 150 times this, and the PSA is checked for events whose retries ran out
    /// every 90 times this. 2 s (to 300 s, and every 180 s) unless given.
    @Option(help: .hidden) var retryBackoff: Double?

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second") }
        if let retryBackoff, !(retryBackoff > 0 && retryBackoff <= 2) {
            throw ValidationError("--retry-backoff must be more than 0 and at most 2 seconds")
        }
    }

    var client: HTTPClient {
        HTTPClient(configuration: .init(totalTimeout: .seconds(timeout), caBundlePath: caBundle))
    }

    /// Connectors on `client` whose requests draw from the rate budgets of their PSA tenants,
    /// kept in `store` and shared with every other psalink process on it.
    func connectors(for store: Store) -> @Sendable (Credentials) -> any PSAConnector {
        let client = client
        let budgets = RateBudgets(store: store)
        return { PSAConnectors.make($0, client: client, budgets: budgets) }
    }

    /// A create cut short by a crash is looked up once its request can no longer be running.
    var deliveryOptions: DeliveryWorker.Options {
        var options = DeliveryWorker.Options(createSettleTime: TimeInterval(timeout))
        if let retryBackoff {
            options.firstBackoff = retryBackoff
            options.maximumBackoff = retryBackoff * 150
            options.probeInterval = retryBackoff * 90
        }
        return options
    }
}
