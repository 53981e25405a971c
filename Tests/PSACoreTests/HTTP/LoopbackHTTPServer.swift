import Foundation
import Synchronization

@testable import PSACore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the test server does for one request to a path.
struct CannedResponse: Sendable {
    var status = 200
    var headers: [(String, String)] = []
    var body = Data()
    var delay: Duration = .zero
    /// Read the request, then close the socket without a byte of response.
    var closesWithoutAnswer = false

    static func status(_ status: Int, headers: [(String, String)] = [], body: String = "") -> CannedResponse {
        CannedResponse(status: status, headers: headers, body: Data(body.utf8))
    }

    static let closeWithoutAnswer = CannedResponse(closesWithoutAnswer: true)
}

struct ReceivedRequest: Sendable {
    var method: String
    var target: String
    var headers: HTTPHeaders
    var body: Data
}

/// A minimal HTTP/1.1 server on 127.0.0.1 and a random port: one thread per connection, one request
/// per connection, canned answers per path. Enough to drive the client through real libcurl.
final class LoopbackHTTPServer: Sendable {
    let port: UInt16
    private let listeningSocket: Int32
    private let state = Mutex(State())

    private struct State {
        /// Answers per path, used in order; the last one repeats.
        var responses: [String: [CannedResponse]] = [:]
        var received: [ReceivedRequest] = []
        var openRequests = 0
        var peakOpenRequests = 0
    }

    init() throws {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socketDescriptor, pointer, length) == 0 && listen(socketDescriptor, 64) == 0
                    && getsockname(socketDescriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(socketDescriptor)
            throw POSIXError(.EADDRINUSE)
        }
        listeningSocket = socketDescriptor
        port = UInt16(bigEndian: address.sin_port)
        Thread { [self] in acceptConnections() }.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func respond(to path: String, with responses: CannedResponse...) {
        state.withLock { $0.responses[path] = responses }
    }

    func hits(_ path: String) -> Int {
        state.withLock { $0.received.filter { $0.target.split(separator: "?").first.map(String.init) == path }.count }
    }

    var received: [ReceivedRequest] { state.withLock { $0.received } }

    var peakOpenRequests: Int { state.withLock { $0.peakOpenRequests } }

    /// Wakes the accept loop, which closes the socket itself: closing it here could let a new
    /// server reuse the descriptor number while the old loop still accepts on it.
    func stop() {
        shutdown(listeningSocket, Int32(SHUT_RDWR))
    }

    private func acceptConnections() {
        while true {
            let connection = accept(listeningSocket, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                close(listeningSocket)
                return
            }
            Thread { [self] in serve(connection) }.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        guard let request = readRequest(connection) else { return }
        let path = request.target.split(separator: "?").first.map(String.init) ?? request.target
        let canned = state.withLock { state -> CannedResponse in
            state.received.append(request)
            state.openRequests += 1
            state.peakOpenRequests = max(state.peakOpenRequests, state.openRequests)
            guard var queue = state.responses[path], let first = queue.first else {
                return .status(404, body: "no route")
            }
            if queue.count > 1 {
                queue.removeFirst()
                state.responses[path] = queue
            }
            return first
        }
        defer { state.withLock { $0.openRequests -= 1 } }
        if canned.delay > .zero {
            let (seconds, attoseconds) = canned.delay.components
            Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
        }
        if canned.closesWithoutAnswer { return }
        var head = "HTTP/1.1 \(canned.status) Canned\r\n"
        for (name, value) in canned.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(canned.body.count)\r\nConnection: close\r\n\r\n"
        writeAll(connection, Data(head.utf8) + canned.body)
    }

    private func readRequest(_ connection: Int32) -> ReceivedRequest? {
        var buffer = Data()
        let headTerminator = Data("\r\n\r\n".utf8)
        var chunk = [UInt8](repeating: 0, count: 65536)
        while buffer.range(of: headTerminator) == nil {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
        let headEnd = buffer.range(of: headTerminator)!
        let lines = String(decoding: buffer[..<headEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(
                name: String(line[..<colon]),
                value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Data(buffer[headEnd.upperBound...])
        let expectedLength = Int(headers["Content-Length"] ?? "0") ?? 0
        while body.count < expectedLength {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            body.append(contentsOf: chunk[0..<count])
        }
        return ReceivedRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    private func writeAll(_ connection: Int32, _ data: Data) {
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                #if canImport(Glibc)
                    let flags = Int32(MSG_NOSIGNAL)
                #else
                    let flags: Int32 = 0
                #endif
                let sent = send(connection, bytes.baseAddress! + offset, bytes.count - offset, flags)
                guard sent > 0 else { return }
                offset += sent
            }
        }
    }
}

/// Runs `body` with a loopback port that refuses connections: bound, so no other test can take it,
/// but not listening.
func withClosedLoopbackPort(_ body: (UInt16) async throws -> Void) async throws {
    let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketDescriptor >= 0 else { throw POSIXError(.EIO) }
    defer { close(socketDescriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(socketDescriptor, pointer, length) == 0 && getsockname(socketDescriptor, pointer, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    try await body(UInt16(bigEndian: address.sin_port))
}
