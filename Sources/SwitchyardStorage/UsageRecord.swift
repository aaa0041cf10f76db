import SwitchyardCatalog
import SwitchyardModel

/// What one upstream attempt used and cost: one ledger row. Never holds prompt or completion text.
public struct UsageRecord: Sendable, Equatable {
    /// The request's W3C trace id, for log lines; never stored in the ledger.
    public var traceID: String?
    public var requestID: String
    /// When the attempt settled, in milliseconds since 1970.
    public var settledAtMillis: Int64
    public var keyPrefix: String
    /// The key's id (`master` for the master key).
    public var keyID: String
    public var accountID: String?
    public var teamID: String?
    /// The prepaid account whose credit balance pays for the attempt; a deduction entry is written with the row.
    public var creditAccountID: String?
    /// 0 for a request's first attempt; retries and fallbacks count up.
    public var attempt: Int
    /// The classifier that chose the route, when a virtual model was asked for.
    public var classifier: String?
    /// How long routing took (on the first attempt's row).
    public var decisionTime: Duration?
    /// What the route's baseline model would have charged for the same tokens (the cost itself when there is no baseline).
    public var baselineCost: Cost
    public var requestedModel: String
    public var servedModel: String
    public var provider: String
    /// How the model was chosen (`explicit` until routing exists).
    public var route: String
    public var stream: Bool
    public var usage: Usage
    /// The exact cost; `cost.microDollars` is the amount billed for the attempt.
    public var cost: Cost
    /// The HTTP status the client saw (or would have seen), 499 for a client that left.
    public var status: Int
    /// The error code when the attempt failed.
    public var errorCode: String?
    public var latency: Duration
    public var timeToFirstToken: Duration?

    public init(
        requestID: String, settledAtMillis: Int64, keyPrefix: String, requestedModel: String, servedModel: String,
        provider: String, route: String, stream: Bool, usage: Usage, cost: Cost, status: Int, errorCode: String?,
        latency: Duration, timeToFirstToken: Duration?, keyID: String = "master", accountID: String? = nil, teamID: String? = nil,
        creditAccountID: String? = nil, attempt: Int = 0, classifier: String? = nil, decisionTime: Duration? = nil, baselineCost: Cost? = nil
    ) {
        self.attempt = attempt
        self.classifier = classifier
        self.decisionTime = decisionTime
        self.baselineCost = baselineCost ?? cost
        self.keyID = keyID
        self.accountID = accountID
        self.teamID = teamID
        self.creditAccountID = creditAccountID
        self.requestID = requestID
        self.settledAtMillis = settledAtMillis
        self.keyPrefix = keyPrefix
        self.requestedModel = requestedModel
        self.servedModel = servedModel
        self.provider = provider
        self.route = route
        self.stream = stream
        self.usage = usage
        self.cost = cost
        self.status = status
        self.errorCode = errorCode
        self.latency = latency
        self.timeToFirstToken = timeToFirstToken
    }
}

/// Where settled attempts go: the ledger writer, the log line. Must not block the request path.
public protocol UsageRecorder: Sendable {
    func record(_ record: UsageRecord)
}

extension Duration {
    /// Whole milliseconds.
    public var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
    /// Whole microseconds.
    public var microseconds: Int64 { components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000 }
}
