import Foundation
import PSASandbox

/// `psalink sandbox` in its own process, and the endpoints its first line announces.
struct SandboxProcess {
    let process: BackgroundProcess
    let endpoints: SandboxEndpoints

    /// The sandbox with `companies` companies per PSA; nil, said under `label`, when it did not start.
    static func start(binary: String, companies: Int = 200, label: String) -> SandboxProcess? {
        guard let process = BackgroundProcess.start([binary, "sandbox", "--port", "0", "--companies", "\(companies)"])
        else {
            print("\(label): the sandbox did not start")
            return nil
        }
        guard let line = process.firstLine,
            let endpoints = try? JSONDecoder().decode(SandboxEndpoints.self, from: Data(line.utf8))
        else {
            process.stop()
            print("\(label): the sandbox did not start")
            return nil
        }
        return SandboxProcess(process: process, endpoints: endpoints)
    }

    func stop() { process.stop() }
}
