import Foundation

extension AutotaskConnector {
    /// Autotask queries need a filter (AT7); `id >= 0` matches every company, the owner
    /// company included.
    static var everyCompanyQuery: [String: Any] {
        [
            "MaxRecords": 500,
            "IncludeFields": ["id", "companyName", "companyType", "isActive", "webAddress"],
            "filter": [["op": "gte", "field": "id", "value": 0]],
        ]
    }

    /// The owner (MSP) company is widely said to have id 0; no source confirms it (psa-apis.md
    /// §2.3 (2), UNCONFIRMED), and no other marker exists in the company fields, so id 0 is the
    /// only company flagged. An admin can still choose any company as the MSP-level customer.
    static let ownerCompanyID = "0"

    public func companies(progress: @escaping @Sendable (CompanyProgress) -> Void) async throws(ConnectorError)
        -> CompanyListing
    {
        // Zone discovery and the company-type labels are one-time lookups, not listing
        // requests: `requests` counts the pages (and their retries).
        _ = try await apiBase()
        let typeLabels = try await picklistLabels(entity: "Companies", field: "companyType")
        let before = transport.requestCount
        var companies: [PSACompany] = []
        try await query(
            "Companies", body: Self.everyCompanyQuery, endpoint: "Companies", as: AutotaskWire.Company.self
        ) { (page: [AutotaskWire.Company]) in
            companies.reserveCapacity(companies.count + page.count)
            for item in page {
                let id = item.id.text
                companies.append(
                    PSACompany(
                        id: id, name: item.companyName ?? "", isActive: item.isActive ?? true,
                        type: item.companyType.map { typeLabels[$0.text] ?? $0.text },
                        isMSP: id == Self.ownerCompanyID, domains: PSACompany.domains(fromWebsite: item.webAddress)))
            }
            progress(CompanyProgress(fetched: companies.count, total: nil))
        }
        return CompanyListing(companies: companies, requests: transport.requestCount - before)
    }

    /// `GET Companies/{id}` -> `{"item": {...}}`; a missing company is a 404 or `{"item": null}`.
    /// The type stays the raw picklist value: callers that keep the type keep the cached label.
    public func company(id: String) async throws(ConnectorError) -> PSACompany? {
        let response: HTTPResponse
        do {
            response = try await call(.get, "Companies/\(Self.pathComponent(id))", endpoint: "Companies")
        } catch .notFound {
            return nil
        }
        guard let item = try decode(AutotaskWire.ItemResult<AutotaskWire.Company>.self, from: response).item else {
            return nil
        }
        let id = item.id.text
        return PSACompany(
            id: id, name: item.companyName ?? "", isActive: item.isActive ?? true, type: item.companyType?.text,
            isMSP: id == Self.ownerCompanyID, domains: PSACompany.domains(fromWebsite: item.webAddress))
    }

    /// Runs `POST {Entity}/query` and follows `pageDetails.nextPageUrl` until it is null or
    /// empty. Each next page gets the same body by POST: a next-page link made by a POST query
    /// does not always carry the filter, and some zones answer GET on it with 405 (psa-apis.md
    /// §2.4). Queries change nothing, so they are safe to retry.
    func query<Item: Decodable>(
        _ entity: String, body: [String: Any], endpoint: String, as: Item.Type,
        page handle: ([Item]) -> Void
    ) async throws(ConnectorError) {
        let base = try await apiBase()
        var url = base + entity + "/query"
        var visited: Set<String> = []
        while true {
            let response: HTTPResponse
            switch await attempt(.post, url: url, body: body, endpoint: endpoint, retryable: true) {
            case .success(let answer): response = answer
            case .failure(.zoneMoved(let error)):
                // Mid-listing the page links come from the old zone: report it, and let the
                // next listing start from a zone looked up again.
                session.zone.forget()
                throw error
            case .failure(.failed(let error)): throw error
            }
            let result = try decode(AutotaskWire.QueryResult<Item>.self, from: response)
            handle(result.items)
            guard let next = result.pageDetails?.nextPageUrl?.trimmingCharacters(in: .whitespaces), !next.isEmpty
            else { return }
            // A server that cycles its links (AT4 guards against it) would otherwise never end.
            guard visited.insert(next).inserted, next != url else {
                throw .unexpectedResponse("Autotask repeated a next-page link while listing \(entity)")
            }
            // The authentication headers go with every request; never send them to another host.
            guard Self.origin(of: next) == Self.origin(of: base) else {
                throw .unexpectedResponse("Autotask sent a next-page link to another host while listing \(entity)")
            }
            url = next
        }
    }

    static func origin(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url.lowercased() }
        let rest = url[schemeEnd.upperBound...]
        let hostEnd = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
        return (url[..<schemeEnd.upperBound] + rest[..<hostEnd]).lowercased()
    }

    /// Value -> label of one picklist field, read once per connector.
    func picklistLabels(entity: String, field: String) async throws(ConnectorError) -> [String: String] {
        let fields = try await entityFields(entity)
        let values = fields.first { $0.name.lowercased() == field.lowercased() }?.picklistValues ?? []
        var labels: [String: String] = [:]
        for value in values { labels[value.value.text] = value.label ?? value.value.text }
        return labels
    }

    /// `GET {Entity}/entityInformation/fields`, read once for the connector's lifetime.
    func entityFields(_ entity: String, endpoint: String? = nil) async throws(ConnectorError) -> [AutotaskWire.Field] {
        try await session.fields(of: entity).value { () async throws(ConnectorError) in
            let response = try await call(.get, "\(entity)/entityInformation/fields", endpoint: endpoint ?? entity)
            return try decode(AutotaskWire.FieldsResult.self, from: response).fields
        }
    }
}
