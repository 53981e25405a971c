import Hummingbird

/// The emulated Halo API.
struct HaloSandboxAPI {
    let sandbox: PSASandbox

    func register(on router: Router<SandboxRequestContext>) {
    }
}
