import Foundation

/// Whether the `serve` that last started on this database still answers.
public enum ServeCheck {
    /// `answer` nil: there was no record to ask.
    public static func evaluate(_ instance: ServeInstance?, answer: ServeAnswer?, thisHost: String) -> DoctorCheck {
        let check = "serve"
        guard let instance else {
            return DoctorCheck(
                name: check, status: .warn,
                detail: "serve has not run on this database, or stopped cleanly: nothing takes events over HTTP",
                advice: [.startServe])
        }
        let elsewhere = instance.hostName == thisHost ? "" : " on \(instance.hostName)"
        let who = "pid \(instance.pid)\(elsewhere), started \(DoctorWording.time(instance.startedAt))"
        switch answer {
        case .answered(let status) where (200..<300).contains(status):
            return DoctorCheck(name: check, status: .ok, detail: "answers at \(instance.listenURL) (\(who))")
        case .answered(let status):
            return DoctorCheck(
                name: check, status: .fail,
                detail: "\(instance.listenURL) answered /health with \(status) (\(who)): another program may hold "
                    + "the port", advice: [.checkWhatHoldsPort, .checkServeService])
        case .failed(let error):
            return DoctorCheck(
                name: check, status: .fail,
                detail: "no answer at \(instance.listenURL) (\(who)): \(HostProbeOutcome.clause(error))",
                advice: [.checkServeService, .startServe])
        case nil:
            return DoctorCheck(
                name: check, status: .fail, detail: "not asked (\(who))", advice: [.checkServeService])
        }
    }
}
