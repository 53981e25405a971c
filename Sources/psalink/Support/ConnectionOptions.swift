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

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second") }
    }

    var client: HTTPClient {
        HTTPClient(configuration: .init(totalTimeout: .seconds(timeout), caBundlePath: caBundle))
    }

    /// A create cut short by a crash is looked up once its request can no longer be running.
    var deliveryOptions: DeliveryWorker.Options {
        DeliveryWorker.Options(createSettleTime: TimeInterval(timeout))
    }
}
