import PSACore

/// The Tickets screen's read of a ticket's request log: one indexed query, as fast as the
/// history's, so it runs with it on the UI thread.
extension WizardServices {
    /// The most requests the detail lists, newest first: the store keeps as many per ticket.
    static let requestLimit = Store.RequestLogBounds().perTicket

    func requestLog(ticketRow: Int64) -> Result<[RequestLogEntry], WizardFailure> {
        do throws(StoreError) {
            return .success(try store.requestLog(ofTicket: ticketRow, limit: Self.requestLimit))
        } catch {
            return .failure(WizardFailure(error.description))
        }
    }
}
