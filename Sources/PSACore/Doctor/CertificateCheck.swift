import Foundation

/// Whether the PSA's certificate verifies and how long it has left.
public enum CertificateCheck {
    public static func evaluate(
        integration name: String, url: String, outcome: HostProbeOutcome, now: Date = Date(),
        thresholds: DoctorThresholds = DoctorThresholds()
    ) -> DoctorCheck {
        let check = "tls"
        let result: HostProbeResult
        switch outcome {
        case .answered(let answered):
            result = answered
        case .failed(.tlsFailure(let detail)):
            return DoctorCheck(
                name: check, status: .fail,
                detail: "\(url): the certificate does not verify: \(SecretRedaction.redact(detail))",
                advice: [.renewCertificateOrTrustCA], integration: name)
        case .failed(let error):
            return DoctorCheck(
                name: check, status: .warn, detail: "\(url): not checked: \(HostProbeOutcome.clause(error))",
                advice: [.seeCredentialsCheck], integration: name)
        case .noAnswer(let waited):
            return DoctorCheck(
                name: check, status: .warn, detail: "\(url): no answer within \(waited.components.seconds) s",
                advice: [.seeCredentialsCheck], integration: name)
        }
        guard result.usesTLS else {
            // psalink allows plain http only to this machine (URLPolicy), so nothing crosses a network.
            return DoctorCheck(
                name: check, status: .ok, detail: "\(url): not TLS (plain http to this machine)", integration: name)
        }
        guard let expiry = result.certificateExpiry else {
            return DoctorCheck(
                name: check, status: .ok,
                detail: "\(url): certificate verified (the TLS library did not report its expiry)", integration: name)
        }
        let left = expiry.timeIntervalSince(now)
        let days = Int((left / 86_400).rounded(.down))
        if left <= 0 {
            return DoctorCheck(
                name: check, status: .fail, detail: "\(url): the certificate expired \(DoctorWording.time(expiry))",
                advice: [.renewExpiredCertificate], integration: name)
        }
        if days < thresholds.certificateDays {
            return DoctorCheck(
                name: check, status: .warn,
                detail: "\(url): the certificate expires in \(DoctorWording.age(left)) (\(DoctorWording.time(expiry)))",
                advice: [.renewCertificateSoon],
                integration: name)
        }
        return DoctorCheck(
            name: check, status: .ok,
            detail: "\(url): certificate valid until \(DoctorWording.time(expiry)) (\(days) days)", integration: name)
    }
}
