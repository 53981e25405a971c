import Foundation

/// Whether the PSA still accepts an integration's credentials, from the outcome of
/// `IntegrationValidation` (the check `integration validate` runs).
public enum CredentialCheck {
    /// `outcome` nil: no answer within `waited` (the run's limit per integration).
    public static func evaluate(integration name: String, outcome: ValidationOutcome?, waited: Duration) -> DoctorCheck
    {
        let check = "credentials"
        guard let outcome else {
            return DoctorCheck(
                name: check, status: .fail, detail: "no answer from the PSA within \(waited.components.seconds) s",
                advice: [.checkNetworkThenValidate(integration: name)], integration: name)
        }
        switch outcome {
        case .valid:
            return DoctorCheck(name: check, status: .ok, detail: "valid", integration: name)
        case .refused(let error, _):
            let advice: DoctorAdvice =
                error.isTransient ? .validateLater(integration: name) : .fixCredentials(integration: name)
            return DoctorCheck(
                name: check, status: .fail, detail: error.description, advice: [advice], integration: name)
        case .unusable(let reason):
            return DoctorCheck(
                name: check, status: .fail, detail: reason.description, advice: [.addIntegrationAgain],
                integration: name)
        case .notRecorded(let error, let refusal):
            if let refusal {
                return DoctorCheck(
                    name: check, status: .fail, detail: refusal.description,
                    advice: [.fixCredentials(integration: name)], integration: name)
            }
            return DoctorCheck(
                name: check, status: .warn, detail: "valid, but the result could not be recorded: \(error.description)",
                advice: [.seeDatabaseChecks], integration: name)
        case .notChecked(let error):
            return DoctorCheck(
                name: check, status: .warn, detail: "not checked: \(error.description)", advice: [.runDoctorLater],
                integration: name)
        }
    }
}
