/// Money spent and reserved against a limit: a window budget or a credit balance.
///
/// Reservations hold the worst case of requests in flight; settling replaces a reservation
/// with the actual amount. `available` never counts money another request has reserved, so
/// concurrent requests cannot together overshoot.
public struct SpendMeter: Sendable, Hashable {
    /// What may be spent in total (the window budget, or the credit balance before `spent`).
    /// Admission checks `available` and adds to `reserved` under its lock.
    public var limit: Int64
    /// Settled spend.
    public var spent: Int64
    /// Held by requests in flight.
    public var reserved: Int64

    public init(limit: Int64, spent: Int64 = 0, reserved: Int64 = 0) {
        self.limit = limit
        self.spent = spent
        self.reserved = reserved
    }

    /// What a new request may still reserve.
    public var available: Int64 { max(0, limit - spent - reserved) }

    /// Releases `reservation` and records `actual` as spent.
    public mutating func settle(reservation: Int64, actual: Int64) {
        reserved = max(0, reserved - reservation)
        spent += actual
    }
}
