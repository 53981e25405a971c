import Foundation
import PSACore
import PSASandbox

/// `psalink companies refresh` of 50,000 companies per vendor against the sandbox, run as
/// the real command so that the figures include the store and the process itself.
enum CompanyRefreshBenchmark {
    struct Vendor {
        var system: String
        /// The largest page the vendor allows for its company list.
        var largestPage: Int
        /// Requests beyond the pages that the listing needs: HaloPSA's Microsoft 365
        /// connections and the one connection's tenant links.
        var extraRequests = 0
        var addArguments: (SandboxEndpoints) -> [String]
        var secret: (SandboxCredentials) -> String
    }

    static var vendors: [Vendor] {
        [
            Vendor(
                system: "halo", largestPage: HaloPageSize.clients, extraRequests: 2,
                addArguments: { endpoints in
                    [
                        "--url", endpoints.haloURL, "--client-id", endpoints.credentials.haloClientID,
                        "--client-secret-env", "BENCH_SECRET", "--tenant", endpoints.credentials.haloTenant,
                    ]
                }, secret: \.haloClientSecret),
            Vendor(
                system: "connectwise", largestPage: 1000,
                addArguments: { endpoints in
                    [
                        "--site", endpoints.connectWiseSite, "--company", endpoints.credentials.connectWiseCompany,
                        "--public-key", endpoints.credentials.connectWisePublicKey, "--private-key-env", "BENCH_SECRET",
                        "--client-id", endpoints.credentials.connectWiseClientID,
                    ]
                }, secret: \.connectWisePrivateKey),
            Vendor(
                system: "autotask", largestPage: 500,
                addArguments: { endpoints in
                    [
                        "--username", endpoints.credentials.autotaskUsername, "--secret-env", "BENCH_SECRET",
                        "--integration-code", endpoints.credentials.autotaskIntegrationCode, "--zone-discovery-url",
                        endpoints.autotaskZoneDiscoveryURL,
                    ]
                }, secret: \.autotaskSecret),
        ]
    }

    /// The sandbox runs as its own process (`psalink sandbox`): the kernel carries a parent's
    /// peak memory over into a spawned child's figure, so the process that spawns the measured
    /// commands must stay small.
    static func run(binary: String, workFolder: String, companies: Int = 50_000, repetitions: Int = 3) async throws {
        guard let sandbox = SandboxProcess.start(binary: binary, companies: companies, label: "companies refresh")
        else { return }
        defer { sandbox.stop() }
        let endpoints = sandbox.endpoints
        for vendor in vendors {
            let database = workFolder + "/refresh-\(vendor.system).sqlite"
            let environment = [
                "PSALINK_DB": database, "HOME": workFolder,
                "BENCH_SECRET": vendor.secret(endpoints.credentials),
            ]
            guard
                let added = ChildProcess.run(
                    [binary, "integration", "add", "--system", vendor.system, "--name", vendor.system]
                        + vendor.addArguments(endpoints), environment: environment),
                added.status == 0
            else {
                print("companies refresh (\(vendor.system)): could not add the integration")
                continue
            }
            // The sandbox has no rate limit: tell psalink so, as an admin would for their PSA, so
            // that the figures are the refresh's own and not the default budget's pace.
            guard
                let limited = ChildProcess.run(
                    [binary, "settings", "set", vendor.system, "rate-limit=100000/1"], environment: environment),
                limited.status == 0
            else {
                print("companies refresh (\(vendor.system)): could not set the rate limit")
                continue
            }
            var times: [Double] = []
            var memories: [Double] = []
            var requests = 0
            var count = 0
            for _ in 0..<repetitions {
                guard
                    let refresh = ChildProcess.run(
                        [binary, "companies", "refresh", vendor.system, "--json"], environment: environment),
                    refresh.status == 0,
                    let summary = try? JSONSerialization.jsonObject(with: Data(refresh.output.utf8)) as? [String: Any]
                else {
                    print("companies refresh (\(vendor.system)): the command failed")
                    break
                }
                times.append(refresh.milliseconds)
                memories.append(Double(refresh.peakMemory) / 1_048_576)
                requests = summary["requests"] as? Int ?? -1
                count = summary["count"] as? Int ?? -1
            }
            guard !times.isEmpty else { continue }
            let minimum = (companies + vendor.largestPage - 1) / vendor.largestPage + vendor.extraRequests
            let verdict =
                requests == minimum && Measure.median(times) < 5000 && Measure.median(memories) < 200 ? "met" : "MISSED"
            print(
                "companies refresh \(vendor.system.padding(toLength: 11, withPad: " ", startingAt: 0)) "
                    + "\(count) companies  requests \(requests) (minimum \(minimum))  "
                    + "median \(Measure.format(Measure.median(times))) ms  peak \(Measure.format(Measure.median(memories))) MB"
                    + "  n=\(times.count)  (targets: minimum requests, < 5 s, < 200 MB: \(verdict))")
        }
    }
}
