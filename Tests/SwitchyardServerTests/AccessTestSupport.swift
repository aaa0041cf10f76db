import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// Management calls and concurrent traffic for the access tests.
extension TestGateway {
    /// Config with an instant model and a slow one (1.5 s to first token) for concurrency.
    static let accessYAML = """
        server: { body_limit: 4KiB, timeouts: { connect: 1s, first_byte: 5s, total: 10s } }
        providers:
          - { name: sim, type: simulator, speed: 0 }
          - { name: paced, type: simulator, speed: 1 }
        models:
          - { id: sim-small, provider: sim, upstream: sim/small, price: { input: 1, output: 2 }, context_window: 2000, max_output: 100 }
          - { id: sim-other, provider: sim, upstream: sim/other, price: { input: 1, output: 2 }, context_window: 2000, max_output: 100 }
          - { id: sim-slow, provider: paced, upstream: sim/slow, price: { input: 1, output: 2 }, context_window: 2000, max_output: 100, speed: { ttft_ms: 1500, tokens_per_second: 1000 } }
          - { id: sim-drip, provider: paced, upstream: sim/drip, price: { input: 1, output: 2 }, context_window: 2000, max_output: 100, speed: { ttft_ms: 50, tokens_per_second: 20 } }
        """

    static func bearer(_ key: String) -> HTTPFields {
        [.authorization: "Bearer \(key)", .contentType: "application/json"]
    }
}

extension TestClientProtocol {
    /// A management call with the master key.
    func admin(_ method: HTTPRequest.Method, _ path: String, _ json: String? = nil, key: String = TestGateway.masterKey) async throws -> TestResponse {
        try await execute(uri: path, method: method, headers: TestGateway.bearer(key), body: json.map { ByteBuffer(string: $0) })
    }

    /// An account on a new plan with `limits` (JSON object text) and a key on it; returns the key's secret and id.
    func keyOnPlan(_ limits: String, prepaid: Bool = false) async throws -> (secret: String, id: String, account: String) {
        let account = try await admin(.post, "/admin/v1/accounts", #"{"name":"tester","prepaid":\#(prepaid)}"#).json["id"] as? String ?? ""
        let plan = try await admin(.post, "/admin/v1/plans", #"{"name":"plan","limits":\#(limits)}"#).json["id"] as? String ?? ""
        let key = try await admin(.post, "/admin/v1/keys", #"{"account_id":"\#(account)","plan_id":"\#(plan)"}"#).json
        return (key["key"] as? String ?? "", key["id"] as? String ?? "", account)
    }

    /// Tokens the gateway counts for a one-message prompt on `model`.
    func promptTokens(_ content: String, model: String = "sim-small") async throws -> Int {
        let response = try await execute(
            uri: "/v1/tokenize", method: .post, headers: TestGateway.auth,
            body: ByteBuffer(string: #"{"model":"\#(model)","messages":[{"role":"user","content":"\#(content)"}]}"#)
        )
        return response.json["tokens"] as? Int ?? -1
    }
}

/// Fires requests at a live gateway all at once, each on its own connection.
struct ConcurrentCaller {
    let port: Int
    let client: HTTPClient

    init(port: Int) {
        self.port = port
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 512
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Status, headers and body of `count` identical chat requests sent concurrently.
    func chat(_ json: String, key: String, count: Int) async throws -> [(status: Int, headers: [String: String], body: String)] {
        try await withThrowingTaskGroup(of: (Int, [String: String], String).self) { group in
            for _ in 0..<count {
                group.addTask {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
                    request.method = .POST
                    request.headers.add(name: "authorization", value: "Bearer \(key)")
                    request.headers.add(name: "content-type", value: "application/json")
                    request.body = .bytes(ByteBuffer(string: json))
                    let response = try await client.execute(request, timeout: .seconds(30))
                    let body = try await response.body.collect(upTo: 1 << 20)
                    let headers = Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
                    return (Int(response.status.code), headers, String(buffer: body))
                }
            }
            var results: [(status: Int, headers: [String: String], body: String)] = []
            for try await result in group { results.append(result) }
            return results
        }
    }

    func shutdown() async throws { try await client.shutdown() }
}
