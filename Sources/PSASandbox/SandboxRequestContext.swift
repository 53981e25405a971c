import Hummingbird
import NIOCore

/// The request context of every sandbox route. It keeps the connection's channel, so that
/// a fault can drop the connection instead of answering.
public struct SandboxRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Large enough for a batch of tickets; the vendors' own limits are not documented.
    public var maxUploadSize: Int { 8 << 20 }
}
