/// Where an event goes while its account's mapped company is gone from the PSA, inactive or
/// merged (`settings set NAME broken-mapping=…`, DESIGN §6).
public enum BrokenMappingPolicy: String, CaseIterable, Sendable, Codable {
    /// To the MSP-level customer, with a note naming the account and why (the default).
    case msp
    /// In the outbox, state `held`, until the account is remapped or the policy changes.
    case hold
    /// No ticket; the event is recorded as skipped with why.
    case skip
    /// To the mapped company as before, whatever the PSA says of it.
    case send
}
