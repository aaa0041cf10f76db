import HTTPTypes

extension HTTPField.Name {
    static let requestID = Self("x-request-id")!
    static let switchyardModel = Self("x-switchyard-model")!
    static let switchyardProvider = Self("x-switchyard-provider")!
    static let switchyardOverhead = Self("x-switchyard-overhead-us")!
    static let switchyardDeprecated = Self("x-switchyard-deprecated")!
    static let traceparent = Self("traceparent")!
}
