import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SwitchyardCatalog
import Testing

/// Deprecated ids serve through their successor with a header; retired ids get a 404 naming it.
@Suite struct LifecycleGatewayTests {
    static let yaml = TestGateway.yaml() + """

      - { id: sim-old, provider: sim, aliases: [old-alias], price: { input: 1, output: 2 }, lifecycle: { status: deprecated, successor: sim-small, date: 2027-01-31 } }
      - { id: sim-gone, provider: sim, price: { input: 1, output: 2 }, lifecycle: { status: retired, successor: sim-small } }
    """

    func withGateway(today: CalendarDay, _ body: @escaping @Sendable (any TestClientProtocol, TestGateway) async throws -> Void) async throws {
        let gateway = try await TestGateway(yaml: Self.yaml, today: today)
        try await gateway.app.test(.router) { client in try await body(client, gateway) }
        try await gateway.shutdown()
    }

    @Test func deprecatedIDIsServedByItsSuccessorWithAHeader() async throws {
        try await withGateway(today: CalendarDay(year: 2026, month: 11, day: 22)) { client, gateway in
            for name in ["sim-old", "old-alias"] {
                let response = try await client.chat(#"{"model":"\#(name)","messages":[{"role":"user","content":"hi"}]}"#)
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("x-switchyard-model")!] == "sim-small")
                let notice = response.headers[HTTPField.Name("x-switchyard-deprecated")!]
                #expect(notice?.contains("sim-old") == true && notice?.contains("2027-01-31") == true && notice?.contains("sim-small") == true)
            }
            #expect(gateway.recorder.records.allSatisfy { $0.servedModel == "sim-small" })
        }
    }

    @Test func deprecationDateInThePastRetiresTheModel() async throws {
        try await withGateway(today: CalendarDay(year: 2027, month: 2, day: 1)) { client, _ in
            let response = try await client.chat(#"{"model":"sim-old","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .notFound)
            let message = response.error["message"] as? String ?? ""
            #expect(message.contains("retired on 2027-01-31") && message.contains("sim-small"))
        }
    }

    @Test func modelListShowsLifecycleAndHidesRetiredModels() async throws {
        try await withGateway(today: CalendarDay(year: 2026, month: 11, day: 22)) { client, _ in
            let response = try await client.execute(uri: "/v1/models", method: .get, headers: TestGateway.auth)
            let data = try #require(response.json["data"] as? [[String: Any]])
            #expect(data.map { $0["id"] as? String } == ["sim-small", "sim-old"])
            let lifecycle = (data[1]["switchyard"] as? [String: Any])?["lifecycle"] as? [String: Any]
            #expect(lifecycle?["status"] as? String == "deprecated")
            #expect(lifecycle?["successor"] as? String == "sim-small")
            #expect(lifecycle?["retires_on"] as? String == "2027-01-31")
        }
    }

    @Test func retiredIDGetsA404NamingTheSuccessor() async throws {
        try await withGateway(today: CalendarDay(year: 2026, month: 11, day: 22)) { client, gateway in
            let response = try await client.chat(#"{"model":"sim-gone","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .notFound)
            #expect(response.error["code"] as? String == "model_not_found")
            #expect((response.error["message"] as? String)?.contains("Use 'sim-small' instead") == true)
            #expect(gateway.recorder.records.isEmpty)
        }
    }
}
