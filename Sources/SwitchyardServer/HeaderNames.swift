import HTTPTypes

extension HTTPField.Name {
    static let requestID = Self("x-request-id")!
    static let switchyardModel = Self("x-switchyard-model")!
    static let switchyardProvider = Self("x-switchyard-provider")!
    static let switchyardOverhead = Self("x-switchyard-overhead-us")!
    static let switchyardDeprecated = Self("x-switchyard-deprecated")!
    static let traceparent = Self("traceparent")!
    static let switchyardRoute = Self("x-switchyard-route")!
    static let switchyardFallbacks = Self("x-switchyard-fallbacks")!
    static let switchyardForceModel = Self("x-switchyard-force-model")!
    static let switchyardMaxCost = Self("x-switchyard-max-cost")!
    static let switchyardCascade = Self("x-switchyard-cascade")!
    static let switchyardConfidence = Self("x-switchyard-confidence")!
}

extension HTTPFields {
    /// Sets each named value whose name is a valid field name.
    mutating func set(_ pairs: [(String, String)]) {
        for (name, value) in pairs {
            if let field = HTTPField.Name(name) { self[field] = value }
        }
    }
}
