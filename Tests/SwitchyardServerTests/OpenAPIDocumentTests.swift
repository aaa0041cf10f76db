import Foundation
import HummingbirdTesting
import SwitchyardServer
import Testing
import Yams

/// `docs/openapi.yaml` documents exactly the management routes the gateway serves.
@Suite struct OpenAPIDocumentTests {
    static var documentPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/openapi.yaml").path
    }

    static func documentedRoutes() throws -> Set<String> {
        let text = try String(contentsOfFile: documentPath, encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        let methods: Set<String> = ["get", "post", "put", "patch", "delete"]
        return Set(paths.flatMap { path, item in
            ((item as? [String: Any]) ?? [:]).keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
        })
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let served = Set(GatewayApplication.managementRoutes.map { "\($0.method) \($0.path)" })
        let documented = try Self.documentedRoutes()
        #expect(served.subtracting(documented).sorted() == [], "routes missing from docs/openapi.yaml")
        #expect(documented.subtracting(served).sorted() == [], "documented routes the gateway does not serve")
        #expect(served.count >= 20)
    }

    @Test func everyDocumentedRouteAnswersOverHTTP() async throws {
        let gateway = try await TestGateway(yaml: TestGateway.accessYAML, withAccess: true)
        try await gateway.app.test(.router) { client in
            for route in try Self.documentedRoutes().sorted() {
                let parts = route.split(separator: " ")
                let path = String(parts[1]).replacingOccurrences(of: "{id}", with: "missing-id")
                let response = try await client.admin(.init(String(parts[0]))!, path, parts[0] == "GET" || parts[0] == "DELETE" ? nil : "{}")
                // Not the router's "unknown endpoint": the route exists and answered for itself.
                #expect(response.error["code"] as? String != "not_found", "\(route)")
                #expect(response.status != .methodNotAllowed, "\(route)")
            }
        }
        try await gateway.shutdown()
    }
}
