import Hummingbird

/// The emulated Nerdio API.
struct NerdioSandboxAPI {
    let sandbox: PSASandbox

    func register(on router: Router<SandboxRequestContext>) {
    }
}
