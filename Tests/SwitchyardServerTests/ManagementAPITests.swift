import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The management API and stored keys, through the HTTP routes.
@Suite struct ManagementAPITests {
    let chat = #"{"model":"sim-small","max_tokens":8,"messages":[{"role":"user","content":"hello there"}]}"#

    func withGateway(_ body: @escaping @Sendable (any TestClientProtocol, TestGateway) async throws -> Void) async throws {
        let gateway = try await TestGateway(yaml: TestGateway.accessYAML, withAccess: true)
        try await gateway.app.test(.router) { client in try await body(client, gateway) }
        try await gateway.shutdown()
    }

    @Test func teamsAccountsPlansAndKeysEndToEnd() async throws {
        try await withGateway { client, gateway in
            let team = try await client.admin(.post, "/admin/v1/teams", #"{"id":"research","name":"Research"}"#)
            #expect(team.status == .created)
            let account = try await client.admin(.post, "/admin/v1/accounts", #"{"id":"ada","name":"Ada","team_id":"research"}"#)
            #expect(account.json["team_id"] as? String == "research")
            let plan = try await client.admin(.post, "/admin/v1/plans", #"{"id":"pro","name":"Pro","limits":{"rpm":60,"tpm":10000}}"#)
            #expect((plan.json["limits"] as? [String: Any])?["rpm"] as? Int == 60)
            let created = try await client.admin(.post, "/admin/v1/keys", #"{"account_id":"ada","plan_id":"pro","name":"ci","metadata":{"user":"u-42"}}"#)
            #expect(created.status == .created)
            let secret = try #require(created.json["key"] as? String)
            let keyID = try #require(created.json["id"] as? String)
            #expect(secret.hasPrefix("sk-sy-") && secret.count == 49)
            #expect(created.json["prefix"] as? String == String(secret.prefix(12)))
            // Listed without the secret or its hash.
            let listed = try await client.admin(.get, "/admin/v1/keys?account_id=ada")
            let body = String(buffer: listed.body)
            #expect(body.contains(keyID) && !body.contains(secret) && !body.contains("hash"))

            let answered = try await client.chat(chat, headers: TestGateway.bearer(secret))
            #expect(answered.status == .ok)
            #expect(answered.headers[HTTPField.Name("x-ratelimit-limit-requests")!] == "60")
            #expect(answered.headers[HTTPField.Name("x-ratelimit-remaining-requests")!] == "59")
            #expect(answered.headers[HTTPField.Name("x-ratelimit-reset-requests")!] == "1s")
            #expect(answered.headers[HTTPField.Name("x-ratelimit-limit-tokens")!] == "10000")
            #expect(answered.headers[HTTPField.Name("x-ratelimit-remaining-tokens")!] != nil)
            #expect(answered.headers[HTTPField.Name("x-ratelimit-reset-tokens")!] != nil)
            let record = try #require(gateway.recorder.records.last)
            #expect(record.keyID == keyID && record.accountID == "ada" && record.teamID == "research")

            let usage = try await client.admin(.get, "/admin/v1/usage?group_by=team&interval=day")
            let rows = try #require(usage.json["data"] as? [[String: Any]])
            #expect(rows.count == 1 && rows[0]["group"] as? String == "research" && rows[0]["attempts"] as? Int == 1)
            #expect(rows[0]["cost_microdollars"] as? Int == Int(record.cost.microDollars.value))

            // Revoked: refused on the very next request.
            let revoked = try await client.admin(.delete, "/admin/v1/keys/\(keyID)")
            #expect(revoked.json["status"] as? String == "revoked")
            let refused = try await client.chat(chat, headers: TestGateway.bearer(secret))
            #expect(refused.status == .unauthorized)
            #expect(refused.error["code"] as? String == "api_key_revoked")
        }
    }

    @Test func expiredKeysAndUnknownKeysAreRefused() async throws {
        try await withGateway { client, _ in
            _ = try await client.admin(.post, "/admin/v1/accounts", #"{"id":"a","name":"A"}"#)
            _ = try await client.admin(.post, "/admin/v1/plans", #"{"id":"p","name":"P"}"#)
            let expired = try await client.admin(.post, "/admin/v1/keys", #"{"account_id":"a","plan_id":"p","expires_at_ms":1000}"#)
            let secret = try #require(expired.json["key"] as? String)
            let refused = try await client.chat(chat, headers: TestGateway.bearer(secret))
            #expect(refused.status == .unauthorized)
            #expect(refused.error["code"] as? String == "api_key_expired")
            let unknown = try await client.chat(chat, headers: TestGateway.bearer("sk-sy-" + String(repeating: "x", count: 43)))
            #expect(unknown.error["code"] as? String == "invalid_api_key")
            // A stored key is not an admin key.
            let live = try await client.admin(.post, "/admin/v1/keys", #"{"account_id":"a","plan_id":"p"}"#).json["key"] as? String ?? ""
            let forbidden = try await client.admin(.get, "/admin/v1/keys", key: live)
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.error["code"] as? String == "admin_key_required")
        }
    }

    @Test func badManagementInputGetsTheFieldAndTheFix() async throws {
        try await withGateway { client, _ in
            let window = try await client.admin(.post, "/admin/v1/plans", #"{"name":"x","limits":{"budget_microdollars":5,"budget_window":"fortnight"}}"#)
            #expect(window.status == .badRequest)
            #expect(window.error["param"] as? String == "limits.budget_window")
            let model = try await client.admin(.post, "/admin/v1/plans", #"{"name":"x","limits":{"allowed_models":["nope"]}}"#)
            #expect(model.error["param"] as? String == "limits.allowed_models")
            let type = try await client.admin(.post, "/admin/v1/plans", #"{"name":"x","limits":{"rpm":"many"}}"#)
            #expect(type.status == .badRequest)
            #expect(type.error["param"] as? String == "limits.rpm")
            let missing = try await client.admin(.post, "/admin/v1/keys", #"{"plan_id":"p"}"#)
            #expect(missing.error["param"] as? String == "account_id")
            let malformed = try await client.admin(.post, "/admin/v1/teams", #"{"name":"#)
            #expect(malformed.status == .badRequest)
            let notFound = try await client.admin(.get, "/admin/v1/teams/ghost")
            #expect(notFound.status == .notFound)
            _ = try await client.admin(.post, "/admin/v1/teams", #"{"id":"t","name":"T"}"#)
            let duplicate = try await client.admin(.post, "/admin/v1/teams", #"{"id":"t","name":"T"}"#)
            #expect(duplicate.status == .conflict)
            _ = try await client.admin(.post, "/admin/v1/accounts", #"{"id":"a","name":"A","team_id":"t"}"#)
            let inUse = try await client.admin(.delete, "/admin/v1/teams/t")
            #expect(inUse.status == .conflict)
            let noKey = try await client.admin(.get, "/admin/v1/teams", key: "wrong")
            #expect(noKey.status == .unauthorized)
        }
    }

    @Test func plansRefuseModelsOutsideThem() async throws {
        try await withGateway { client, _ in
            let key = try await client.keyOnPlan(#"{"allowed_models":["sim-small"]}"#)
            let refused = try await client.chat(#"{"model":"sim-other","messages":[{"role":"user","content":"hi"}]}"#, headers: TestGateway.bearer(key.secret))
            #expect(refused.status == .forbidden)
            #expect(refused.error["code"] as? String == "model_not_allowed")
            #expect(refused.error["type"] as? String == "permission_error")
            let allowed = try await client.chat(chat, headers: TestGateway.bearer(key.secret))
            #expect(allowed.status == .ok)
        }
    }

    @Test func prepaidCreditsPayAndRunOut() async throws {
        try await withGateway { client, gateway in
            let input = try await client.promptTokens("hello there")
            let worst = input * 1 + 8 * 2 // µ$ at $1 in / $2 out per 1M tokens, max_tokens 8
            let key = try await client.keyOnPlan("{}", prepaid: true)
            let granted = try await client.admin(.post, "/admin/v1/accounts/\(key.account)/credits", #"{"kind":"grant","amount_microdollars":\#(2 * worst)}"#)
            #expect(granted.status == .created)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 { statuses.append(try await client.chat(chat, headers: TestGateway.bearer(key.secret)).status) }
            #expect(statuses.prefix(2).allSatisfy { $0 == .ok })
            #expect(statuses.last == .tooManyRequests)
            let statement = try await client.admin(.get, "/admin/v1/accounts/\(key.account)/credits").json
            let spent = gateway.recorder.records.filter { $0.keyID == key.id }.reduce(0) { $0 + Int($1.cost.microDollars.value) }
            #expect(statement["balance_microdollars"] as? Int == 2 * worst - spent)
            let kinds = (statement["entries"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
            #expect(kinds == ["grant", "deduction", "deduction"])
        }
    }
}
