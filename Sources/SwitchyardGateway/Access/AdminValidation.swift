import SwitchyardAdmission
import SwitchyardModel
import SwitchyardStorage

/// Checks of management input, each failing with the field and the fix.
enum AdminValidation {
    static let maximumLifetimeSeconds: Int64 = 100 * 366 * 86400

    /// A client-chosen id (checked and unused) or a fresh `prefix_` id.
    static func newID<T>(_ requested: String?, prefix: String, taken: (String) -> T?) throws(GatewayError) -> String {
        guard let requested else {
            var generator = SystemRandomNumberGenerator()
            while true {
                let random: UInt64 = generator.next()
                let value = String(random & 0xFFFF_FFFF_FFFF, radix: 16)
                let id = "\(prefix)_\(String(repeating: "0", count: 12 - value.count))\(value)"
                if taken(id) == nil { return id }
            }
        }
        let allowed = requested.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D || byte == 0x5F || byte == 0x2E
        }
        guard !requested.isEmpty, requested.utf8.count <= 64, allowed else {
            throw GatewayError(.invalidValue, "'id' must be 1–64 characters of letters, digits, '-', '_' or '.', got '\(requested.prefix(80))'.", param: "id")
        }
        guard taken(requested) == nil else { throw GatewayError(.conflict, "'\(requested)' already exists.", param: "id") }
        return requested
    }

    /// An optional label (a key's name): at most 200 characters.
    static func label(_ name: String?) throws(GatewayError) -> String? {
        guard let name else { return nil }
        return try self.name(name)
    }

    static func name(_ name: String?) throws(GatewayError) -> String {
        guard let name else { throw GatewayError(.missingField, "Missing required field 'name'.", param: "name") }
        guard !name.isEmpty, name.count <= 200 else { throw GatewayError(.invalidValue, "'name' must be 1–200 characters.", param: "name") }
        return name
    }

    static func found<T>(_ value: T?, _ kind: String, _ id: String, param: String? = nil) throws(GatewayError) -> T {
        guard let value else {
            let error = GatewayError(.notFound, "No \(kind) with id '\(id)'.", param: param)
            throw param == nil ? error : GatewayError(.invalidValue, error.message, param: param)
        }
        return value
    }

    static func limits(_ limits: PlanLimits, param: String, modelExists: (String) -> Bool) throws(GatewayError) -> PlanLimits {
        for (field, value) in [("rpm", limits.rpm), ("tpm", limits.tpm), ("max_concurrent", limits.maxConcurrent)] {
            if let value, value < 1 { throw GatewayError(.invalidValue, "'\(field)' must be at least 1 (omit it for no limit).", param: "\(param).\(field)") }
        }
        if let budget = limits.budgetMicrodollars, budget < 0 {
            throw GatewayError(.invalidValue, "'budget_microdollars' must not be negative.", param: "\(param).budget_microdollars")
        }
        if let window = limits.budgetWindow, BudgetWindow(parsing: window) == nil {
            throw GatewayError(.invalidValue, "'budget_window' must be like '30m', '5h', '1d', '7d' or 'month', got '\(window.prefix(40))'.", param: "\(param).budget_window")
        }
        if let unknown = limits.allowedModels?.first(where: { !modelExists($0) }) {
            throw GatewayError(.invalidValue, "'allowed_models' names '\(unknown.prefix(100))', which this gateway does not serve (see GET /v1/models).", param: "\(param).allowed_models")
        }
        return limits
    }

    static func expiry(_ input: KeyInput, now: Int64) throws(GatewayError) -> Int64? {
        if let seconds = input.expiresInSeconds {
            guard seconds > 0, seconds <= maximumLifetimeSeconds else {
                throw GatewayError(.invalidValue, "'expires_in_seconds' must be between 1 and \(maximumLifetimeSeconds) (100 years).", param: "expires_in_seconds")
            }
            return now + seconds * 1000
        }
        if let millis = input.expiresAtMillis, millis < 0 || millis > now + maximumLifetimeSeconds * 1000 {
            throw GatewayError(.invalidValue, "'expires_at_ms' must be milliseconds since 1970 within the next 100 years.", param: "expires_at_ms")
        }
        return input.expiresAtMillis
    }
}
