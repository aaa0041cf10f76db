import Hummingbird
import SwitchyardGateway
import SwitchyardModel
import SwitchyardStorage

/// The management API under `/admin/v1`, for the master key only. `docs/openapi.yaml`
/// documents every route in `AdminRoutes.table`, and a test keeps the two in step.
enum AdminRoutes {
    typealias Handler = @Sendable (Request, GatewayRequestContext, AccessAdmin) async throws -> Response

    /// Every management route: method, path (Hummingbird's `:name` parameters) and handler.
    static let table: [(method: HTTPRequest.Method, path: String, handler: Handler)] = [
        (.post, "/admin/v1/teams", { request, _, admin in try AdminJSON.response(try await admin.createTeam(AdminJSON.decode(TeamInput.self, from: request)), status: .created) }),
        (.get, "/admin/v1/teams", { _, _, admin in try AdminJSON.response(AdminJSON.List(data: admin.directory.snapshot.teams)) }),
        (.get, "/admin/v1/teams/:id", { _, context, admin in try AdminJSON.response(try found(admin.directory.team(id(context)), "team", context)) }),
        (.patch, "/admin/v1/teams/:id", { request, context, admin in try AdminJSON.response(try await admin.updateTeam(id(context), AdminJSON.decode(TeamInput.self, from: request))) }),
        (.delete, "/admin/v1/teams/:id", { _, context, admin in try await admin.deleteTeam(id(context)); return try AdminJSON.response(AdminJSON.Deleted(id: id(context), object: "team")) }),

        (.post, "/admin/v1/accounts", { request, _, admin in try AdminJSON.response(try await admin.createAccount(AdminJSON.decode(AccountInput.self, from: request)), status: .created) }),
        (.get, "/admin/v1/accounts", { request, _, admin in
            let team = request.uri.queryParameters["team_id"].map(String.init)
            return try AdminJSON.response(AdminJSON.List(data: admin.directory.snapshot.accounts.filter { team == nil || $0.teamID == team }))
        }),
        (.get, "/admin/v1/accounts/:id", { _, context, admin in try AdminJSON.response(try found(admin.directory.account(id(context)), "account", context)) }),
        (.patch, "/admin/v1/accounts/:id", { request, context, admin in try AdminJSON.response(try await admin.updateAccount(id(context), AdminJSON.decode(AccountInput.self, from: request))) }),
        (.delete, "/admin/v1/accounts/:id", { _, context, admin in try await admin.deleteAccount(id(context)); return try AdminJSON.response(AdminJSON.Deleted(id: id(context), object: "account")) }),
        (.get, "/admin/v1/accounts/:id/credits", { _, context, admin in try AdminJSON.response(try await admin.credits(accountID: id(context))) }),
        (.post, "/admin/v1/accounts/:id/credits", { request, context, admin in
            try AdminJSON.response(try await admin.addCredit(accountID: id(context), AdminJSON.decode(CreditInput.self, from: request)), status: .created)
        }),

        (.post, "/admin/v1/plans", { request, _, admin in try AdminJSON.response(try await admin.createPlan(AdminJSON.decode(PlanInput.self, from: request)), status: .created) }),
        (.get, "/admin/v1/plans", { _, _, admin in try AdminJSON.response(AdminJSON.List(data: admin.directory.snapshot.plans)) }),
        (.get, "/admin/v1/plans/:id", { _, context, admin in try AdminJSON.response(try found(admin.directory.plan(id(context)), "plan", context)) }),
        (.patch, "/admin/v1/plans/:id", { request, context, admin in try AdminJSON.response(try await admin.updatePlan(id(context), AdminJSON.decode(PlanInput.self, from: request))) }),
        (.delete, "/admin/v1/plans/:id", { _, context, admin in try await admin.deletePlan(id(context)); return try AdminJSON.response(AdminJSON.Deleted(id: id(context), object: "plan")) }),

        (.post, "/admin/v1/keys", { request, _, admin in try AdminJSON.response(try await admin.createKey(AdminJSON.decode(KeyInput.self, from: request)), status: .created) }),
        (.get, "/admin/v1/keys", { request, _, admin in
            try AdminJSON.response(AdminJSON.List(data: await admin.keys(accountID: request.uri.queryParameters["account_id"].map(String.init))))
        }),
        (.get, "/admin/v1/keys/:id", { _, context, admin in try AdminJSON.response(try await admin.key(id(context))) }),
        (.patch, "/admin/v1/keys/:id", { request, context, admin in try AdminJSON.response(try await admin.updateKey(id(context), AdminJSON.decode(KeyInput.self, from: request))) }),
        (.delete, "/admin/v1/keys/:id", { _, context, admin in try AdminJSON.response(try await admin.revokeKey(id(context))) }),
        (.post, "/admin/v1/keys/:id/revoke", { _, context, admin in try AdminJSON.response(try await admin.revokeKey(id(context))) }),

        (.get, "/admin/v1/usage", { request, _, admin in try AdminJSON.response(UsageReport(try await admin.usage(UsageParameters.query(request.uri.queryParameters)))) }),
    ]

    /// Adds every route, each behind the master-key check.
    static func register(on router: Router<GatewayRequestContext>, admin: AccessAdmin, authenticate: @escaping @Sendable (String?) throws -> Principal) {
        for route in table {
            let handler = route.handler
            router.on(RouterPath(route.path), method: route.method) { request, context in
                let principal = try authenticate(request.headers.bearerToken)
                guard principal.keyID == "master" else {
                    throw GatewayError(.adminKeyRequired, "The management API requires the master key.")
                }
                return try await handler(request, context, admin)
            }
        }
    }

    static func id(_ context: GatewayRequestContext) -> String {
        context.parameters.get("id") ?? ""
    }

    static func found<T>(_ value: T?, _ kind: String, _ context: GatewayRequestContext) throws -> T {
        guard let value else { throw GatewayError(.notFound, "No \(kind) with id '\(id(context))'.") }
        return value
    }
}
