import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import SwitchyardModel

extension OpenAICompatibleProvider {
    /// The model ids the upstream lists at `GET /models`.
    public func listModels(timeout: Duration) async throws -> [String] {
        struct ModelList: Decodable {
            struct Entry: Decodable { var id: String }
            var data: [Entry]
        }
        let (status, body) = try await getModels(timeout: timeout)
        guard status == 200, let list = try? JSONDecoder().decode(ModelList.self, from: body) else {
            throw GatewayError(.upstreamBadResponse, "Provider '\(name)' did not return a model list (status \(status)).")
        }
        return list.data.map(\.id)
    }

    /// Whether the backend answers HTTP at all: `GET /models` with its status, or a transport
    /// error. A backend without a model list (404) or refusing the key (401) is up; a 5xx is not.
    public func probe(timeout: Duration) async throws(GatewayError) -> Int {
        try await getModels(timeout: timeout).status
    }

    /// `GET /models`: its status and body, or a transport error.
    private func getModels(timeout: Duration) async throws(GatewayError) -> (status: Int, body: ByteBuffer) {
        var request = HTTPClientRequest(url: baseURL + "/models")
        if let apiKey { request.headers.add(name: "authorization", value: "Bearer " + apiKey) }
        let deadline = ContinuousClock.now + timeout
        do {
            let response = try await transport.client.execute(request, deadline: .now() + TimeAmount(timeout))
            return (Int(response.status.code), try await response.wholeBody(upTo: 8 << 20, within: deadline - .now, provider: name))
        } catch {
            throw GatewayError.transport(error, provider: name)
        }
    }
}
