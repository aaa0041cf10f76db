import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `POST /v1/embeddings` in process, on the simulator: deterministic vectors, usage and a ledger row.
@Suite struct EmbeddingsGatewayTests {
    static let yaml = """
    server: { body_limit: 64KiB, timeouts: { connect: 1s, first_byte: 5s, total: 10s } }
    providers:
      - { name: sim, type: simulator, speed: 0 }
    models:
      - { id: embed, provider: sim, category: embedding, price: { input: 1, output: 0 }, context_window: 512, max_output: 1 }
      - { id: chat, provider: sim, price: { input: 1, output: 2 }, context_window: 2000, max_output: 100 }
    """

    func embed(_ client: any TestClientProtocol, _ json: String) async throws -> TestResponse {
        try await client.execute(uri: "/v1/embeddings", method: .post, headers: TestGateway.auth, body: ByteBuffer(string: json))
    }

    @Test func simulatorEmbedsDeterministicallyAndRecordsUsage() async throws {
        let gateway = try await TestGateway(yaml: Self.yaml)
        try await gateway.app.test(.router) { client in
            let first = try await embed(client, #"{"model":"embed","input":["same text","other"],"dimensions":8}"#)
            #expect(first.status == .ok)
            let data = try #require(first.json["data"] as? [[String: Any]])
            let vectors = data.compactMap { $0["embedding"] as? [Double] }
            #expect(vectors.count == 2 && vectors.allSatisfy { $0.count == 8 })
            #expect(abs(vectors[0].reduce(0) { $0 + $1 * $1 } - 1) < 1e-3)
            #expect(vectors[0] != vectors[1])
            let usage = try #require(first.json["usage"] as? [String: Int])
            let record = try #require(await gateway.recorder.next())
            #expect(record.usage.inputTokens == usage["prompt_tokens"] && record.usage.outputTokens == 0 && record.status == 200)
            #expect(record.cost.picodollars == Int64(record.usage.inputTokens) * 1_000_000)
            let again = try await embed(client, #"{"model":"embed","input":"same text","dimensions":8,"encoding_format":"base64"}"#)
            let encoded = try #require((again.json["data"] as? [[String: Any]])?.first?["embedding"] as? String)
            let floats = try #require(Data(base64Encoded: encoded)).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            #expect(floats.map(Double.init).elementsEqual(vectors[0]) { abs($0 - $1) < 1e-6 })
            let refused = try await embed(client, #"{"model":"chat","input":"x"}"#)
            #expect(refused.status == .badRequest && refused.error["param"] as? String == "model")
        }
        try await gateway.shutdown()
    }
}
