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
            let url = url(
                "/Client",
                [
                    ("pageinate", "true"), ("page_size", String(HaloPageSize.clients)), ("page_no", String(page)),
                    ("includeactive", "true"), ("includeinactive", "true"),
                ])
            let response = try await send(HTTPRequest(url: url), scope: "read:customers")
            let rows = try transport.decode(HaloClientPage.self, from: response)
            total = rows.recordCount ?? total
            var added = 0
            for row in rows.clients {
                guard let id = row.id, seen.insert(id).inserted else { continue }
                added += 1
                companies.append(
                    PSACompany(
                        id: id, name: row.name ?? "", isActive: !(row.inactive ?? false), type: row.topLevelName,
                        // Halo marks no client as the MSP's own: `exclude_internal` filters it
                        // out, but nothing in a client record says which one it is.
                        isMSP: false, domains: PSACompany.domains(fromWebsite: row.website),
                        mergedInto: row.mergedInto))
            }
            progress(CompanyProgress(fetched: companies.count, total: total))
            // Stop on the count Halo gave (a page may be shorter than asked for), on an empty
            // page, or on a page with nothing new (an instance that ignores page_no).
            if added == 0 { break }
            if let total {
                if companies.count >= total { break }
            } else if rows.clients.count < HaloPageSize.clients {
                break
            }
            page += 1
        }
        let links = await tenantLinks()
        if !links.isEmpty {
            for index in companies.indices { companies[index].tenantIDs = links[companies[index].id] ?? [] }
        }
        return CompanyListing(companies: companies, requests: transport.requestCount - before)
    }
}

extension HaloConnector {
    /// `GET /Client/{id}`: one client; a 404 means the PSA has none with that id.
    public func company(id: String) async throws(ConnectorError) -> PSACompany? {
        guard let number = Int(id.trimmingCharacters(in: .whitespaces)) else { return nil }
        let response: HTTPResponse
        do {
            response = try await send(HTTPRequest(url: url("/Client/\(number)", [])), scope: "read:customers")
        } catch .notFound {
            return nil
        }
        let row = try transport.decode(HaloClientPage.Client.self, from: response)
        guard let rowID = row.id else { return nil }
        return PSACompany(
            id: rowID, name: row.name ?? "", isActive: !(row.inactive ?? false), type: row.topLevelName,
            domains: PSACompany.domains(fromWebsite: row.website), mergedInto: row.mergedInto)
    }
}

/// One page of `/Client`, decoded straight into the fields psalink keeps: through `HaloJSON`,
/// 50,000 clients took seconds. Lenient like `HaloJSON`: an id may be a number or text.
struct HaloClientPage: Decodable {
    var recordCount: Int?
    var clients: [Client]

    struct Client: Decodable {
        var id: String?
        var name: String?
        var inactive: Bool?
        var topLevelName: String?
        var website: String?
        /// `_merge_client_into` (the `Area` schema's int, nullable): the client this one was
        /// merged into; nil when absent, null or not an id (0).
        var mergedInto: String?

        enum CodingKeys: String, CodingKey {
            case id, name, inactive, website
            case topLevelName = "toplevel_name"
            case mergedInto = "_merge_client_into"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = container.lenientInt(.id).map(String.init) ?? container.lenientText(.id)
            name = container.lenientText(.name)
            inactive = container.lenientBool(.inactive)
            topLevelName = container.lenientText(.topLevelName)
            website = container.lenientText(.website)
            mergedInto = container.lenientInt(.mergedInto).flatMap { $0 > 0 ? String($0) : nil }
        }
    }

    enum CodingKeys: String, CodingKey {
        case clients
        case recordCount = "record_count"
    }

    init(from decoder: any Decoder) throws {
        // Without paging Halo may answer a bare array.
        if let clients = try? decoder.singleValueContainer().decode([Client].self) {
            self.clients = clients
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        clients = try container.decode([Client].self, forKey: .clients)
        recordCount = container.lenientInt(.recordCount)
    }
}

extension KeyedDecodingContainer {
    /// Text, or a number's digits; nil when absent, null, empty or of another type.
    fileprivate func lenientText(_ key: Key) -> String? {
        if let text = try? decodeIfPresent(String.self, forKey: key) { return text.isEmpty ? nil : text }
        return (try? decodeIfPresent(Int.self, forKey: key)).flatMap { $0.map(String.init) }
    }

    /// A number, or text of one. Tried as a number first: a failed attempt costs a thrown error.
    fileprivate func lenientInt(_ key: Key) -> Int? {
        if let number = try? decodeIfPresent(Int.self, forKey: key) { return number }
        return (try? decodeIfPresent(String.self, forKey: key)).flatMap { $0.flatMap { Int($0) } }
    }

    fileprivate func lenientBool(_ key: Key) -> Bool? {
        if let value = try? decodeIfPresent(Bool.self, forKey: key) { return value }
        return lenientInt(key).map { $0 != 0 }
    }
}
