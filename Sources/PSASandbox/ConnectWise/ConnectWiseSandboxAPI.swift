import Hummingbird

/// The emulated ConnectWise API.
struct ConnectWiseSandboxAPI {
    let sandbox: PSASandbox

    func register(on router: Router<SandboxRequestContext>) {
    }
}
