import Foundation

/// How the probe of a PSA's base address ended (`HostProbe`).
public enum HostProbeOutcome: Sendable, Equatable {
    case answered(HostProbeResult)
    case failed(HTTPError)
    /// The run's limit per integration passed first.
    case noAnswer(waited: Duration)

    /// The error's sentence without its closing period, to sit inside a longer one.
    static func clause(_ error: HTTPError) -> String {
        var text = error.description
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
