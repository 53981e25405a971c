import PSACore

/// `doctor`'s advice in this command line's terms.
enum DoctorAdviceWording {
    static func text(_ advice: [DoctorAdvice]) -> String? {
        advice.isEmpty ? nil : advice.map(sentence).joined(separator: " ")
    }

    static func sentence(_ advice: DoctorAdvice) -> String {
        switch advice {
        case .checkDatabaseLocation(let path):
            return "Check --db and PSALINK_DB (now \(path)), and run doctor as the user psalink runs as."
        case .restoreFromBackup(let path):
            return "Stop psalink serve, copy \(path) aside and restore it from a backup."
        case .runAsDatabaseOwner:
            return "Run psalink as the database's owner, or give the file back to this user (chmod 600)."
        case .restrictModes(let paths):
            return "chmod 600 " + paths.map(quotedIfNeeded).joined(separator: " ")
        case .findWhatWidenedModes:
            return "Find what widened it (a copy, a restore, an editor) and treat the secrets as seen."
        case .checkpointWriteAheadLog(let path):
            return "Restart psalink serve and close open wizards, or run: sqlite3 \(quotedIfNeeded(path)) "
                + "'PRAGMA wal_checkpoint(TRUNCATE);'"
        case .keepSecretsKeyApart(let path):
            return "Move \(quotedIfNeeded(path)) out of the backed-up folder and name it with PSALINK_KEY_FILE "
                + "(README, Secrets at rest); back it up apart from the data."
        case .restoreSecretsKey:
            return "Put back the key file the secrets were sealed with, or name it with PSALINK_KEY_FILE; "
                + "without it, enter each integration's credentials again in a new database."
        case .checkNetworkThenValidate(let name):
            return "Check the network path to the PSA, then: psalink integration validate \(quoted(name))"
        case .validateLater(let name):
            return "The PSA may be down or unreachable; later: psalink integration validate \(quoted(name))"
        case .fixCredentials(let name):
            return "Correct them in the wizard (psalink, Enter on the integration), then: "
                + "psalink integration validate \(quoted(name))"
        case .addIntegrationAgain:
            return "Remove it and add it again: psalink integration remove, psalink integration add."
        case .seeDatabaseChecks:
            return "See the database checks."
        case .runDoctorLater:
            return "The PSA's rate budget is holding requests back; run psalink doctor again later."
        case .lowerRateLimitIfRecurring(let name):
            return "Events wait and go out after it. If it recurs: psalink settings set \(quoted(name)) "
                + "rate-limit=N/SECONDS"
        case .findWhatUsesBudget:
            return "Requests will start to wait; see what sends them (psalink audit, serve's --sync-every)."
        case .sharedAutotaskUsage:
            return "Other integrations of this Autotask database use most of it; psalink slows down to keep the "
                + "API open."
        case .renewCertificateOrTrustCA:
            return "Have the PSA's certificate fixed, or name its private CA with --ca-bundle PATH."
        case .renewExpiredCertificate:
            return "The PSA's certificate must be renewed; no request reaches the PSA until then."
        case .renewCertificateSoon:
            return "Have the PSA's certificate renewed before then (the PSA's host or vendor)."
        case .seeCredentialsCheck:
            return "See the credentials check."
        case .checkTimeSync:
            return "Check this machine's time (timedatectl status); if it is right, tell the PSA's host."
        case .setUpNerdioSyncAgain:
            return "Set it up again: psalink accounts sync --url URL --tenant T --client-id ID ..."
        case .runSync(let name?):
            return "Run psalink sync \(quoted(name)), or let psalink serve --sync-every HOURS do it."
        case .runSync(nil):
            return "Run psalink sync, or let psalink serve --sync-every HOURS do it."
        case .reviewMappings(let name):
            return "Review them: psalink mapping list \(quoted(name)), then psalink mapping set or the wizard."
        case .checkDelivery:
            return "Events are not going out: see the serve and credentials checks."
        case .inspectFailedEvents:
            return "See them with psalink tickets list --state failed; R on the wizard's Tickets screen retries."
        case .startServe:
            return "Start it: systemctl start psalink, or psalink serve --listen 127.0.0.1:PORT --token-file PATH."
        case .checkWhatHoldsPort:
            return "See what listens there: ss -ltnp."
        case .checkServeService:
            return "systemctl status psalink; journalctl -u psalink."
        }
    }

    private static func quoted(_ name: String) -> String { "\"\(name)\"" }

    private static func quotedIfNeeded(_ path: String) -> String {
        path.contains(where: { $0 == " " || $0 == "'" || $0 == "\"" }) ? "'\(path)'" : path
    }
}
