import Foundation
import Hummingbird
import Synchronization

/// The emulated Nerdio Manager for MSP REST API (`GET /rest-api/v1/accounts`) and the
/// Microsoft Entra ID token endpoint that guards it (`POST /{tenant}/oauth2/v2.0/token`,
/// client credentials with the scope `api://<app id>/.default`).
struct NerdioSandboxAPI {
    let sandbox: PSASandbox
    let tokens = EntraTokens()

    func register(on router: Router<SandboxRequestContext>) {
        router.post("/:tenant/oauth2/v2.0/token") { request, context in
            await issueToken(request: request, context: context)
        }
        router.get("/rest-api/v1/accounts") { request, _ in
            guard authorized(request) else {
                return JSONResponse.make(
                    ["code": 401, "message": "Unauthorized: missing or expired bearer token"], status: .unauthorized)
            }
            return JSONResponse.make(NerdioAccounts.accounts(from: sandbox.companies))
        }
    }

    private func issueToken(request: Request, context: SandboxRequestContext) async -> Response {
        let credentials = sandbox.credentials
        let tenant = context.parameters.get("tenant") ?? ""
        let form = FormFields(await JSONResponse.text(of: request, context: context))
        guard tenant == credentials.nerdioTenant else {
            return entraError(
                "invalid_tenant", "AADSTS90002: Tenant '\(tenant)' not found.", code: 90002, status: .badRequest)
        }
        guard form["grant_type"] == "client_credentials" else {
            return entraError(
                "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.", code: 70003,
                status: .badRequest)
        }
        guard form["client_id"] == credentials.nerdioClientID else {
            return entraError(
                "unauthorized_client", "AADSTS700016: Application was not found in the directory.", code: 700016,
                status: .badRequest)
        }
        guard form["client_secret"] == credentials.nerdioClientSecret else {
            return entraError(
                "invalid_client", "AADSTS7000215: Invalid client secret provided.", code: 7_000_215,
                status: .unauthorized)
        }
        guard form["scope"] == credentials.nerdioScope else {
            return entraError(
                "invalid_scope", "AADSTS1002012: The provided value for scope is not valid.", code: 1_002_012,
                status: .badRequest)
        }
        let token = tokens.issue(
            generation: sandbox.faults.currentTokenGeneration,
            lifetime: sandbox.configuration.tokenLifetime)
        return JSONResponse.make([
            "token_type": "Bearer", "expires_in": sandbox.configuration.tokenLifetime,
            "ext_expires_in": sandbox.configuration.tokenLifetime, "access_token": token,
        ])
    }

    private func authorized(_ request: Request) -> Bool {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return false }
        return tokens.isValid(String(header.dropFirst(7)), generation: sandbox.faults.currentTokenGeneration)
    }

    /// Entra ID's OAuth error body.
    private func entraError(_ error: String, _ description: String, code: Int, status: HTTPResponse.Status)
        -> Response
    {
        JSONResponse.make(
            ["error": error, "error_description": description, "error_codes": [code]], status: status)
    }
}

/// Access tokens issued by the sandbox's Entra ID endpoint.
final class EntraTokens: Sendable {
    private struct Issued {
        var generation: Int
        var expires: Date
    }

    private let issued = Mutex<[String: Issued]>([:])

    func issue(generation: Int, lifetime: Int) -> String {
        let token = "entra-" + UUID().uuidString
        issued.withLock {
            $0[token] = Issued(generation: generation, expires: Date().addingTimeInterval(Double(lifetime)))
        }
        return token
    }

    func isValid(_ token: String, generation: Int) -> Bool {
        issued.withLock { tokens in
            guard let entry = tokens[token] else { return false }
            return entry.generation == generation && entry.expires > Date()
        }
    }
}
