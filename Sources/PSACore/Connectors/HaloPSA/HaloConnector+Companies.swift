/// Halo clients: `GET /Client?pageinate=true&page_size=N&page_no=P` answers
/// `{"record_count": N, "clients": [...]}`.
extension HaloConnector {
    /// Every client, in pages of the largest size. `requests` counts the listing's own
    /// requests: signing in comes first and is left out; a refresh of the token midway is in.
    public func companies(progress: @escaping @Sendable (CompanyProgress) -> Void) async throws(ConnectorError)
        -> CompanyListing
    {
        _ = try await session.token()
        let before = transport.requestCount
        var companies: [PSACompany] = []
        var seen = Set<String>()
        var total: Int?
        var page = 1
        while true {
            let json = try await get(
                "/Client",
                query: [
                    ("pageinate", "true"), ("page_size", String(HaloPageSize.clients)), ("page_no", String(page)),
                    ("includeactive", "true"), ("includeinactive", "true"),
                ],
                scope: "read:customers")
            let rows = try items(json, key: "clients")
            total = json["record_count"]?.int ?? total
            var added = 0
            for row in rows {
                guard let id = row["id"]?.idText, seen.insert(id).inserted else { continue }
                added += 1
                companies.append(
                    PSACompany(
                        id: id, name: row["name"]?.string ?? "", isActive: !(row["inactive"]?.bool ?? false),
                        // Halo marks no client as the MSP's own: `exclude_internal` filters it
                        // out, but nothing in a client record says which one it is.
                        type: row["toplevel_name"]?.string, isMSP: false))
            }
            progress(CompanyProgress(fetched: companies.count, total: total))
            // Stop on the count Halo gave (a page may be shorter than asked for), on an empty
            // page, or on a page with nothing new (an instance that ignores page_no).
            if added == 0 { break }
            if let total {
                if companies.count >= total { break }
            } else if rows.count < HaloPageSize.clients {
                break
            }
            page += 1
        }
        return CompanyListing(companies: companies, requests: transport.requestCount - before)
    }
}
