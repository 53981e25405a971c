import Synchronization

/// The outcome psalink's notes carry when no setting names one. Halo refuses an action
/// without an outcome; the built-in "Private Note" kind (hidden from the user, changing no
/// status) is what an automated note is, so the first such outcome `GET /Outcome` lists is
/// used. It is read once per connection.
final class HaloNoteOutcomeCache: Sendable {
    private let found = Mutex<String??>(nil)

    var value: String?? { found.withLock { $0 } }

    func store(_ outcome: String?) { found.withLock { $0 = .some(outcome) } }
}

extension HaloConnector {
    func internalNoteOutcome() async -> String? {
        if let known = noteOutcome.value { return known }
        guard let rows = try? await list("/Outcome", [], key: "outcomes") else { return nil }
        let chosen = rows.first { row in
            row["hidefromuser"]?.bool == true && (row["newstatus"]?.int ?? 0) == 0 && row["hidden"]?.bool != true
        }?["id"]?.idText
        noteOutcome.store(chosen)
        return chosen
    }
}
