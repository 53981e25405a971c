import Hummingbird

/// The emulated Autotask API.
struct AutotaskSandboxAPI {
    let sandbox: PSASandbox

    func register(on router: Router<SandboxRequestContext>) {
    }
}
