/// The outcome psalink's notes carry when no setting names one. Halo refuses an action
/// without an outcome; the built-in "Private Note" kind (hidden from the user, changing no
/// status) is what an automated note is, so the first such outcome `GET /Outcome` lists is
/// used (nil when it lists none). It is read once per connection, by one request however
/// many notes wait for it; a failed read is the note's failure, transient or not as the
/// answer says, never a note sent without its outcome.
extension HaloConnector {
    func internalNoteOutcome() async throws(ConnectorError) -> String? {
        try await noteOutcome.value { () async throws(ConnectorError) -> String? in
            let rows = try await list("/Outcome", [], key: "outcomes")
            return rows.first { row in
                row["hidefromuser"]?.bool == true && (row["newstatus"]?.int ?? 0) == 0 && row["hidden"]?.bool != true
            }?["id"]?.idText
        }
    }
}
