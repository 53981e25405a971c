/// What to do about a check that is not ok. Typed rather than worded, since PSACore knows no
/// command names (DESIGN §2): each front end says it in its own terms.
public enum DoctorAdvice: Sendable, Equatable {
    /// The database could not be opened: the configured location, or a damaged file.
    case checkDatabaseLocation(path: String)
    case restoreFromBackup(path: String)
    case runAsDatabaseOwner
    case restrictModes(paths: [String])
    /// The mode was already tightened; the secrets may have been read.
    case findWhatWidenedModes
    case checkpointWriteAheadLog(path: String)
    /// The secrets key lies beside the database and travels in its backups.
    case keepSecretsKeyApart(path: String)
    /// The secrets key is missing, another key, or unusable.
    case restoreSecretsKey

    case checkNetworkThenValidate(integration: String)
    /// A transient answer: the PSA may be down.
    case validateLater(integration: String)
    case fixCredentials(integration: String)
    case addIntegrationAgain
    case seeDatabaseChecks
    /// The rate budget held the check back.
    case runDoctorLater

    case lowerRateLimitIfRecurring(integration: String)
    case findWhatUsesBudget
    case sharedAutotaskUsage

    case renewCertificateOrTrustCA
    case renewExpiredCertificate
    case renewCertificateSoon
    /// The PSA did not answer the probe: the credentials check says more.
    case seeCredentialsCheck
    case checkTimeSync

    case setUpNerdioSyncAgain
    /// nil: every integration.
    case runSync(integration: String?)
    case reviewMappings(integration: String)

    case checkDelivery
    case inspectFailedEvents

    case startServe
    case checkWhatHoldsPort
    case checkServeService
}
